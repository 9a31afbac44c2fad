import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import type { StaticProduct, VendorProductRecord } from '../domain/product.js';
import type { LiveOffer } from '../domain/live.js';
import type { RankingExplanation, SearchFilters, SearchIntent, SearchInterpretation, SearchRequestOptions } from '../domain/search.js';
import type { Logger } from '../logger.js';
import type { CatalogChange, CatalogChangeListener, CatalogEvents } from './catalog-events.js';
import { MergeMemo, mergeVendorRecordsDetailed, type SkippedRecord } from './matching.js';
import { describeIntent, mergeIntent, parseShopperQuery } from './query-parser.js';
import { readLiveSignals, type TextMatch } from './ranking.js';
import { CatalogIndex, type SearchOptions } from './search-index.js';
import type { StaticProductService } from './static-product-service.js';

export interface CatalogServiceOptions {
  staticProducts: StaticProductService;
  logger?: Logger;
  /** Clock for `updatedAt`, for tests. */
  now?: () => Date;
  /**
   * Where this catalog announces every write and removal of static records, so other
   * servers' indexes follow (services.ts: the process's catalog events). Unset: nobody is told.
   */
  events?: Pick<CatalogEvents, 'publish'>;
  /**
   * Told which indexed products a rebuild no longer found in the static tier (Redis restarted
   * empty, flushed, evicted), so the process can schedule the crawl that brings them back.
   */
  onLost?: (ids: string[]) => void;
}

export interface IngestResult {
  /** Records handed in. */
  records: number;
  /** Products those records merged into (what the catalog now holds for them). */
  products: number;
  /** Records written to the static tier. */
  written: number;
  /** Records that could not become a product (no brand or category). */
  skipped: SkippedRecord[];
  /** Older product ids whose listings now belong to a better-matched product; removed. */
  superseded: string[];
}

export interface IngestOptions {
  /**
   * Called with the merged products (ids settled, listings carried over) and the records stored
   * for them and the ids they replace, before they are written: the heavy track's review analysis
   * (src/analysis) fills in `analysis` here. Must not reject (a failing analysis never fails a merge).
   */
  beforeWrite?: (products: StaticProduct[], existing: ReadonlyMap<string, StaticProduct>) => Promise<void>;
}

/** A ranked answer for an intent: the window's ids with their scores and reasons, every match counted. */
export interface IntentSearchResult {
  /** Ranked ids: the ranked window (RANKED_LIMIT), or the page asked for with limit/offset. */
  ids: string[];
  /** Every match, also past the ranked window. */
  total: number;
  /** Per id, in `ids` order: score and reasons. */
  explanations: RankingExplanation[];
  /** Per id, in `ids` order: the text relevance the ranking gave it (kept when the window is ranked again with live signals). */
  text?: (TextMatch | null)[];
  /** How the intent was understood, with the order and the words that only ranked. */
  interpretation: SearchInterpretation;
}

export interface CatalogSearchResult extends IntentSearchResult {
  intent: SearchIntent;
}

/** What ranking reads of the live tier: a plain read of offers by key (the smart cache manager's live tier). */
export interface LiveTierReader {
  getMany(keys: readonly string[]): Promise<(LiveOffer | null)[]>;
}

/** Records read per MGET when loading the whole static tier or applying a change. */
const REBUILD_CHUNK = 500;

/** What the catalog remembers of an indexed product besides the index itself. */
interface Tracked {
  brand: string;
  updatedAt: string;
  listingKeys: string[];
}

/**
 * The catalog: the static tier plus the in-process search index over it. Filled by heavy
 * crawls (`ingestCrawl`, which announces what it wrote), by other processes' changes
 * (`applyChange`) and, at start or after missed changes, from what the static tier holds
 * (`rebuildFromStore`). Those three run one at a time, in call order. Never calls a retailer.
 */
