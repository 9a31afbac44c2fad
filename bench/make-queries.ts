/**
 * Writes bench/queries.json: the bench's shopper queries. Hand-written natural ones (what
 * people type) and ones composed from the sandbox catalog's own words (its brands, models,
 * categories, skill levels, terrain, price points), so every query could match something a
 * retailer sells. The workload (ranked for the Zipf draw, most popular first) and a held-out
 * set never sent during the load runs ("a warm search not seen before") are disjoint.
 * Usage: tsx bench/make-queries.ts   (deterministic: the same file every run)
 */
import { writeFileSync } from 'node:fs';
import { sandboxCatalog } from '../src/sandbox/index.js';
import { rngFor } from '../src/sandbox/catalog/prng.js';

const NATURAL = [
  'beginner snowboard under $400', 'snowboard', 'skis', 'powder skis', 'all mountain snowboard', 'park snowboard',
  'womens snowboard', 'kids snowboard', 'snowboard boots', 'snowboard bindings', 'ski boots', 'helmet', 'goggles',
  'ski jacket', 'snowboard jacket', 'mens all mountain skis', 'womens skis', 'beginner skis', 'freeride snowboard',
  'cheap snowboard', 'best snowboard for beginners', 'intermediate all mountain snowboard', 'stiff freeride board',
  'soft park board', 'powder board', 'twin tip skis', 'directional snowboard', 'burton snowboard', 'capita snowboard',
  'lib tech snowboard', 'jones snowboard', 'k2 skis', 'salomon skis', 'rossignol skis', 'atomic skis',
  'snowboard under $300', 'skis under $500', 'powder skis between $500 and $800', 'boots under $250',
  'bindings under $200', 'expert skis', 'advanced snowboard', 'womens snowboard boots', 'kids skis', 'kids helmet',
  'mens snowboard jacket', 'womens ski jacket', 'camber snowboard', 'rocker skis', 'wide powder skis',
  'all mountain skis 180cm', 'snowboard 158', 'snowboard 157W', 'boots size 10.5', 'splitboard', 'park skis',
  'freestyle snowboard for kids', 'intermediate womens skis', 'beginner snowboard boots', 'cheap goggles',
  'helmet under $150', 'freestyle bindings', 'stiff bindings', 'soft boots', 'all mountain board for intermediate riders',
  'backcountry skis', 'touring skis', 'carving skis', 'groomer skis', 'big mountain skis', 'jib board',
  'snowboard for powder days', 'a board that can do everything', 'first snowboard', 'gift for a kid who snowboards',
  'lightweight skis', 'burton custom', 'capita doa', 'jones mountain twin', 'burton step on bindings',
];

const products = sandboxCatalog();
// The words shoppers use for each category (plural where they say it so).
const WORD: Record<string, string> = { SNOWBOARD: 'snowboard', SKI: 'skis', BINDING: 'bindings', BOOT: 'boots', GOGGLE: 'goggles', HELMET: 'helmet', JACKET: 'jacket' };
const word = (category: string) => WORD[category] ?? category.toLowerCase();
const categories = [...new Set(products.map((p) => word(p.category)))];
const brands = [...new Set(products.map((p) => p.brand))];
const terrains = [...new Set(products.flatMap((p) => p.specs.terrain.map((t) => t.toLowerCase())))];
const skills = ['beginner', 'intermediate', 'advanced', 'expert'];
const genders = ['mens', 'womens', 'kids'];
const prices = [200, 300, 400, 500, 600, 800];

const generated: string[] = [];
for (const p of products) generated.push(`${p.brand} ${p.model}`.toLowerCase());
for (const b of brands) for (const c of categories) if (products.some((p) => p.brand === b && word(p.category) === c)) generated.push(`${b.toLowerCase()} ${c}`);
for (const s of skills) for (const c of categories) generated.push(`${s} ${c}`);
for (const t of terrains) for (const c of ['snowboard', 'ski']) generated.push(`${t} ${c}`);
for (const g of genders) for (const c of categories) generated.push(`${g} ${c}`);
for (const c of categories) for (const price of prices) generated.push(`${c} under $${price}`);
for (const s of skills) for (const t of terrains) generated.push(`${s} ${t} snowboard`);
for (const g of genders) for (const s of skills) generated.push(`${g} ${s} skis`);
for (const p of products) if (p.year) generated.push(`${p.brand} ${p.model} ${p.year}`.toLowerCase());
for (const t of terrains) for (const price of prices) generated.push(`${t} snowboard under $${price}`);
for (const b of brands) for (const price of [300, 500]) generated.push(`${b.toLowerCase()} under $${price}`);

const rng = rngFor('bench-queries');
const seen = new Set<string>();
const unique = (qs: string[]) => qs.map((q) => q.replace(/\s+/g, ' ').trim()).filter((q) => q && !seen.has(q) && seen.add(q));
const natural = unique(NATURAL);
const composed = rng.sample(unique(generated), Number.MAX_SAFE_INTEGER);
// Held out: a tenth of the composed queries, never sent in the load runs.
const heldOutCount = Math.max(60, Math.floor(composed.length / 10));
const heldOut = composed.slice(0, heldOutCount);
const rest = composed.slice(heldOutCount);
// Rank: the natural queries are the head of the curve (what most shoppers type), interleaved
// with composed ones so the head is not all one kind; the tail is the composed remainder.
const workload: string[] = [];
for (let i = 0; i < natural.length; i++) workload.push(natural[i]!, rest[i]!);
workload.push(...rest.slice(natural.length));

writeFileSync(
  new URL('./queries.json', import.meta.url),
  `${JSON.stringify({ generatedBy: 'tsx bench/make-queries.ts', workload: workload.filter(Boolean), heldOut }, null, 1)}\n`,
);
console.log(`bench/queries.json: ${workload.length} workload queries, ${heldOut.length} held out`);
