import { createHash } from 'node:crypto';
import type { Gender, StaticProduct, VendorProductRecord } from '../domain/product.js';
import { identifyListing, type ListingIdentity, type ProfileFamily, type SkipReason } from './listing-identity.js';
import { displayCase, slugify } from './normalize.js';
import { buildProduct, type ProductEdition } from './product-merge.js';

export { weightedRating } from './product-merge.js';

/**
 * Cross-retailer product matching: the listings of one product at several retailers become ONE
 * StaticProduct. Records join, in this order of evidence:
 *
 * 1. The same GTIN (UPC-12, EAN-13 and GTIN-14 forms compare equal): a GTIN names one item.
 * 2. The same brand + manufacturer part number (or the style number it starts with), unless their
 *    model years or genders contradict: brands reuse a style number across seasons.
 * 3. The same category + brand + model + bundle, where model year, gender and profile words
 *    (Camber, Flying V, Flat Top…) must agree when both listings state them. A listing that
 *    leaves one unsaid ("Custom Snowboard" beside "Custom Camber Snowboard") joins the one
 *    version it fits, never when several fit; a profile its spec table states must fit too,
 *    and two listings of one retailer never fill in each other's gaps (they are two products).
 *
 * Differing identifiers never keep records apart: a record carries the GTIN and MPN of one size
 * variant (burton.com publishes "W25-1068911100066W", style W25-106891 in size 166W, as the
 * product's mpn), and two retailers may show different sizes first.
 */

export interface SkippedRecord {
  vendor: string;
  vendorProductId: string;
  reason: SkipReason;
}

export interface MergeResult {
  products: StaticProduct[];
  /** Records that cannot become a product (nothing is guessed for a missing brand or category). */
  skipped: SkippedRecord[];
}

/** Merge crawled records into static products (see `mergeVendorRecordsDetailed`). */
export function mergeVendorRecords(records: readonly VendorProductRecord[], now: Date = new Date()): StaticProduct[] {
  return mergeVendorRecordsDetailed(records, now).products;
}

/**
 * Merge crawled records into static products, and say which records could not be used. Sorted by
 * id. The result depends only on the set of records, never on their order, so a product gets the
 * same id whichever retailer was read first.
 */
export function mergeVendorRecordsDetailed(records: readonly VendorProductRecord[], now: Date = new Date(), memo?: MergeMemo): MergeResult {
  const skipped: SkippedRecord[] = [];
  const items: ListingIdentity[] = [];
  const use = memo?.begin(records.length) ?? null;
  // By identity: a remembered identity holds the equal record an earlier merge was given.
  const hashes = new Map<ListingIdentity | { reason: SkipReason }, string>();
  for (const record of latestPerListing(records)) {
    let result: ListingIdentity | { reason: SkipReason };
    if (use) {
      const hash = contentHash(record);
      result = use.identity(hash, () => identifyListing(record));
      hashes.set(result, hash);
    } else result = identifyListing(record);
    if ('reason' in result) skipped.push({ vendor: record.vendor, vendorProductId: record.vendorProductId, reason: result.reason });
    else items.push(result);
  }
  const byId = new Map<string, { edition: ProductEdition; group: ListingIdentity[] }>();
  for (const group of groupMatching(items)) {
    const edition = editionOf(group);
    const seen = byId.get(edition.id);
    if (seen) seen.group.push(...group);
    else byId.set(edition.id, { edition, group });
  }
  const products = [...byId.values()].map(({ edition, group }) => {
    const build = () => buildProduct(edition, group.map((g) => g.record), now);
    if (!use) return build();
    // The group's signature: what buildProduct reads (the edition and its records' content).
    const signature = `${JSON.stringify(edition)}\u0000${group.map((g) => hashes.get(g)!).join(',')}`;
    return use.product(signature, build, now);
  });
  products.sort((a, b) => compare(a.id, b.id));
  return { products, skipped };
}

/** Above this many records a merge keeps no memo: it would hold the whole catalog's products in memory. */
const MEMO_MAX_RECORDS = 20_000;

/**
 * What the last merge worked out, by content: each record's identity (by a hash of the record)
 * and each product (by its edition and its records' hashes). A merge re-reads every retailer's
 * snapshot, so a search miss that adds two products would otherwise match and build the whole
 * catalog again (50-60 ms of one event-loop turn for 411 records in embedded mode). Only what
 * the last merge used is kept. A product is handed out as a copy (its own top level and listings
 * array: the catalog fills in listings, dates and analysis on what it is given), with this
 * merge's `updatedAt`, exactly as buildProduct would make it.
 */
export class MergeMemo {
  private identities = new Map<string, ListingIdentity | { reason: SkipReason }>();
  private products = new Map<string, StaticProduct>();
  /** What the last merge took from the one before it instead of working it out again. */
  reused = { identities: 0, products: 0 };

