import type {
  Category,
  Gender,
  Listing,
  Money,
  ProductAnalysis,
  Rating,
  Review,
  StaticProduct,
  VendorProductRecord,
} from '../domain/product.js';
import { nameKey } from './brands.js';
import { displayCase, normalizeTitle, slugify } from './normalize.js';
import { buildProductSpecs, specLabelKey } from './specs.js';
import { parseGender } from '../domain/titles.js';

/**
 * Cross-retailer product matching: the listings of one product at several retailers
 * become ONE StaticProduct. Two records match when they share a GTIN, or when their
 * normalized category + brand + model agree and their year and gender do not conflict.
 * A record that leaves year or gender unsaid joins the one product it is compatible with;
 * when several fit (a 2025 and a 2026 edition) it stays apart rather than guess.
 * Differing GTINs never keep records apart: retailers publish one GTIN per size variant.
 */

export interface SkippedRecord {
  vendor: string;
  vendorProductId: string;
  reason: 'NO_BRAND' | 'NO_CATEGORY' | 'NO_MODEL';
}

export interface MergeResult {
  products: StaticProduct[];
  /** Records that cannot become a product (nothing is guessed for a missing brand or category). */
  skipped: SkippedRecord[];
}

interface Identified {
  record: VendorProductRecord;
  brand: string;
  model: string;
  modelKey: string;
  category: Category;
  year: number | null;
  gender: Gender | null;
}

/** Merge crawled records into static products (see `mergeVendorRecordsDetailed`). */
export function mergeVendorRecords(records: readonly VendorProductRecord[], now: Date = new Date()): StaticProduct[] {
  return mergeVendorRecordsDetailed(records, now).products;
}

/** Merge crawled records into static products, and say which records could not be used. Sorted by id. */
export function mergeVendorRecordsDetailed(records: readonly VendorProductRecord[], now: Date = new Date()): MergeResult {
  const skipped: SkippedRecord[] = [];
  const items: Identified[] = [];
  for (const record of latestPerListing(records)) {
    const result = identify(record);
    if ('reason' in result) skipped.push({ vendor: record.vendor, vendorProductId: record.vendorProductId, reason: result.reason });
    else items.push(result);
  }
  const groups = groupMatching(items);
  const byId = new Map<string, Identified[]>();
  for (const group of groups) {
    const id = productId(group);
    byId.set(id, [...(byId.get(id) ?? []), ...group]);
  }
  const products = [...byId.entries()].map(([id, group]) => buildProduct(id, group, now));
  products.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { products, skipped };
}

/** One record per retailer listing: a listing crawled twice keeps its newest read. */
function latestPerListing(records: readonly VendorProductRecord[]): VendorProductRecord[] {
  const latest = new Map<string, VendorProductRecord>();
  for (const record of records) {
    const key = `${record.vendor}\u0000${record.vendorProductId}`;
    const seen = latest.get(key);
    if (!seen || record.fetchedAt >= seen.fetchedAt) latest.set(key, record);
  }
  return [...latest.values()].sort((a, b) => compare(`${a.vendor}\u0000${a.vendorProductId}`, `${b.vendor}\u0000${b.vendorProductId}`));
}

function identify(record: VendorProductRecord): Identified | { reason: SkippedRecord['reason'] } {
  const title = normalizeTitle(record.title, record.brand);
  const category = record.category ?? title.category;
  if (!title.brand) return { reason: 'NO_BRAND' };
  if (!category) return { reason: 'NO_CATEGORY' };
  const modelKey = slugify(title.model);
  if (modelKey === '') return { reason: 'NO_MODEL' };
  return {
    record,
    brand: title.brand,
    model: title.model,
    modelKey,
    category,
    year: record.year ?? title.year,
    gender: record.gender ?? genderSpec(record) ?? title.gender,
  };
}

/** The gender a spec table states ("Gender: Women's"), when the record has none. */
function genderSpec(record: VendorProductRecord): Gender | null {
  const entry = record.specs.find((s) => specLabelKey(s.name) === 'gender');
  return entry ? parseGender(entry.value) : null;
}

function groupMatching(items: readonly Identified[]): Identified[][] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };

  const byGtin = new Map<string, number>();
  items.forEach((item, i) => {
    const gtin = normalizeGtin(item.record.gtin);
    if (!gtin) return;
    const first = byGtin.get(gtin);
    if (first === undefined) byGtin.set(gtin, i);
    else union(i, first);
  });

  const byName = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = `${item.category}|${nameKey(item.brand)}|${item.modelKey}`;
    byName.set(key, [...(byName.get(key) ?? []), i]);
  });
  for (const members of byName.values()) unionCompatible(items, members, union);

  const groups = new Map<number, Identified[]>();
  items.forEach((item, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), item]));
  return [...groups.values()];
}

/** Within one brand+model: same year and gender join; a record missing either joins the single edition it fits. */
function unionCompatible(items: readonly Identified[], members: number[], union: (a: number, b: number) => void): void {
  const editions = new Map<string, { year: number | null; gender: Gender | null; first: number }>();
  for (const i of members) {
    const { year, gender } = items[i]!;
    const key = `${year ?? ''}|${gender ?? ''}`;
    const edition = editions.get(key);
    if (edition) union(i, edition.first);
    else editions.set(key, { year, gender, first: i });
  }
  type Edition = { year: number | null; gender: Gender | null; first: number };
  const all = [...editions.values()];
  const known = (e: Edition) => (e.year === null ? 0 : 1) + (e.gender === null ? 0 : 1);
  // b refines a: it says everything a says, and more.
  const refines = (b: Edition, a: Edition) =>
    known(b) > known(a) && (a.year === null || a.year === b.year) && (a.gender === null || a.gender === b.gender);
  for (const partial of all.filter((e) => known(e) < 2)) {
    const refining = all.filter((e) => refines(e, partial));
    const maximal = refining.filter((e) => !refining.some((f) => refines(f, e)));
    if (maximal.length === 1) union(partial.first, maximal[0]!.first);
  }
}