export class CatalogService implements CatalogChangeListener {
  /** The index searches read; a rebuild builds a fresh one and swaps it in whole. */
  private current = new CatalogIndex();
  /**
   * A hash of what the index holds (ids and their updatedAt), changed by every ingest and
   * rebuild. Query-tier keys carry it: servers that loaded the same static tier share cached
   * results, and a server never serves ids ranked on a catalog it does not have.
   */
  version = '';
  /** Which product holds each retailer listing ("vendor\0id" → product id). */
  private readonly listingOwner = new Map<string, string>();
  /** Indexed products per brand (a brand no product has any more is no longer a known brand). */
  private readonly brandCounts = new Map<string, number>();
  /** Every indexed product's brand, updatedAt (for the content version) and listings. */
  private readonly tracked = new Map<string, Tracked>();
  /** What the last merge matched and built, by content: the next merge redoes only what changed. */
  private readonly mergeMemo = new MergeMemo();
  /** The XOR of every tracked (id, updatedAt) pair's hash (contentVersion). */
  private readonly contentSum = new Uint32Array(4);
  /** The indexed brands as the parser reads them; null after a change of brands. */
  private knownBrands: string[] | null = null;
  /** The end of the queue of index updates: ingests, changes and rebuilds never interleave. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: CatalogServiceOptions) {}

  get index(): CatalogIndex {
    return this.current;
  }

  /** Products in the index. */
  get size(): number {
    return this.index.size;
  }

  /** Run index updates one at a time, in call order (a failed one does not stop the next). */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Load every static record into a fresh index, chunk by chunk, and swap it in whole (searches
   * never see half a catalog). Only one chunk of decoded records is alive at a time, besides the
   * in-process record cache: 100 k records decoded at once took about 850 MB of heap, and the
   * process's RSS keeps such a peak long after the records are gone. Returns how many were loaded.
   */
  rebuildFromStore(): Promise<number> {
    return this.serial(async () => {
      const { staticProducts } = this.options;
      const ids = await staticProducts.allProductIds();
      const fresh = new CatalogIndex();
      const tracked = new Map<string, Tracked>();
      for await (const chunk of this.chunks(ids)) {
        fresh.upsert(chunk);
        for (const p of chunk) tracked.set(p.id, trackedOf(p));
      }
      fresh.trim();
      const lost = [...this.tracked.keys()].filter((id) => !tracked.has(id));
      this.listingOwner.clear();
      this.brandCounts.clear();
      this.knownBrands = null;
      this.tracked.clear();
      this.contentSum.fill(0);
      this.current = fresh;
      for (const [id, t] of tracked) this.track(id, t);
      this.version = this.contentVersion();
      this.options.logger?.info({ products: tracked.size, lost: lost.length }, 'catalog index rebuilt from the static tier');
      if (lost.length > 0) this.options.onLost?.(lost);
      return tracked.size;
    });
  }

  /**
   * Follow another process's change: re-read every id it names (upserted and removed) from
   * the static tier, index what is there and drop what is not. The tier decides, not the
   * message, so applying is idempotent and a late or repeated message cannot undo a newer
   * write. The content version changes with the content, so query-tier entries ranked on
   * the old catalog are no longer reached.
   */
  applyChange(change: Pick<CatalogChange, 'upserted' | 'removed'>): Promise<{ upserted: number; removed: number }> {
    return this.serial(async () => {
      const ids = [...new Set([...change.upserted, ...change.removed])];
      const present = await this.read(ids);
      const kept = new Set(present.map((p) => p.id));
      const gone = ids.filter((id) => !kept.has(id));
      this.untrack(ids);
      const removed = this.index.remove(gone);
      this.index.upsert(present);
      for (const p of present) this.track(p.id, trackedOf(p));
      this.version = this.contentVersion();
      this.options.logger?.debug({ upserted: present.length, removed }, 'catalog change applied');
      return { upserted: present.length, removed };
    });
  }

  /** The records stored for the ids (absent ones left out): one MGET per chunk of ids. */
  private async read(ids: readonly string[]): Promise<StaticProduct[]> {
    const products: StaticProduct[] = [];
    for await (const chunk of this.chunks(ids)) products.push(...chunk);
    return products;
  }