  /** The lookups for one merge; null (no memo) for a merge of more than MEMO_MAX_RECORDS records. */
  begin(records: number): MergeLookups | null {
    if (records > MEMO_MAX_RECORDS) {
      this.identities = new Map();
      this.products = new Map();
      this.reused = { identities: 0, products: 0 };
      return null;
    }
    const lastIdentities = this.identities;
    const lastProducts = this.products;
    const reused = (this.reused = { identities: 0, products: 0 });
    const identities = (this.identities = new Map());
    const products = (this.products = new Map());
    return {
      // Within one merge every listing, and so every hash and signature, comes once: only the last merge is looked up.
      identity: (hash, identify) => {
        const known = lastIdentities.get(hash);
        if (known) reused.identities++;
        const found = known ?? identify();
        identities.set(hash, found);
        return found;
      },
      product: (signature, build, now) => {
        const known = lastProducts.get(signature);
        if (known) reused.products++;
        const built = known ?? build();
        products.set(signature, built);
        return { ...built, listings: [...built.listings], updatedAt: now.toISOString() };
      },
    };
  }
}

interface MergeLookups {
  identity(hash: string, identify: () => ListingIdentity | { reason: SkipReason }): ListingIdentity | { reason: SkipReason };
  product(signature: string, build: () => StaticProduct, now: Date): StaticProduct;
}

function contentHash(record: VendorProductRecord): string {
  return createHash('sha1').update(JSON.stringify(record)).digest('base64');
}

/** One record per retailer listing: a listing crawled twice keeps its newest read. Sorted, so nothing below depends on input order. */
function latestPerListing(records: readonly VendorProductRecord[]): VendorProductRecord[] {
  const latest = new Map<string, VendorProductRecord>();
  for (const record of records) {
    const key = listingKey(record);
    const seen = latest.get(key);
    if (!seen || record.fetchedAt >= seen.fetchedAt) latest.set(key, record);
  }
  return [...latest.values()].sort((a, b) => compare(listingKey(a), listingKey(b)));
}

function listingKey(record: Pick<VendorProductRecord, 'vendor' | 'vendorProductId'>): string {
  return `${record.vendor}\u0000${record.vendorProductId}`;
}

function groupMatching(items: readonly ListingIdentity[]): ListingIdentity[][] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };
  // A bundle is never the product alone, whatever identifier its page repeats.
  const bundle = (it: ListingIdentity) => it.bundle?.key ?? '';
  for (const members of buckets(items, (it) => (it.gtin ? [`${it.gtin}|${bundle(it)}`] : []))) {
    for (const i of members) union(i, members[0]!);
  }
  for (const members of buckets(items, (it) => it.mpnKeys.map((k) => `${it.brandKey}|${it.category}|${bundle(it)}|${k}`))) {
    unionEditions(items, members, union, { profiles: false });
  }
  for (const members of buckets(items, (it) => [`${it.category}|${it.brandKey}|${it.baseKey}|${bundle(it)}`])) {
    unionEditions(items, members, union, { profiles: true });
  }
  const groups = new Map<number, ListingIdentity[]>();
  items.forEach((item, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), item]));
  return [...groups.values()];
}

