import DataLoader from 'dataloader';
import type { StaticProduct } from '../domain/product.js';
import type { Logger } from '../logger.js';
import { tierKeys, type JsonTier } from '../cache/tiers.js';
import type { StaticRecordCache } from '../cache/record-cache.js';
import type { CatalogChangeListener } from './catalog-events.js';

export interface StaticProductServiceOptions {
  /** The static tier (SmartCacheManager.static): keys, TTL (30 days by default), shape, counters. */
  tier: JsonTier<StaticProduct>;
  /** The in-process decoded records in front of the tier (absent: every read goes to the tier). */
  records?: StaticRecordCache;
  logger?: Logger;
  /**
   * An unchanged record a merge meets again is rewritten (its TTL renewed) once it has less than
   * this left (default: half the tier's TTL). The refresh-ahead window must fall inside it, or a
   * refresh of an unchanged product would not renew it.
   */
  renewWithinSeconds?: number;
}

/** Told the ids of static records that changed or went away (this process's writes and followed changes). */
export type RecordChangeListener = (productIds: readonly string[]) => void;

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
  private readonly changeListeners: RecordChangeListener[] = [];
  private readonly goneListeners: RecordChangeListener[] = [];
  /** Ids answered from the in-process records since the last check that the tier still holds them. */
  private readonly unchecked = new Set<string>();
  private checking = false;

  constructor(private readonly options: StaticProductServiceOptions) {}

  /** Be told which records changed (the response cache drops the answers that hold them). */
  onChange(listener: RecordChangeListener): void {
    this.changeListeners.push(listener);
  }

  /**
   * Another process changed these records (a catalog change event): the in-process copies go
   * before the catalog re-reads them, and listeners are told.
   */
  recordsChanged(ids: readonly string[]): void {
    this.options.records?.drop(ids);
    for (const listener of this.changeListeners) listener(ids);
  }

  /**
   * Be told which records answered from the in-process copies are gone from the static tier
   * (Redis flushed, restarted empty, evicted), so the catalog can forget them and heal.
   */
  onGone(listener: RecordChangeListener): void {
    this.goneListeners.push(listener);
  }

  /** The catalog reloads the whole tier: no in-process copy is trusted any more. */
  reloading(): void {
    this.options.records?.clear();
  }

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
   * another shape, counted corrupt). The in-process records answer what they hold; ONE mget
   * reads the rest (none when they hold every id). Rejects when the store fails and had to be read.
   */
  async getProducts(ids: readonly string[]): Promise<(StaticProduct | null)[]> {
    const { records } = this.options;
    if (!records) return this.readTier(ids);
    const held = ids.map((id) => records.get(id) ?? null);
    const absent = ids.filter((_, i) => held[i] === null);
    this.verifyHeld(ids.filter((_, i) => held[i] !== null));
    // Warm: nothing to read, nothing to parse, and no Redis needed.
    if (absent.length === 0) return held;
    const started = records.readStarted();
    const read = await this.readTier(absent);
    records.fill(
      read.filter((p): p is StaticProduct => p !== null),
      started,
    );
    let next = 0;
    return held.map((p) => p ?? read[next++]!);
  }

  /**
   * Off the request path, ask the tier whether it still holds these records (answered from the
   * in-process copies, or inside an answer the response cache served): one TTL pipeline for
   * everything answered meanwhile, one check in flight at a time. A tier that lost them is told
   * to the gone listeners, as a read that found them missing would be. While the store cannot be
   * read nothing is checked, and the copies keep answering.
   */
  verifyHeld(ids: readonly string[]): void {
    for (const id of ids) this.unchecked.add(id);
    if (this.checking || this.unchecked.size === 0) return;
    this.checking = true;
    setImmediate(() => {
      void this.checkHeld().finally(() => {
        this.checking = false;
        if (this.unchecked.size > 0) this.verifyHeld([]);
      });
    });
  }

  private async checkHeld(): Promise<void> {
    if (this.options.tier.store.unavailableReason() !== null) {
      this.unchecked.clear();
      return;
    }
    const ids = [...this.unchecked];
    this.unchecked.clear();
    let left: (number | null)[];
    try {
      left = await this.secondsLeft(ids);
    } catch {
      return; // the store failed: the copies keep answering until it is back
    }
    const gone = ids.filter((_, i) => left[i] === null);
    if (gone.length === 0) return;
    this.options.records?.drop(gone);
    for (const listener of this.goneListeners) listener(gone);
  }

  /** Records for the ids from the static tier itself: ONE mget. */
  private async readTier(ids: readonly string[]): Promise<(StaticProduct | null)[]> {
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
    if (entries.length > 0) {
      const ids = entries.map((e) => e.value.id);
      // Dropped, not filled (a write is not a read), and again once written: a read that
      // began during the write may have brought the old record.
      this.options.records?.drop(ids);
      await this.options.tier.setMany(entries);
      this.options.records?.drop(ids);
      this.told(ids);
    }
    if (rejected.length > 0) this.options.logger?.warn({ rejected: rejected.length }, 'empty static records not written');
    return { written: entries.length, rejected };
  }

  /**
   * Records a merge found unchanged (each exactly what the tier holds): rewritten only when the
   * tier would let them expire within `renewWithinSeconds`, or has lost them, so a product crawled
   * again and again never expires while the index lists it. Nothing is dropped or told: the content
   * is the same. One TTL round trip, plus one write when any is due. Returns how many were rewritten.
   */
  async keepAlive(products: readonly StaticProduct[]): Promise<number> {
    if (products.length === 0) return 0;
    const { tier } = this.options;
    const within = this.options.renewWithinSeconds ?? tier.ttlSeconds / 2;
    const left = await this.secondsLeft(products.map((p) => p.id));
    const due = products.filter((_, i) => left[i] === null || left[i]! < within);
    if (due.length > 0) await tier.setMany(due.map((p) => ({ key: tierKeys.staticProduct(p.id), value: p })));
    return due.length;
  }

  /** Delete records (e.g. a product superseded by a better match). Returns how many existed. */
  async deleteProducts(ids: readonly string[]): Promise<number> {
    this.options.records?.drop(ids);
    const deleted = await this.options.tier.delete(...ids.map((id) => tierKeys.staticProduct(id)));
    this.options.records?.drop(ids);
    this.told(ids);
    return deleted;
  }

  private told(ids: readonly string[]): void {
    if (ids.length === 0) return;
    for (const listener of this.changeListeners) listener(ids);
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

/**
 * The catalog as the change bus should drive it: another process's change first drops the
 * in-process copies of its records (and tells the service's listeners), a full reload first
 * forgets every copy, so the catalog re-reads what the static tier holds now.
 */
export function followingRecords(catalog: CatalogChangeListener, service: StaticProductService): CatalogChangeListener {
  return {
    applyChange(change) {
      service.recordsChanged([...change.upserted, ...change.removed]);
      return catalog.applyChange(change);
    },
    rebuildFromStore() {
      service.reloading();
      return catalog.rebuildFromStore();
    },
  };
}
