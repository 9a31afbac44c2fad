import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchKeyOf } from '../../src/catalog/product-search.js';
import type { Gender, SkillLevel, StaticProduct } from '../../src/domain/product.js';
import type { SearchIntent } from '../../src/domain/search.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Shopper queries → what was understood and what the answer holds, on the catalog one crawl of
 * the sandbox storefronts fills. Each row's `fits` restates the structured part independently of
 * the index (from the static records), so `total` must equal the number of catalog products that
 * fit it: words nothing matches never make an answer empty, nor smaller.
 */

let app: TestApp;
let all: StaticProduct[];
beforeAll(async () => {
  app = await startTestApp();
  all = (await app.services.staticProducts.getProducts(app.services.catalog.index.ids())).filter((p): p is StaticProduct => p !== null);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

type Fits = (p: StaticProduct) => boolean;
const price = (p: StaticProduct) => p.lastKnownPrice?.amount ?? null;
const priced = (min: number | null, max: number | null): Fits => (p) => {
  const amount = price(p);
  return amount !== null && (min === null || amount >= min) && (max === null || amount <= max);
};
const cat = (c: StaticProduct['category']): Fits => (p) => p.category === c;
const skill = (s: SkillLevel): Fits => (p) => p.specs.skillLevels.includes(s);
const terrain = (...ts: string[]): Fits => (p) => p.specs.terrain.some((t) => ts.includes(t));
const gender = (g: Gender): Fits => (p) => p.gender === g || ((g === 'MENS' || g === 'WOMENS') && p.gender === 'UNISEX');
const brand = (b: string): Fits => (p) => p.brand === b;
const length = (cm: number): Fits => (p) => p.specs.lengthsCm.some((l) => Math.abs(l - cm) <= 3) || p.specs.sizes.includes(String(cm));
const size = (s: string): Fits => (p) => p.specs.sizes.some((x) => x.replace(/^US\s*/i, '').replace(/\.0$/, '') === s);
const and = (...fs: Fits[]): Fits => (p) => fs.every((f) => f(p));

type Order = 'price-asc' | 'rating';
interface Row {
  query: string;
  intent: Partial<SearchIntent>;
  fits: Fits;
  rankingWords?: string[];
  order?: Order;
  /** The first product: its name matches. */
  first?: RegExp;
}

const rows: Row[] = [
  // Prices in many forms.
  { query: 'snowboard under $400', intent: { category: 'SNOWBOARD', maxPrice: 400 }, fits: and(cat('SNOWBOARD'), priced(null, 400)) },
  { query: '<400 skis', intent: { category: 'SKI', maxPrice: 400 }, fits: and(cat('SKI'), priced(null, 400)) },
  { query: '$300-500 bindings', intent: { category: 'BINDING', minPrice: 300, maxPrice: 500 }, fits: and(cat('BINDING'), priced(300, 500)) },
  { query: 'between 300 and 500 dollars', intent: { category: null, minPrice: 300, maxPrice: 500 }, fits: priced(300, 500) },
  { query: 'snowboards under 500 dollars', intent: { category: 'SNOWBOARD', maxPrice: 500 }, fits: and(cat('SNOWBOARD'), priced(null, 500)) },
  { query: 'helmet 150 or less', intent: { category: 'HELMET', maxPrice: 150 }, fits: and(cat('HELMET'), priced(null, 150)) },
  { query: 'skis over $700', intent: { category: 'SKI', minPrice: 700 }, fits: and(cat('SKI'), priced(700, null)) },
  { query: 'jacket around $300', intent: { category: 'JACKET', minPrice: 255, maxPrice: 345 }, fits: and(cat('JACKET'), priced(255, 345)) },
  { query: 'goggles under 1k', intent: { category: 'GOGGLE', maxPrice: 1000 }, fits: and(cat('GOGGLE'), priced(null, 1000)) },
  { query: 'cheap helmet', intent: { category: 'HELMET', sort: 'TOTAL_PRICE_ASC' }, fits: cat('HELMET'), order: 'price-asc' },
  { query: 'budget snowboard', intent: { category: 'SNOWBOARD', sort: 'TOTAL_PRICE_ASC' }, fits: cat('SNOWBOARD'), order: 'price-asc' },
  { query: 'affordable skis', intent: { category: 'SKI', sort: 'TOTAL_PRICE_ASC' }, fits: cat('SKI'), order: 'price-asc' },
  { query: 'cheapest bindings', intent: { category: 'BINDING', sort: 'TOTAL_PRICE_ASC' }, fits: cat('BINDING'), order: 'price-asc' },
  // Skill levels.
  { query: 'beginner snowboard', intent: { category: 'SNOWBOARD', skillLevel: 'BEGINNER' }, fits: and(cat('SNOWBOARD'), skill('BEGINNER')) },
  { query: 'intermediate skis', intent: { category: 'SKI', skillLevel: 'INTERMEDIATE' }, fits: and(cat('SKI'), skill('INTERMEDIATE')) },
  { query: 'advanced bindings', intent: { category: 'BINDING', skillLevel: 'ADVANCED' }, fits: and(cat('BINDING'), skill('ADVANCED')) },
  { query: 'powder board for expert', intent: { category: 'SNOWBOARD', skillLevel: 'EXPERT', terrain: 'powder' }, fits: and(cat('SNOWBOARD'), skill('EXPERT'), terrain('powder')) },
  { query: 'pro snowboard', intent: { category: 'SNOWBOARD', skillLevel: 'EXPERT' }, fits: and(cat('SNOWBOARD'), skill('EXPERT')) },
  { query: 'newbie snowboards', intent: { category: 'SNOWBOARD', skillLevel: 'BEGINNER' }, fits: and(cat('SNOWBOARD'), skill('BEGINNER')) },
  // Categories, plurals and synonyms.
  { query: 'board', intent: { category: 'SNOWBOARD' }, fits: cat('SNOWBOARD') },
  { query: 'boards', intent: { category: 'SNOWBOARD' }, fits: cat('SNOWBOARD') },
  { query: 'splitboard', intent: { category: 'SNOWBOARD', text: 'splitboard' }, fits: cat('SNOWBOARD'), rankingWords: ['splitboard'], first: /split/i },
  { query: 'twin tip skis', intent: { category: 'SKI', text: 'twin tip' }, fits: cat('SKI'), rankingWords: ['twin', 'tip'] },
  { query: 'twin tips', intent: { category: 'SKI' }, fits: cat('SKI'), rankingWords: ['twin', 'tips'] },
  { query: 'ski boots', intent: { category: 'BOOT' }, fits: cat('BOOT') },
  { query: 'goggles', intent: { category: 'GOGGLE' }, fits: cat('GOGGLE') },
  { query: 'helmets', intent: { category: 'HELMET' }, fits: cat('HELMET') },
  { query: 'shell', intent: { category: 'JACKET' }, fits: cat('JACKET') },
  // Brands.
  { query: 'Burton Custom', intent: { brand: 'Burton', text: 'custom' }, fits: brand('Burton'), rankingWords: ['custom'], first: /custom/i },
  { query: 'lib tech snowboards', intent: { brand: 'Lib Tech', category: 'SNOWBOARD' }, fits: and(brand('Lib Tech'), cat('SNOWBOARD')) },
  { query: 'capita', intent: { brand: 'CAPiTA' }, fits: brand('CAPiTA') },
  { query: 'Rossignol skis', intent: { brand: 'Rossignol', category: 'SKI' }, fits: and(brand('Rossignol'), cat('SKI')) },
  { query: 'Giro helmet', intent: { brand: 'Giro', category: 'HELMET' }, fits: and(brand('Giro'), cat('HELMET')) },
  // Sizes.
  { query: 'snowboard 156', intent: { category: 'SNOWBOARD', size: '156' }, fits: and(cat('SNOWBOARD'), length(156)) },
  { query: '180cm skis', intent: { category: 'SKI', size: '180cm' }, fits: and(cat('SKI'), length(180)) },
  { query: 'size 10 boots', intent: { category: 'BOOT', size: '10' }, fits: and(cat('BOOT'), size('10')) },
  { query: 'burton custom 156', intent: { brand: 'Burton', size: '156', text: 'custom' }, fits: and(brand('Burton'), length(156)), first: /custom/i },
  // Gender.
  { query: "women's snowboard", intent: { category: 'SNOWBOARD', gender: 'WOMENS' }, fits: and(cat('SNOWBOARD'), gender('WOMENS')) },
  { query: 'mens jacket', intent: { category: 'JACKET', gender: 'MENS' }, fits: and(cat('JACKET'), gender('MENS')) },
  { query: 'kids skis', intent: { category: 'SKI', gender: 'KIDS' }, fits: and(cat('SKI'), gender('KIDS')) },
  // Sort words.
  { query: 'best rated bindings', intent: { category: 'BINDING', sort: 'RATING' }, fits: cat('BINDING'), order: 'rating' },
  { query: 'top rated helmets', intent: { category: 'HELMET', sort: 'RATING' }, fits: cat('HELMET'), order: 'rating' },
  { query: 'highest rated skis', intent: { category: 'SKI', sort: 'RATING' }, fits: cat('SKI'), order: 'rating' },
  { query: 'best snowboard', intent: { category: 'SNOWBOARD', sort: 'RATING' }, fits: cat('SNOWBOARD'), order: 'rating' },
  { query: 'goggles on sale', intent: { category: 'GOGGLE', sort: 'DISCOUNT' }, fits: cat('GOGGLE') },
  { query: 'jacket deal', intent: { category: 'JACKET', sort: 'DISCOUNT' }, fits: cat('JACKET') },
  // Words nothing matches: they rank, never filter.
  { query: 'beginner snowboard 7', intent: { category: 'SNOWBOARD', skillLevel: 'BEGINNER', text: '7' }, fits: and(cat('SNOWBOARD'), skill('BEGINNER')), rankingWords: ['7'] },
  { query: 'something for icy groomers', intent: { terrain: 'groomers', text: 'icy' }, fits: terrain('groomers', 'all-mountain'), rankingWords: ['icy'] },
  { query: 'gnarly shred stick board', intent: { category: 'SNOWBOARD' }, fits: cat('SNOWBOARD'), rankingWords: ['gnarly', 'shred', 'stick'] },
  { query: 'snowboard for my little brother', intent: { category: 'SNOWBOARD' }, fits: cat('SNOWBOARD'), rankingWords: ['little', 'brother'] },
  { query: 'zzzqqq xyzzy', intent: { text: 'zzzqqq xyzzy' }, fits: () => false, rankingWords: [] },
  { query: 'snowboard zzzqqq under $450', intent: { category: 'SNOWBOARD', maxPrice: 450 }, fits: and(cat('SNOWBOARD'), priced(null, 450)), rankingWords: ['zzzqqq'] },
];

function inOrder(products: StaticProduct[], order: Order): boolean {
  for (let i = 1; i < products.length; i++) {
    const [a, b] = [products[i - 1]!, products[i]!];
    if (order === 'price-asc') {
      const [pa, pb] = [price(a) ?? Infinity, price(b) ?? Infinity];
      if (pa > pb) return false;
    } else {
      const key = (p: StaticProduct) => (p.rating && p.rating.count > 0 ? [Math.round(p.rating.average * 100), p.rating.count] : [-1, -1]);
      const [ka, kb] = [key(a), key(b)];
      if (ka[0]! < kb[0]! || (ka[0] === kb[0] && ka[1]! < kb[1]!)) return false;
    }
  }
  return true;
}

describe('relevance: shopper queries → intents and answers (the catalog one crawl of the sandbox fills)', () => {
  it('has at least 40 queries', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  it.each(rows)('$query', async (row) => {
    const result = app.services.catalog.search(row.query);
    expect(result.intent).toMatchObject(row.intent);
    if (row.rankingWords) expect(result.interpretation.rankingWords).toEqual(row.rankingWords);
    const expected = all.filter(row.fits);
    // Every product that fits the structured part is an answer: unmatched words never shrink it.
    expect(result.total).toBe(expected.length);
    if (row.query !== 'zzzqqq xyzzy') expect(result.total).toBeGreaterThan(0);
    const products = (await app.services.staticProducts.getProducts(result.ids)).filter((p): p is StaticProduct => p !== null);
    expect(products.map((p) => p.id).sort()).toEqual(expected.map((p) => p.id).sort());
    expect(products.every(row.fits)).toBe(true);
    expect(result.explanations).toHaveLength(result.ids.length);
    if (row.order) expect(inOrder(products, row.order)).toBe(true);
    if (row.first) expect(products[0]!.name).toMatch(row.first);
  });

  it('"Snowboard under $500" and "snowboards under 500 dollars" are one intent, so one query-tier key and one answer', () => {
    const a = app.services.catalog.search('Snowboard under $500');
    const b = app.services.catalog.search('snowboards under 500 dollars');
    expect(searchKeyOf(a.intent)).toBe(searchKeyOf(b.intent));
    expect(a.ids).toEqual(b.ids);
  });

  it('words that match rank first: "twin tip skis" puts a ski whose text says twin tip on top', () => {
    const result = app.services.catalog.search('twin tip skis');
    expect(result.explanations[0]!.reasons[0]).toBe('matches "twin tip"');
  });
});
