import { createHash } from 'node:crypto';
import type { StaticProduct, VendorProductRecord } from '../domain/product.js';
import type { SearchFilters, SearchIntent } from '../domain/search.js';
import type { Logger } from '../logger.js';
import { mergeVendorRecordsDetailed, type SkippedRecord } from './matching.js';
import { mergeIntent, parseShopperQuery } from './query-parser.js';
import { CatalogIndex, type SearchOptions } from './search-index.js';
import type { StaticProductService } from './static-product-service.js';

export interface CatalogServiceOptions {
  staticProducts: StaticProductService;
  logger?: Logger;
  /** Clock for `updatedAt`, for tests. */
  now?: () => Date;
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

export interface CatalogSearchResult {
  ids: string[];
  total: number;
  intent: SearchIntent;
}

/** Records read per MGET when loading the whole static tier. */
const REBUILD_CHUNK = 500;

/**
 * The catalog: the static tier plus the in-process search index over it. Filled by heavy
 * crawls (`ingestCrawl`) and, at start, from what the static tier already holds
 * (`rebuildFromStore`). Never calls a retailer.
 */
export class CatalogService {
  readonly index = new CatalogIndex();
  /**
   * A hash of what the index holds (ids and their updatedAt), changed by every ingest and
   * rebuild. Query-tier keys carry it: servers that loaded the same static tier share cached
   * results, and a server never serves ids ranked on a catalog it does not have.
   */
  version = '';
  /** Which product holds each retailer listing ("vendor\0id" → product id). */
  private readonly listingOwner = new Map<string, string>();
  private readonly brands = new Set<string>();
  /** updatedAt of every indexed product, for the content version. */
  private readonly updatedAt = new Map<string, string>();

  constructor(private readonly options: CatalogServiceOptions) {}

  /** Products in the index. */
  get size(): number {
    return this.index.size;
  }

  /** Load every static record into the index (replacing it). Returns how many were loaded. */
  async rebuildFromStore(): Promise<number> {
    const { staticProducts } = this.options;
    const ids = await staticProducts.allProductIds();
    const products: StaticProduct[] = [];
    for (let i = 0; i < ids.length; i += REBUILD_CHUNK) {
      const chunk = await staticProducts.getProducts(ids.slice(i, i + REBUILD_CHUNK));
      for (const p of chunk) if (p) products.push(p);
    }
    this.listingOwner.clear();
    this.brands.clear();
    this.updatedAt.clear();
    this.index.replaceAll(products);
    for (const p of products) this.track(p);
    this.version = this.contentVersion();
    this.options.logger?.info({ products: products.length }, 'catalog index rebuilt from the static tier');
    return products.length;
  }

  /**
   * Merge one crawl's records (all retailers' records seen so far) into products, write them
   * to the static tier and update the index. A product also keeps the listings it had at
   * retailers this crawl did not visit, so crawling one retailer never drops another's listings.
   */
  async ingestCrawl(records: readonly VendorProductRecord[]): Promise<IngestResult> {
    const { staticProducts } = this.options;
    const { products, skipped } = mergeVendorRecordsDetailed(records, this.options.now?.() ?? new Date());
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
    const newIds = new Set(products.map((p) => p.id));

    const { written } = await staticProducts.putProducts(products);
    const superseded = oldIds.filter((id) => !newIds.has(id) && (existing.has(id) || this.index.has(id)));
    if (superseded.length > 0) await staticProducts.deleteProducts(superseded);
    this.untrack(superseded);
    this.index.remove(superseded);
    this.index.upsert(products);
    for (const p of products) this.track(p);
    this.version = this.contentVersion();
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

  /** How a shopper query reads, with explicit filters on top (filters win). */
  interpret(query: string, filters?: SearchFilters | null): SearchIntent {
    return mergeIntent(parseShopperQuery(query, { knownBrands: [...this.brands] }), filters);
  }

  /** Ranked ids for an intent. */
  searchIntent(intent: SearchIntent, options?: SearchOptions): { ids: string[]; total: number } {
    return this.index.search(intent, options);
  }

  /** Ranked ids for a shopper query with explicit filters on top (filters win), plus how the query was read. */
  search(query: string, filters?: SearchFilters | null, options?: SearchOptions): CatalogSearchResult {
    const intent = this.interpret(query, filters);
    return { ...this.searchIntent(intent, options), intent };
  }

  private contentVersion(): string {
    const lines = [...this.updatedAt].map(([id, at]) => `${id}@${at}`).sort();
    return createHash('sha256').update(lines.join('\n')).digest('base64url').slice(0, 16);
  }

  private track(p: StaticProduct): void {
    this.brands.add(p.brand);
    this.updatedAt.set(p.id, p.updatedAt);
    for (const l of p.listings) this.listingOwner.set(listingKey(l.vendor, l.vendorProductId), p.id);
  }

  private untrack(ids: readonly string[]): void {
    if (ids.length === 0) return;
    const gone = new Set(ids);
    for (const id of ids) this.updatedAt.delete(id);
    for (const [key, owner] of this.listingOwner) if (gone.has(owner)) this.listingOwner.delete(key);
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

/** Year and gender do not contradict each other. */
function fits(a: StaticProduct, b: StaticProduct): boolean {
  return (a.year === null || b.year === null || a.year === b.year) && (a.gender === null || b.gender === null || a.gender === b.gender);
}

function listingKey(vendor: string, vendorProductId: string): string {
  return `${vendor}\u0000${vendorProductId}`;
}
