import type { Store } from '../cache/store.js';
import type { Listing, StaticProduct } from '../domain/product.js';
import type { Logger } from '../logger.js';
import type { InterestRegistry } from './interest.js';

/** A lease key per product (under the store's prefix): one refresher per product cluster-wide. */
export const refresherLeaseKey = (productId: string) => `live:refresher:${productId}`;

/** Servers write their interest this often at most, so a server with a long poll interval is still counted. */
const MAX_HEARTBEAT_MS = 10_000;

export interface LiveRefresherDeps {
  /** Leases (SET NX, compare-and-delete): the shared store in production, memory in embedded mode. */
  store: Store;
  interest: InterestRegistry;
  /** Reads the products' listings (the static tier). */
  products: { getProducts(ids: readonly string[]): Promise<(StaticProduct | null)[]> };
  /** The live market service's forced read: one agent batch per retailer for the listings of one tick. */
  refresh(listings: readonly Listing[]): Promise<unknown>;
  /** Products with a saved alert (they are refreshed with nobody connected); none without a durable store. */
  alertProducts?: () => Promise<string[]>;
  /** LIVE_POLL_INTERVAL_SECONDS. */
  intervalMs: number;
  /** This server's identity in leases and the interest registry. */
  serverId: string;
  logger: Logger;
}

export interface LiveRefresherStats {
  /** Products this server's subscribers follow now. */
  watched: number;
  /** Subscriptions on this server following them. */
  subscribers: number;
  ticks: number;
  /** Products this server refreshed at its last tick (it held their leases). */
  lastRefreshed: number;
}

/**
 * The live refresher: every LIVE_POLL_INTERVAL_SECONDS, the products someone follows (a
 * subscriber on any server, or a saved alert) are read from their retailers again, whatever the
 * live tier holds, and what was read is written back; the live track's observer publishes what
 * changed. Each product is refreshed by one server at a time (a lease it renews every tick while
 * it refreshes that product, so ownership stays put); all the products one server refreshes in a
 * tick go out as one agent batch per retailer. A product nobody follows any more is dropped at
 * the next tick (its lease released), so refreshing stops with the last subscriber.
 */
export class LiveRefresher {
  private readonly watchers = new Map<string, number>();
  private subscribers = 0;
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private heartbeatPending = false;
  private closed = false;
  private readonly counts = { ticks: 0, lastRefreshed: 0 };
  private readonly leaseSeconds: number;
  private readonly heartbeatMs: number;

  constructor(private readonly deps: LiveRefresherDeps) {
    // Three missed ticks before another server takes a product over.
    this.leaseSeconds = Math.max(1, Math.ceil((deps.intervalMs * 3) / 1000));
    this.heartbeatMs = Math.min(deps.intervalMs, MAX_HEARTBEAT_MS);
  }

  /** Start the timers (unref'd: they never keep the process alive). */
  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => void this.tick(), this.deps.intervalMs);
    this.timer.unref();
    this.heartbeatTimer = setInterval(() => this.heartbeatSoon(), this.heartbeatMs);
    this.heartbeatTimer.unref();
  }

  /**
   * Follow these products until the returned function is called (once per subscription). The
   * first follower of a product is written to the registry at once, so every server counts it.
   */
  watch(productIds: readonly string[]): () => void {
    const ids = [...new Set(productIds)];
    for (const id of ids) this.watchers.set(id, (this.watchers.get(id) ?? 0) + 1);
    this.subscribers++;
    this.heartbeatSoon();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.subscribers--;
      for (const id of ids) {
        const n = (this.watchers.get(id) ?? 1) - 1;
        if (n > 0) this.watchers.set(id, n);
        else this.watchers.delete(id);
      }
      this.heartbeatSoon();
    };
  }

  /** Products this server's subscribers follow now. */
  watched(): string[] {
    return [...this.watchers.keys()];
  }

  stats(): LiveRefresherStats {
    return { watched: this.watchers.size, subscribers: this.subscribers, ticks: this.counts.ticks, lastRefreshed: this.counts.lastRefreshed };
  }

  /** One refresh round now (the timer calls it; tests may too). Never rejects; rounds never overlap. */
  tick(): Promise<void> {
    this.running ??= this.round()
      .catch((err: unknown) => this.deps.logger.warn({ err: messageOf(err) }, 'live refresher: round failed; next round at the next interval'))
      .finally(() => (this.running = null));
    return this.running;
  }

  /** Stop the timers, let a running round end, and release this server's leases. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    await this.running;
    this.watchers.clear();
    this.subscribers = 0;
    await Promise.allSettled([this.writeInterest(), ...[...this.held].map((id) => this.deps.store.deleteIfEquals(refresherLeaseKey(id), this.deps.serverId))]);
    this.held.clear();
  }

  private async round(): Promise<void> {
    if (this.closed) return;
    await this.writeInterest();
    const [followed, alerted] = await Promise.all([
      this.deps.interest.all(),
      this.deps.alertProducts?.().catch((err: unknown) => {
        this.deps.logger.warn({ err: messageOf(err) }, 'live refresher: saved alerts could not be read; refreshing subscribed products only');
        return [];
      }) ?? Promise.resolve([]),
    ]);
    const wanted = new Set([...followed, ...alerted]);
    // Nobody follows these any more: let them go, so no server refreshes them.
    for (const id of [...this.held].filter((id) => !wanted.has(id))) {
      this.held.delete(id);
      await this.deps.store.deleteIfEquals(refresherLeaseKey(id), this.deps.serverId).catch(() => false);
    }
    const ids = [...wanted];
    const mine = (await Promise.all(ids.map((id) => this.lease(id)))).flatMap((ok, i) => (ok ? [ids[i]!] : []));
    this.counts.ticks++;
    this.counts.lastRefreshed = mine.length;
    if (mine.length === 0) return;
    const products = await this.deps.products.getProducts(mine);
    const listings = products.flatMap((p) => p?.listings ?? []);
    if (listings.length > 0) await this.deps.refresh(listings);
  }

  /** Take the product's lease, or renew it when this server holds it already. */
  private async lease(productId: string): Promise<boolean> {
    const key = refresherLeaseKey(productId);
    const { store, serverId } = this.deps;
    try {
      let ours = await store.setIfAbsent(key, serverId, this.leaseSeconds);
      if (!ours && (await store.get(key)) === serverId) {
        // Renewal: a GET then a SET; the lease lives three ticks, so it cannot lapse in between unless this server stalled that long.
        await store.set(key, serverId, this.leaseSeconds);
        ours = true;
      }
      if (ours) this.held.add(productId);
      else this.held.delete(productId);
      return ours;
    } catch (err) {
      this.deps.logger.warn({ productId, err: messageOf(err) }, 'live refresher: lease could not be read; skipping the product this round');
      return false;
    }
  }

  /** Write this server's interest once this tick's watch/unwatch calls are in (one write for many subscribers). */
  private heartbeatSoon(): void {
    if (this.heartbeatPending || this.closed) return;
    this.heartbeatPending = true;
    setImmediate(() => {
      this.heartbeatPending = false;
      void this.writeInterest();
    });
  }

  private async writeInterest(): Promise<void> {
    try {
      await this.deps.interest.heartbeat(this.watched(), this.heartbeatMs * 3);
    } catch (err) {
      this.deps.logger.warn({ err: messageOf(err) }, 'live refresher: interest could not be written; other servers may not count these subscribers until it is');
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
