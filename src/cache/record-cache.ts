import { LRUCache } from 'lru-cache';
import type { StaticProduct } from '../domain/product.js';

export interface RecordCacheStats {
  hits: number;
  misses: number;
  /** Records held now. */
  size: number;
  /** The bound (STATIC_RECORD_CACHE_SIZE). */
  max: number;
}

/**
 * The in-process static records: decoded static records by product id, bounded (least recently
 * used out first), so a warm search neither reads the static tier nor parses JSON, and search
 * keeps answering for products it has seen while Redis is down.
 *
 * A record is dropped whenever the catalog says it changed (this process's writes and other
 * processes' change events) and the whole cache on a full reload. A read that started before
 * a drop may return the record the drop was about; `fill` refuses what such reads bring
 * (`readStarted` is the generation the read began in), and never replaces a record with one of
 * an older `updatedAt`, so the cache can lag a change by one read but never go back to it.
 */
export class StaticRecordCache {
  private readonly records: LRUCache<string, StaticProduct> | null;
  private generation = 0;
  private hits = 0;
  private misses = 0;

  /** `maxRecords` 0: nothing is kept (every read goes to the static tier). */
  constructor(private readonly maxRecords: number) {
    this.records = maxRecords > 0 ? new LRUCache({ max: maxRecords }) : null;
  }

  /** The record held for `id`, counted as a hit or a miss. */
  get(id: string): StaticProduct | undefined {
    const record = this.records?.get(id);
    if (record) this.hits++;
    else this.misses++;
    return record;
  }

  /** Call before reading the static tier; hand the value to `fill` with what the read brought. */
  readStarted(): number {
    return this.generation;
  }

  /** Keep records read from the static tier, unless a drop happened since the read began. */
  fill(records: readonly StaticProduct[], readStarted: number): void {
    if (!this.records || readStarted !== this.generation) return;
    for (const record of records) {
      const held = this.records.peek(record.id);
      if (!held || held.updatedAt <= record.updatedAt) this.records.set(record.id, record);
    }
  }

  /** Forget these products (they changed or went away). */
  drop(ids: Iterable<string>): void {
    this.generation++;
    if (!this.records) return;
    for (const id of ids) this.records.delete(id);
  }

  /** Forget everything (the catalog reloads the whole static tier). */
  clear(): void {
    this.generation++;
    this.records?.clear();
  }

  stats(): RecordCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.records?.size ?? 0, max: this.maxRecords };
  }
}