  /** The records stored for the ids, one MGET (and one chunk of decoded records) at a time. */
  private async *chunks(ids: readonly string[]): AsyncGenerator<StaticProduct[]> {
    for (let i = 0; i < ids.length; i += REBUILD_CHUNK) {
      const chunk = await this.options.staticProducts.getProducts(ids.slice(i, i + REBUILD_CHUNK));
      yield chunk.filter((p): p is StaticProduct => p !== null);
    }
  }

  /**
   * Merge one crawl's records (all retailers' records seen so far) into products, write them
   * to the static tier and update the index. A product also keeps the listings it had at
   * retailers this crawl did not visit, so crawling one retailer never drops another's listings.
   * Then announces the written and removed ids (`events`); rejects when that fails, after the
   * records are written, so a job that retries it announces them again.
   */
  ingestCrawl(records: readonly VendorProductRecord[], options: IngestOptions = {}): Promise<IngestResult> {
    return this.serial(() => this.ingest(records, options));
  }

  private async ingest(records: readonly VendorProductRecord[], options: IngestOptions): Promise<IngestResult> {
    const { staticProducts } = this.options;
    const { products, skipped } = mergeVendorRecordsDetailed(records, this.options.now?.() ?? new Date(), this.mergeMemo);
    // In embedded mode a crawl's ingest shares the event loop with searches, and on an in-process
    // store nothing it awaits lets them in: between its CPU-heavy steps (merge, write, index) it
    // gives waiting requests their turn, so a crawl of a few hundred products is not one 20-45 ms stall.
    await nextTurn();
    const crawledVendors = new Set(records.map((r) => r.vendor));
    // Products this crawl replaces: the same id, or an older id that held one of its listings.
    const related = new Map<string, Set<string>>();
    for (const p of products) {
      const olds = new Set<string>([p.id]);
      for (const l of p.listings) {
        const owner = this.listingOwner.get(listingKey(l.vendor, l.vendorProductId));
        if (owner) olds.add(owner);
      }
      related.set(p.id, olds);
    }
    const oldIds = [...new Set([...related.values()].flatMap((s) => [...s]))];
    const existing = new Map<string, StaticProduct>();
    (await staticProducts.getProducts(oldIds)).forEach((p, i) => p && existing.set(oldIds[i]!, p));

    carryOverListings(products, related, existing, crawledVendors);
    await options.beforeWrite?.(products, existing);
    // A merge re-reads every retailer's snapshot, so most of what it makes is what the tier
    // already holds: only what changed is written, indexed and announced. Rewriting the rest
    // would drop every in-process copy and every cached answer holding them (a search miss's
    // two new products would cost the whole catalog's cache).
    const unchanged = keepUnchangedDates(products, existing);
    const same: StaticProduct[] = [];
    const changed: StaticProduct[] = [];
    for (const p of products) {
      const held = unchanged.has(p.id) && this.tracked.get(p.id)?.updatedAt === p.updatedAt && this.index.has(p.id);
      (held ? same : changed).push(p);
    }
    const newIds = new Set(products.map((p) => p.id));

    await nextTurn();
    const { written } = await staticProducts.putProducts(changed);
    await staticProducts.keepAlive(same);
    await nextTurn();
    const superseded = oldIds.filter((id) => !newIds.has(id) && (existing.has(id) || this.index.has(id)));
    if (superseded.length > 0) await staticProducts.deleteProducts(superseded);
    this.untrack(superseded);
    this.index.remove(superseded);
    this.index.upsert(changed);
    for (const p of changed) this.track(p.id, trackedOf(p));
    this.version = this.contentVersion();
    await this.announce(changed.map((p) => p.id), superseded);
    return { records: records.length, products: products.length, written, skipped, superseded };
  }

  /**
   * Drop products from the index whose records the static tier no longer holds (Redis restarted
   * empty, flushed, evicted), so search stops ranking what it cannot show. Returns the ids that
   * were indexed (the caller schedules the crawl that brings them back).
   */
  forget(ids: readonly string[]): string[] {
    const indexed = ids.filter((id) => this.index.has(id));
    if (indexed.length === 0) return [];
    this.index.remove(indexed);
    this.untrack(indexed);
    this.version = this.contentVersion();
    return indexed;
  }

