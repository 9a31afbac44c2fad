import DataLoader from 'dataloader';
import type { StaticProduct } from '../domain/product.js';
import type { Logger } from '../logger.js';
import type { Store } from '../cache/store.js';

export interface StaticProductServiceOptions {
  store: Store;
  /** TTL of a static record: `config.ttl.staticSeconds` (30 days by default). */
  ttlSeconds: number;
  /** Key prefix of static records; the default matches the static tier's `static:product:<id>`. */
  keyPrefix?: string;
  logger?: Logger;
}

export interface PutResult {
  written: number;
  /** Ids of records refused because they are empty (no listing, no name): never cached for 30 days. */
  rejected: string[];
}

/**
 * The static product service: reads and writes static product records in the static tier
 * (30 days). It never calls a retailer: heavy agents fill the tier in the background and
 * requests only read it. Every read of many ids is one round trip (one MGET).
 */
export class StaticProductService {
  readonly keyPrefix: string;
  /** Values that were present but unreadable (read as missing: the next crawl rewrites them). */
  corruptReads = 0;

  constructor(private readonly options: StaticProductServiceOptions) {
    this.keyPrefix = options.keyPrefix ?? 'static:product:';
  }

  private key(id: string): string {
    return `${this.keyPrefix}${id}`;
  }

  /** Records for the ids, in id order, null where none is stored; ONE mget. Rejects when the store fails. */
  async getProducts(ids: readonly string[]): Promise<(StaticProduct | null)[]> {
    if (ids.length === 0) return [];
    const values = await this.options.store.mget(ids.map((id) => this.key(id)));
    return values.map((value, i) => this.decode(ids[i]!, value ?? null));
  }

  private decode(id: string, value: string | null): StaticProduct | null {
    if (value === null) return null;
    try {
      const product = JSON.parse(value) as StaticProduct;
      if (product && typeof product === 'object' && product.id === id) return product;
    } catch {
      // fall through: counted and logged below
    }
    this.corruptReads++;
    this.options.logger?.warn({ id }, 'unreadable static record; treated as missing');
    return null;
  }

  /**
   * Write records in ONE mset with the static TTL. Empty records (no id, name, brand or
   * listing) are refused: a failed crawl must not sit in the 30-day tier.
   */
  async putProducts(products: readonly StaticProduct[]): Promise<PutResult> {
    const rejected: string[] = [];
    const entries = products.flatMap((p) => {
      if (!isWritable(p)) {
        rejected.push((p as Partial<StaticProduct> | null)?.id ?? '');
        return [];
      }
      return [{ key: this.key(p.id), value: JSON.stringify(p), ttlSeconds: this.options.ttlSeconds }];
    });
    if (entries.length > 0) await this.options.store.mset(entries);
    if (rejected.length > 0) this.options.logger?.warn({ rejected: rejected.length }, 'empty static records not written');
    return { written: entries.length, rejected };
  }

  /** Delete records (e.g. a product superseded by a better match). Returns how many existed. */
  async deleteProducts(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.options.store.delete(...ids.map((id) => this.key(id)));
  }

  /** Every product id in the static tier (SCAN on Redis, never KEYS). */
  async allProductIds(): Promise<string[]> {
    const keys = await this.options.store.keys(this.keyPrefix);
    return keys.filter((k) => k.startsWith(this.keyPrefix)).map((k) => k.slice(this.keyPrefix.length));
  }
}

function isWritable(p: StaticProduct | null | undefined): p is StaticProduct {
  return (
    !!p &&
    typeof p.id === 'string' &&
    p.id.trim() !== '' &&
    typeof p.name === 'string' &&
    p.name.trim() !== '' &&
    typeof p.brand === 'string' &&
    p.brand.trim() !== '' &&
    Array.isArray(p.listings) &&
    p.listings.length > 0
  );
}

/**
 * The static loader: one per request. Loads in one tick are batched into ONE mget, and a
 * record read once is served from the loader for the rest of the request. It serves static
 * fields only and is never used by live fields (prices, stock), so `@defer`red live data
 * can never hold back the static payload. A store failure fails each key of that batch with
 * the error (DataLoader's per-key contract); a missing record is null.
 */
export function createStaticLoader(service: StaticProductService): DataLoader<string, StaticProduct | null> {
  return new DataLoader<string, StaticProduct | null>(async (ids) => {
    try {
      return await service.getProducts(ids);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return ids.map(() => failure);
    }
  });
}
