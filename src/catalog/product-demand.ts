import { tierKeys } from '../cache/tiers.js';
import type { Store } from '../cache/store.js';
import type { Logger } from '../logger.js';

/** Counts are sent to the shared store this often (one small write per server per period, never per request). */
const FLUSH_INTERVAL_MS = 30_000;

/**
 * How often each product is shown (a search page or a product lookup), cluster-wide: every server
 * counts in memory and adds its counts to one sorted set in the static tier's store every 30 s,
 * so the heavy track can refresh the most-requested products first. Counts are a hint for
 * ordering: a lost flush costs nothing but order.
 */
export class ProductDemand {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      store: Store;
      /** How long the counts are kept (the static tier's TTL: they describe its records). */
      ttlSeconds: number;
      logger: Logger;
    },
  ) {}

  /** Start the periodic flush (API servers). */
  start(): void {
    this.timer ??= setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Count products shown to a shopper. */
  record(ids: readonly string[]): void {
    for (const id of ids) this.pending.set(id, (this.pending.get(id) ?? 0) + 1);
  }

  /** Add this server's counts since the last flush to the shared set. Never rejects. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const counts = this.pending;
    this.pending = new Map();
    await this.deps.store.incrementScores(tierKeys.productDemand, counts, this.deps.ttlSeconds).catch((err: unknown) => {
      this.deps.logger.debug({ err: err instanceof Error ? err.message : String(err) }, 'product demand not recorded');
    });
  }

  /** Cluster-wide counts of these products (0 for none recorded), in id order. */
  async countsOf(ids: readonly string[]): Promise<number[]> {
    const scores = await this.deps.store.scoresOf(tierKeys.productDemand, ids);
    return scores.map((s) => s ?? 0);
  }

  /** Stop the timer and send what is counted. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
