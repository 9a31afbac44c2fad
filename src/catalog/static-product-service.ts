import DataLoader from 'dataloader';
import type { StaticProduct } from '../domain/product.js';
import type { Logger } from '../logger.js';
import { tierKeys, type JsonTier } from '../cache/tiers.js';

export interface StaticProductServiceOptions {
  /** The static tier (SmartCacheManager.static): keys, TTL (30 days by default), shape, counters. */
  tier: JsonTier<StaticProduct>;
  logger?: Logger;
}

export interface PutResult {
  written: number;
  /** Ids of records refused because they are empty (no listing, no name): never cached for 30 days. */
  rejected: string[];
}

/** How the static tier answered lately, so the catalog can say when it cannot be read. */
export interface StaticTierHealth {
  readable: boolean;
  /** The last read failure while unreadable (null when readable). */
  error: string | null;
}

/**
 * The static product service: reads and writes static product records through the static tier
 * (one key scheme, one decoder, one set of counters). It never calls a retailer: heavy agents
 * fill the tier in the background and requests only read it. Every read of many ids is one
 * round trip (one MGET on a single Redis).
 */
export class StaticProductService {
  private lastReadError: string | null = null;

  constructor(private readonly options: StaticProductServiceOptions) {}

  /** Whether the static tier can be read: its store is connected and the last read succeeded. */
  health(): StaticTierHealth {
    const error = this.options.tier.store.unavailableReason() ?? this.lastReadError;
    return { readable: error === null, error };
  }

  /** Run a read of the tier, remembering whether it failed (for health()). */
  private async reading<T>(read: () => Promise<T>): Promise<T> {
    try {
      const result = await read();
      this.lastReadError = null;
      return result;
    } catch (error) {
      this.lastReadError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  /**
   * Records for the ids, in id order, null where none is stored (or the stored value is of
   * another shape, counted corrupt); ONE mget. Rejects when the store fails.
   */
  async getProducts(ids: readonly string[]): Promise<(StaticProduct | null)[]> {
    const { tier } = this.options;
    const keys = ids.map((id) => tierKeys.staticProduct(id));
    const values = await this.reading(() => tier.getManyOrThrow(keys));
    return values.map((product, i) => {
      if (!product || product.id === ids[i]) return product;
      // A record under another product's key is not this product.
      tier.markCorrupt(keys[i]!, `holds product ${product.id}`, true, true);
      return null;
    });
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
      return [{ key: tierKeys.staticProduct(p.id), value: p }];
    });
    if (entries.length > 0) await this.options.tier.setMany(entries);
    if (rejected.length > 0) this.options.logger?.warn({ rejected: rejected.length }, 'empty static records not written');
    return { written: entries.length, rejected };
  }

  /** Delete records (e.g. a product superseded by a better match). Returns how many existed. */
  async deleteProducts(ids: readonly string[]): Promise<number> {
    return this.options.tier.delete(...ids.map((id) => tierKeys.staticProduct(id)));
  }

  /** Seconds each record has left in the tier (null: gone), in id order; one round trip. */
  async secondsLeft(ids: readonly string[]): Promise<(number | null)[]> {
    return this.options.tier.store.ttlMany(ids.map((id) => tierKeys.staticProduct(id)));
  }

  /** Every product id in the static tier (SCAN on Redis, never KEYS). */
  async allProductIds(): Promise<string[]> {
    const prefix = tierKeys.staticProductPrefix;
    const keys = await this.reading(() => this.options.tier.store.keys(prefix));
    return keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
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
export function createStaticLoader(
  service: StaticProductService,
  hooks: {
    /** Told which ids had no record (the tier lost them, or holds another shape), so the catalog can heal. */
    onMissing?: (ids: string[]) => void;
    /** Told which products were loaded (shown to a shopper), for the demand that orders refreshes. */
    onLoaded?: (ids: string[]) => void;
  } = {},
): DataLoader<string, StaticProduct | null> {
  return new DataLoader<string, StaticProduct | null>(async (ids) => {
    try {
      const products = await service.getProducts(ids);
      const missing = ids.filter((_, i) => products[i] === null);
      if (missing.length > 0) hooks.onMissing?.(missing);
      if (missing.length < ids.length) hooks.onLoaded?.(ids.filter((_, i) => products[i] !== null));
      return products;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return ids.map(() => failure);
    }
  });
}