/** GTIN digits without leading zeros, so a UPC-12 and its EAN-13 form compare equal. */
function normalizeGtin(gtin: string | null): string | null {
  const digits = gtin?.replace(/\D/g, '').replace(/^0+/, '') ?? '';
  return digits.length >= 7 ? digits : null;
}

function mostCommon<T>(values: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = 0;
  for (const [v, n] of counts) if (n > bestCount) [best, bestCount] = [v, n];
  return best;
}

function editionOf(group: readonly Identified[]) {
  const first = group[0]!;
  return {
    category: mostCommon(group.map((g) => g.category)) ?? first.category,
    brand: mostCommon(group.map((g) => g.brand)) ?? first.brand,
    // Prefer a spelling a retailer wrote over an alias the rules lower-cased.
    model: displayCase(mostCommon(group.map((g) => g.model).filter((m) => m !== m.toLowerCase())) ?? first.model),
    year: mostCommon(group.map((g) => g.year).filter((y): y is number => y !== null)) ?? null,
    gender: mostCommon(group.map((g) => g.gender).filter((g): g is Gender => g !== null)) ?? null,
  };
}

/** Stable id: slug of category, brand, model, year and gender ("snowboard-burton-custom-camber-2026-mens"). */
function productId(group: readonly Identified[]): string {
  const e = editionOf(group);
  return slugify(e.category, e.brand, e.model, e.year, e.gender);
}

function buildProduct(id: string, group: readonly Identified[], now: Date): StaticProduct {
  const e = editionOf(group);
  const records = group.map((g) => g.record);
  const reviews = unionReviews(records.flatMap((r) => r.reviews));
  return {
    id,
    name: `${e.brand} ${e.model}`,
    brand: e.brand,
    model: e.model,
    year: e.year,
    category: e.category,
    gender: e.gender,
    description: longest(records.map((r) => r.description)),
    images: [...new Set(records.flatMap((r) => r.images).filter((u) => u.trim() !== ''))],
    specs: buildProductSpecs(records, e.category),
    rating: weightedRating(records.map((r) => r.rating)),
    reviews,
    listings: records.map((r): Listing => ({ vendor: r.vendor, vendorProductId: r.vendorProductId, url: r.url, title: r.title })),
    lastKnownPrice: lowestPrice(records.map((r) => r.price)),
    // Pros and cons come from review analysis later; none are invented here.
    analysis: { ...analysisStatus(records, reviews), pros: [], cons: [] },
    updatedAt: now.toISOString(),
  };
}

/**
 * Where the analysis stands before it runs. Reviews read: PENDING. None read although a retailer's
 * rating counts reviews: FAILED, saying so (the texts exist but could not be read, so "no reviews"
 * would be untrue and the analysis must not run on nothing). No review counted anywhere: NO_REVIEWS.
 */
function analysisStatus(
  records: readonly Pick<VendorProductRecord, 'vendor' | 'rating'>[],
  reviews: readonly Review[],
): Pick<ProductAnalysis, 'status' | 'message'> {
  if (reviews.length > 0) return { status: 'PENDING', message: null };
  const counted = new Map<string, number>();
  for (const r of records) if (r.rating && r.rating.count > 0) counted.set(r.vendor, (counted.get(r.vendor) ?? 0) + r.rating.count);
  if (counted.size === 0) return { status: 'NO_REVIEWS', message: null };
  const phrases = [...counted].map(([vendor, n], i) => `${n}${i === 0 ? ` review${n === 1 ? '' : 's'}` : ''} counted by ${vendor}`);
  const list = phrases.length === 1 ? phrases[0] : `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}`;
  const total = [...counted.values()].reduce((sum, n) => sum + n, 0);
  return { status: 'FAILED', message: `${list}, but ${total === 1 ? 'its text could not' : 'none of their texts could'} be read` };
}

function longest(texts: readonly (string | null)[]): string | null {
  let best: string | null = null;
  for (const t of texts) if (t && t.trim() !== '' && (best === null || t.trim().length > best.length)) best = t.trim();
  return best;
}

/** Average of the retailers' averages weighted by their review counts; null when no retailer has a counted rating. */
export function weightedRating(ratings: readonly (Rating | null)[]): Rating | null {
  let sum = 0;
  let count = 0;
  for (const r of ratings) {
    if (!r || !(r.count > 0) || !Number.isFinite(r.average)) continue;
    sum += r.average * r.count;
    count += r.count;
  }
  return count === 0 ? null : { average: Math.round((sum / count) * 100) / 100, count };
}

function unionReviews(reviews: readonly Review[]): Review[] {
  const seen = new Set<string>();
  return reviews.filter((r) => {
    const key = [r.author, r.title, r.body].map((s) => (s ?? '').trim().toLowerCase()).join('\u0000');
    const empty = r.body.trim() === '' && !r.title?.trim() && r.rating === null;
    if (empty || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Lowest crawled price; a zero price is a listing glitch (seen in real retailer data), not a price. */
function lowestPrice(prices: readonly (Money | null)[]): Money | null {
  let best: Money | null = null;
  for (const p of prices) if (p && p.amount > 0 && (best === null || p.amount < best.amount)) best = p;
  return best ? { ...best } : null;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