  /** Tell other processes which static records changed (nothing to tell: no message). */
  private async announce(upserted: string[], removed: string[]): Promise<void> {
    const { events } = this.options;
    if (!events || (upserted.length === 0 && removed.length === 0)) return;
    try {
      await events.publish({ upserted, removed });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`catalog: ${upserted.length + removed.length} static records written but the change was not announced (${why})`, { cause: error });
    }
  }

  /** Whether an indexed product holds this retailer listing. */
  holdsListing(vendor: string, vendorProductId: string): boolean {
    return this.listingOwner.has(listingKey(vendor, vendorProductId));
  }

  /** How a shopper query reads, with explicit filters on top (filters win). */
  interpret(query: string, filters?: SearchFilters | null): SearchIntent {
    // One array while the brands stay the same: the parser compiles its brand spellings once per array.
    this.knownBrands ??= [...this.brandCounts.keys()];
    return mergeIntent(parseShopperQuery(query, { knownBrands: this.knownBrands }), filters);
  }

  /**
   * Ranked ids for an intent, on the static track alone (synchronous: nothing is read but the
   * index): the intent's sort (its sort words or the sort argument, else RELEVANCE) and the
   * viewer's context (`options.user`) order it; each id carries its score and reasons.
   */
  searchIntent(intent: SearchIntent, options: SearchRequestOptions & Omit<SearchOptions, 'sort' | 'user'> = {}): IntentSearchResult {
    const sort = intent.sort ?? 'RELEVANCE';
    const result = this.index.search(intent, { ...options, sort });
    return { ...result, interpretation: { ...describeIntent(intent), sort } };
  }

  /**
   * Like searchIntent, then the ranked window ranked again with what the live tier already holds
   * for it (in stock, best total price with shipping, discounts, the viewer's sizes in stock): one
   * plain read of the window's listings, never a retailer call, so it never holds back the first
   * payload. A live tier that cannot be read ranks on the static track alone.
   */
  async rankIntent(intent: SearchIntent, options: SearchRequestOptions & Omit<SearchOptions, 'sort' | 'user'>, live: LiveTierReader): Promise<IntentSearchResult> {
    // Explained once, when the window's order is final (the window is ranked again below either way).
    const ranked = this.searchIntent(intent, { ...options, explain: false });
    if (ranked.ids.length === 0) return ranked;
    let signals: Awaited<ReturnType<typeof readLiveSignals>> | undefined;
    try {
      signals = await readLiveSignals(live, this.index.features(ranked.ids));
    } catch (error) {
      this.options.logger?.warn({ err: error }, 'live tier unreadable; ranked on the static track alone');
    }
    const { sort } = ranked.interpretation;
    // Without live signals the same scores in the same order as the search: only the reasons are added.
    const reranked = this.index.rerank(ranked.ids, intent, { sort, user: options.user ?? null, live: signals?.size ? signals : undefined }, ranked.text);
    return { ...ranked, ...reranked };
  }

  /** Ranked ids for a shopper query with explicit filters on top (filters win), plus how the query was read. */
  search(query: string, filters?: SearchFilters | null, options?: SearchRequestOptions & Omit<SearchOptions, 'sort' | 'user'>): CatalogSearchResult {
    const intent = this.interpret(query, filters);
    return { ...this.searchIntent(intent, options), intent };
  }

  /**
   * The content version: the tracked (id, updatedAt) pairs as a set hash, the XOR of each pair's
   * 128-bit hash, kept up to date as products are tracked and untracked. A change costs what it
   * changes: sorting and hashing every id on each change took about 80 ms at 100 k products.
   */
  private contentVersion(): string {
    return Buffer.from(this.contentSum.buffer).toString('base64url').slice(0, 16);
  }

  /** XOR one pair's hash into the content sum (in when tracked, out again when untracked). */
  private mixContent(id: string, updatedAt: string): void {
    const digest = createHash('sha256').update(`${id}@${updatedAt}`).digest();
    for (let i = 0; i < 4; i++) this.contentSum[i]! ^= digest.readUInt32LE(i * 4);
  }

  /** Remember an indexed product (replacing what was remembered under its id). */
  private track(id: string, t: Tracked): void {
    this.untrack([id]);
    this.tracked.set(id, t);
    this.mixContent(id, t.updatedAt);
    if (!this.brandCounts.has(t.brand)) this.knownBrands = null;
    this.brandCounts.set(t.brand, (this.brandCounts.get(t.brand) ?? 0) + 1);
    for (const key of t.listingKeys) this.listingOwner.set(key, id);
  }

  private untrack(ids: readonly string[]): void {
    for (const id of ids) {
      const t = this.tracked.get(id);
      if (!t) continue;
      this.tracked.delete(id);
      this.mixContent(id, t.updatedAt);
      const left = (this.brandCounts.get(t.brand) ?? 1) - 1;
      if (left > 0) this.brandCounts.set(t.brand, left);
      else {
        this.brandCounts.delete(t.brand);
        this.knownBrands = null;
      }
      // A listing that moved to another product stays that product's.
      for (const key of t.listingKeys) if (this.listingOwner.get(key) === id) this.listingOwner.delete(key);
    }
  }
}