/** Indexes of the items sharing each key (an item may have several keys). */
function buckets(items: readonly ListingIdentity[], keys: (item: ListingIdentity) => string[]): number[][] {
  const byKey = new Map<string, number[]>();
  items.forEach((item, i) => {
    for (const key of keys(item)) byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  return [...byKey.values()].filter((members) => members.length > 1);
}

/** Records of one model that state the same year, gender and (where counted) profile words. */
interface Edition {
  year: number | null;
  gender: Gender | null;
  profileKey: string | null;
  profileFamily: ProfileFamily | null;
  /** Profile families the members' spec tables state. */
  specFamilies: Set<ProfileFamily>;
  /** Retailers listing it. */
  vendors: Set<string>;
  first: number;
}

/**
 * Within one model: records of the same edition join. Editions that leave something unsaid (year,
 * gender, profile words) join the editions they are compatible with, only when that is
 * unambiguous on both sides: everything compatible with either of them is compatible with each
 * other. "Flagship" (no year) beside "Flagship 2025" and "Flagship 2026" fits two versions and
 * stays apart; "Custom Camber 2025" (no gender) and "Custom 2025 Men's" (no profile word) fit only
 * each other and join.
 */
function unionEditions(
  items: readonly ListingIdentity[],
  members: readonly number[],
  union: (a: number, b: number) => void,
  { profiles }: { profiles: boolean },
): void {
  const editions = new Map<string, Edition>();
  for (const i of members) {
    const item = items[i]!;
    const profileKey = profiles ? item.profileKey : null;
    const key = `${item.year ?? ''}|${item.gender ?? ''}|${profileKey ?? ''}`;
    let edition = editions.get(key);
    if (edition) union(i, edition.first);
    else {
      const profileFamily = profiles ? item.profileFamily : null;
      edition = { year: item.year, gender: item.gender, profileKey, profileFamily, specFamilies: new Set(), vendors: new Set(), first: i };
      editions.set(key, edition);
    }
    if (item.specFamily) edition.specFamilies.add(item.specFamily);
    edition.vendors.add(item.record.vendor);
  }
  const all = [...editions.values()];
  const compatible = (a: Edition, b: Edition) => consistent(a, b) && !shadowed(a, b, all) && !shadowed(b, a, all);
  const fitting = new Map(all.map((e) => [e, all.filter((f) => f !== e && compatible(e, f))]));
  const unambiguous = (e: Edition) => {
    const around = fitting.get(e)!;
    return around.every((f, i) => around.slice(i + 1).every((g) => compatible(f, g)));
  };
  for (const e of all) {
    if (!unambiguous(e)) continue;
    for (const f of fitting.get(e)!) if (unambiguous(f)) union(e.first, f.first);
  }
}

/**
 * Nothing the two editions state contradicts: year, gender and profile words agree where both
 * state them, and a spec table's profile fits the other's profile words. And no retailer lists
 * both: a retailer lists a product once, so its two listings are two versions, and one never fills
 * in what the other leaves unsaid (the-house lists "Burton Process Snowboard", the camber one,
 * beside "Burton Process Flying V Snowboard").
 */
function consistent(a: Edition, b: Edition): boolean {
  const agree = <T>(x: T | null, y: T | null) => x === null || y === null || x === y;
  const oneRetailerEach = [...a.vendors].every((v) => !b.vendors.has(v));
  return oneRetailerEach && agree(a.year, b.year) && agree(a.gender, b.gender) && agree(a.profileKey, b.profileKey) && specFits(a, b) && specFits(b, a);
}

/**
 * e's own retailer also lists a more complete version of it that fits f: that listing is the one
 * f matches, and e (listed apart from it) is another version. evo's "Custom Snowboard" beside its
 * "Custom Flying V Snowboard" is not backcountry's "Custom Flying V".
 */
function shadowed(e: Edition, f: Edition, all: readonly Edition[]): boolean {
  return all.some((g) => g !== e && [...g.vendors].some((v) => e.vendors.has(v)) && refines(g, e) && consistent(g, f));
}

function known(e: Edition): number {
  return [e.year, e.gender, e.profileKey].filter((v) => v !== null).length;
}

/** b says everything a says, and more. */
function refines(b: Edition, a: Edition): boolean {
  return (
    known(b) > known(a) &&
    (a.year === null || a.year === b.year) &&
    (a.gender === null || a.gender === b.gender) &&
    (a.profileKey === null || a.profileKey === b.profileKey)
  );
}

/** A listing whose title names no profile fits a named version only if its spec table (when it states one) says that version's profile. */
function specFits(unnamed: Edition, named: Edition): boolean {
  if (unnamed.profileKey !== null || named.profileFamily === null) return true;
  return [...unnamed.specFamilies].every((f) => f === named.profileFamily);
}

/**
 * The identity of a group, the same whichever of its records was read first: the model that names
 * the version (its profile words) over one that leaves them out, then the most common, then the
 * longest and first in order (with what a bundle packs: "Kazu Kokubo Pro + Union Atlas Pro");
 * the most common year (the later on a tie) and gender.
 */
function editionOf(group: readonly ListingIdentity[]): ProductEdition {
  const named = group.filter((g) => g.profileKey !== null);
  const models = (named.length > 0 ? named : group).map((g) => g.model);
  // Prefer a spelling a retailer wrote over an alias the rules lower-cased.
  const written = models.filter((m) => m !== m.toLowerCase());
  const board = displayCase(pick(written.length > 0 ? written : models, (a, b) => b.length - a.length || compare(a, b))!);
  // A bundle is named for what it packs too, so it never shares the product's own id.
  const partner = pick(group.flatMap((g) => (g.bundle ? [g.bundle.label] : [])), (a, b) => b.length - a.length || compare(a, b));
  const model = partner ? `${board} + ${partner}` : board;
  const category = pick(group.map((g) => g.category), compare)!;
  const brand = pick(group.map((g) => g.brand), compare)!;
  const year = pick(group.flatMap((g) => (g.year === null ? [] : [g.year])), (a, b) => b - a) ?? null;
  const gender = pick(group.flatMap((g) => (g.gender === null ? [] : [g.gender])), compare) ?? null;
  // Stable id: slug of category, brand, model, year and gender ("snowboard-burton-custom-camber-2026-mens").
  return { id: slugify(category, brand, model, year, gender), category, brand, model, year, gender };
}

/** The most common value; ties go to the first in `order`. Undefined for no values. */
function pick<T>(values: readonly T[], order: (a: T, b: T) => number): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort(([a, n], [b, m]) => m - n || order(a, b))[0]?.[0];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