/**
 * Give each fresh product the listings its older record had at retailers this crawl did not
 * visit, and keep that record's id (with its year and gender) when the fresh one says less.
 */
function carryOverListings(
  products: StaticProduct[],
  related: ReadonlyMap<string, ReadonlySet<string>>,
  existing: ReadonlyMap<string, StaticProduct>,
  crawledVendors: ReadonlySet<string>,
): void {
  const taken = new Set(products.map((p) => p.id));
  for (const p of products) {
    const olds = [...(related.get(p.id) ?? [])].flatMap((id) => existing.get(id) ?? []);
    const carriers = olds.filter((o) => o.listings.some((l) => !crawledVendors.has(l.vendor)));
    for (const o of carriers) {
      for (const listing of o.listings) {
        const known = p.listings.some((l) => l.vendor === listing.vendor && l.vendorProductId === listing.vendorProductId);
        if (!crawledVendors.has(listing.vendor) && !known) p.listings.push(listing);
      }
    }
    // What the uncrawled retailer said (year, gender) still holds: keep that product's id.
    const only = carriers.length === 1 ? carriers[0]! : null;
    if (only && only.id !== p.id && !taken.has(only.id) && fits(p, only)) {
      taken.delete(p.id);
      taken.add(only.id);
      Object.assign(p, { id: only.id, year: p.year ?? only.year, gender: p.gender ?? only.gender });
    }
  }
}

/**
 * A product whose record says exactly what its stored record says keeps the stored `updatedAt`:
 * a crawl (or a job run twice) that finds nothing new changes nothing, so the catalog's content
 * version, and with it every query-tier entry, stays valid. Returns the ids of those products.
 */
function keepUnchangedDates(products: StaticProduct[], existing: ReadonlyMap<string, StaticProduct>): Set<string> {
  const unchanged = new Set<string>();
  for (const p of products) {
    const stored = existing.get(p.id);
    if (stored && isDeepStrictEqual({ ...p, updatedAt: stored.updatedAt }, stored)) {
      p.updatedAt = stored.updatedAt;
      unchanged.add(p.id);
    }
  }
  return unchanged;
}

/** Year and gender do not contradict each other. */
function fits(a: StaticProduct, b: StaticProduct): boolean {
  return (a.year === null || b.year === null || a.year === b.year) && (a.gender === null || b.gender === null || a.gender === b.gender);
}

/** What the catalog remembers of a product (none of its record's objects). */
function trackedOf(p: StaticProduct): Tracked {
  return { brand: p.brand, updatedAt: p.updatedAt, listingKeys: p.listings.map((l) => listingKey(l.vendor, l.vendorProductId)) };
}

function listingKey(vendor: string, vendorProductId: string): string {
  return `${vendor}\u0000${vendorProductId}`;
}
