import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { VendorError, type LightAgent } from '../agents/types.js';
import { tierKeys, type SmartCacheManager } from '../cache/tiers.js';
import type { Store } from '../cache/store.js';
import type { Config } from '../config.js';
import type { LiveOffer } from '../domain/live.js';
import type { Listing, VendorId } from '../domain/product.js';
import type { Logger } from '../logger.js';
import { judgeOffer, offerChanged, type LiveTtl } from './live-entries.js';
import { listingKey, type FetchOutcome, type NegativeEntry, type ObservedListing, type OfferChange } from './types.js';

/** A server waiting on another server's lease polls once per batch: first after this long, then doubling… */
const LEASE_POLL_FIRST_MS = 50;
/** …up to this interval, so a wait costs a handful of reads, not one per listing every 100 ms. */
const LEASE_POLL_MAX_MS = 800;
/** A lease outlives its batch by this much: the cache write after the batch, and timer drift between servers. */
const LEASE_MARGIN_MS = 5000;

/**
 * The longest one agent batch may run: one attempt plus its one retry, each capped at the
 * agent's own timeout. The fetcher gives every batch this as its deadline, so a batch (evo's
 * page fan-out included, queued pages too) never outlives its lease.
 */
function liveBatchBudgetMs(config: Pick<Config, 'agents'>): number {
  return config.agents.queryTimeoutMs * 2;
}

/** The cross-process lease's TTL in whole seconds: the batch budget plus a margin, rounded up. */
export function liveLeaseSeconds(config: Pick<Config, 'agents'>): number {
  return Math.ceil((liveBatchBudgetMs(config) + LEASE_MARGIN_MS) / 1000);
}

interface Pending {
  listing: Listing;
  previous: LiveOffer | null;
  /**
   * Epoch ms until which someone waits for this fetch (the latest deadline of the requests that
   * joined it). Only a wait on another server's lease stops there; a retailer call never does.
   */
  waitUntilMs: number;
  resolve: (outcome: FetchOutcome) => void;
}

export interface FetchOptions {
  /** Epoch ms until which the caller waits for the answer (its request's deadline); default: nobody waits (a background refresh). */
  waitUntilMs?: number;
}

export interface LiveFetcherDeps {
  store: Store;
  /** The live tier (offers) and its negative entries. */
  cache: Pick<SmartCacheManager, 'live' | 'liveNegative'>;
  agents: ReadonlyMap<VendorId, LightAgent>;
  ttl: LiveTtl;
  /** For the batch budget and the lease's TTL (see liveBatchBudgetMs). */
  config: Pick<Config, 'agents'>;
  logger: Logger;
  publish?: ((change: OfferChange) => void) | undefined;
  /** Every retailer batch's answers with what the live tier held before (subscriptions, price history); called after the callers are answered. */
  onFetched?: ((observed: ObservedListing[]) => void) | undefined;
}

/**
 * The light track's retailer calls, coalesced. Inside a process, a listing has at most one
 * fetch in flight: later callers join its promise. Listings asked for within one tick are
 * collected per retailer and sent as ONE agent batch per retailer, retailers in parallel.
 * Across processes, a lease per listing (SET NX EX, a token per batch) makes one process the
 * caller; the others read the live tier for its answer, one read per batch with a growing
 * interval, until their requests' deadline. The lease outlives the batch's budget, and is
 * released by compare-and-delete, so it never frees a lease another process took.
 *
 * A fetch is never bound to one request's deadline: it runs to the agent's own timeout and
 * fills the cache (offers as data, failures as short negative entries) whoever waits for it.
 */
export class LiveFetcher {
  private readonly inflight = new Map<string, { promise: Promise<FetchOutcome>; item: Pending }>();
  private pending = new Map<VendorId, Pending[]>();
  private flushScheduled = false;
  private readonly background = new Set<Promise<void>>();
  private readonly batchBudgetMs: number;
  private readonly leaseSeconds: number;
  /** Aborted by close(): retailer calls stop, lease waits end, nothing new is written. */
  private readonly closing = new AbortController();

  constructor(private readonly deps: LiveFetcherDeps) {
    this.batchBudgetMs = liveBatchBudgetMs(deps.config);
    this.leaseSeconds = liveLeaseSeconds(deps.config);
    // Every retailer request in flight listens on it; that is not a leak.
    setMaxListeners(0, this.closing.signal);
  }

  /** This listing's outcome: the fetch in flight if any (its wait extended to this caller's), else a new one in the next batch. */
  fetch(listing: Listing, previous: LiveOffer | null, options: FetchOptions = {}): Promise<FetchOutcome> {
    const key = listingKey(listing);
    const waitUntilMs = options.waitUntilMs ?? 0;
    const existing = this.inflight.get(key);
    if (existing) {
      existing.item.waitUntilMs = Math.max(existing.item.waitUntilMs, waitUntilMs);
      return existing.promise;
    }
    if (this.closing.signal.aborted) {
      return Promise.resolve({ kind: 'failure', failure: 'TIMEOUT', message: 'the server is shutting down' });
    }
    let resolve!: (outcome: FetchOutcome) => void;
    const promise = new Promise<FetchOutcome>((r) => (resolve = r));
    const item: Pending = { listing, previous, waitUntilMs, resolve };
    this.inflight.set(key, { promise, item });
    const list = this.pending.get(listing.vendor) ?? [];
    list.push(item);
    this.pending.set(listing.vendor, list);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // One macrotask of collection, so listings of concurrent requests share a batch.
      setImmediate(() => this.flush());
    }
    return promise;
  }

  /**
   * Stop: retailer calls in flight are aborted, waits on other servers' leases end at once (their
   * callers get TIMEOUT), and no failure of the shutdown itself is cached. Resolves once idle.
   */
  async close(): Promise<void> {
    this.closing.abort();
    await this.idle();
  }

  /** Resolves when every fetch and cache write started so far has settled. */
  async idle(): Promise<void> {
    while (this.background.size > 0 || this.flushScheduled) {
      if (this.background.size === 0) await new Promise((r) => setImmediate(r));
      else await Promise.allSettled([...this.background]);
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const batches = this.pending;
    this.pending = new Map();
    for (const [vendor, items] of batches) this.track(this.runVendor(vendor, items));
  }

  /** Keep background work for idle(); it never rejects (a rejection here would have no handler and end the process). */
  private track(work: Promise<unknown>): void {
    const tracked: Promise<void> = work
      .then(
        () => undefined,
        (err: unknown) => this.logSafely('error', { err: messageOf(err) }, 'live background work failed'),
      )
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }

  private async runVendor(vendor: VendorId, items: Pending[]): Promise<void> {
    try {
      const agent = this.deps.agents.get(vendor);
      if (!agent) {
        for (const item of items) this.settle(item, { kind: 'failure', failure: 'ERROR', message: `no light agent is configured for retailer "${vendor}"` });
        return;
      }
      const token = randomUUID(); // this batch's leases: released only while they still hold it
      const leasedAtMs = Date.now();
      const leased = await Promise.all(items.map((item) => this.takeLease(item.listing, token)));
      const mine = items.filter((_, i) => leased[i]);
      const theirs = items.filter((_, i) => !leased[i]);
      if (theirs.length > 0) this.track(this.waitForLeaseHolders(theirs));
      if (mine.length > 0) await this.callAgent(agent, mine, token, leasedAtMs + this.batchBudgetMs);
    } catch (err) {
      // Defensive: whatever went wrong, no caller may wait forever; answer them before logging.
      for (const item of items) this.settle(item, { kind: 'failure', failure: 'ERROR', message: messageOf(err) });
      this.logSafely('error', { vendor, err: messageOf(err) }, 'live batch failed unexpectedly');
    }
  }

  private async callAgent(agent: LightAgent, items: Pending[], token: string, deadlineMs: number): Promise<void> {
    const outcomes = await this.askAgent(agent, items.map((i) => i.listing), deadlineMs);
    const nowMs = Date.now();
    const writes: { key: string; value: LiveOffer }[] = [];
    const negatives: { key: string; value: NegativeEntry }[] = [];
    // A 404 is an answer: the retailer no longer sells it, so its last price must not be served on.
    const delisted: string[] = [];
    items.forEach((item, i) => {
      const outcome = outcomes[i]!;
      const { vendor, vendorProductId } = item.listing;
      if (outcome.kind === 'offer') {
        writes.push({ key: tierKeys.live(vendor, vendorProductId), value: outcome.offer });
        if (item.previous && this.deps.publish && offerChanged(item.previous, outcome.offer)) {
          this.publishSafely({ vendor, vendorProductId, offer: outcome.offer, previous: item.previous });
        }
      } else if (!this.closing.signal.aborted) {
        // (A call cut short by our own shutdown says nothing about the retailer: nothing is cached.)
        if (outcome.failure === 'NOT_FOUND') delisted.push(tierKeys.live(vendor, vendorProductId));
        if (outcome.failure !== 'CIRCUIT_OPEN' && this.deps.ttl.liveNegativeSeconds > 0) {
          // An open circuit already stops the calls; a negative entry would only delay its half-open probe.
          const negative: NegativeEntry = { kind: outcome.failure, message: outcome.message, failedAt: new Date(nowMs).toISOString() };
          negatives.push({ key: tierKeys.liveNegative(vendor, vendorProductId), value: negative });
        }
      }
    });
    // Answer the waiting requests first; the in-flight entries stay until the cache holds
    // the answer, so a request whose read raced this write still joins instead of refetching.
    items.forEach((item, i) => this.resolveOnly(item, outcomes[i]!));
    if (this.deps.onFetched && !this.closing.signal.aborted) {
      const observed = items.map((item, i) => ({ listing: item.listing, previous: item.previous, outcome: outcomes[i]! }));
      try {
        this.deps.onFetched(observed);
      } catch (err) {
        this.logSafely('warn', { vendor: agent.vendor, err: messageOf(err) }, 'live observer threw');
      }
    }
    // Writes and deletes in one step (they cannot share a MULTI on a Cluster: other slots).
    // If the delete fails, the NOT_FOUND negative entry still hides the old offer (see delistedBy).
    const { live, liveNegative } = this.deps.cache;
    await Promise.all([
      live.setMany(writes).catch((err: unknown) => this.logSafely('warn', { vendor: agent.vendor, err: messageOf(err) }, 'live tier write failed')),
      liveNegative.setMany(negatives).catch((err: unknown) => this.logSafely('warn', { vendor: agent.vendor, err: messageOf(err) }, 'live tier write failed')),
      delisted.length === 0
        ? undefined
        : this.deps.store.delete(...delisted).catch((err: unknown) => this.logSafely('warn', { vendor: agent.vendor, err: messageOf(err) }, 'live tier delete failed')),
    ]);
    await this.releaseLeases(items, token);
    for (const item of items) this.inflight.delete(listingKey(item.listing));
  }

  /** One agent batch under the batch deadline; one outcome per listing, in order, whatever the agent did. */
  private async askAgent(agent: LightAgent, listings: Listing[], deadlineMs: number): Promise<FetchOutcome[]> {
    let results: (LiveOffer | VendorError)[];
    try {
      results = await agent.getLiveMarketData(listings, { deadlineMs, signal: this.closing.signal });
    } catch (err) {
      const failure = err instanceof VendorError ? err.kind : 'ERROR';
      this.logSafely('warn', { vendor: agent.vendor, listings: listings.length, kind: failure, err: messageOf(err) }, 'live batch failed');
      return listings.map(() => ({ kind: 'failure', failure, message: messageOf(err) }));
    }
    return listings.map((listing, i): FetchOutcome => {
      const result = results[i];
      if (result instanceof VendorError) return { kind: 'failure', failure: result.kind, message: result.message };
      if (!result || result.vendorProductId !== listing.vendorProductId) {
        return { kind: 'failure', failure: 'MALFORMED', message: `the light agent gave no offer for slot ${i} (${listing.vendorProductId})` };
      }
      return { kind: 'offer', offer: result };
    });
  }

  /** True when this process may call the retailer for the listing. A store error counts as yes: availability over dedupe. */
  private async takeLease(listing: Listing, token: string): Promise<boolean> {
    const key = tierKeys.liveLease(listing.vendor, listing.vendorProductId);
    try {
      return await this.deps.store.setIfAbsent(key, token, this.leaseSeconds);
    } catch (err) {
      this.logSafely('warn', { key, err: messageOf(err) }, 'live lease unavailable; fetching without it');
      return true;
    }
  }

  /**
   * Release this batch's leases, each only while it still holds this batch's token: deleting
   * blindly could free a lease another process took after ours expired.
   */
  private async releaseLeases(items: Pending[], token: string): Promise<void> {
    const { store } = this.deps;
    await Promise.all(
      items.map((item) =>
        store.deleteIfEquals(tierKeys.liveLease(item.listing.vendor, item.listing.vendorProductId), token).catch(() => false), // it expires on its own anyway
      ),
    );
  }

  /**
   * Another process holds these listings' leases: read the live tier for its answers, ONE read
   * for the whole batch each time, at a growing interval. Each listing waits until its callers'
   * deadline (never past the lease's life); a wait nobody needs ends at once (a background
   * refresh: the holder fills the cache anyway), and close() ends every wait.
   */
  private async waitForLeaseHolders(items: Pending[]): Promise<void> {
    const startedMs = Date.now();
    const leaseEndMs = startedMs + this.leaseSeconds * 1000;
    const { live, liveNegative } = this.deps.cache;
    let waiting = items;
    let intervalMs = LEASE_POLL_FIRST_MS;
    for (;;) {
      const giveUpAt = (item: Pending) => Math.min(item.waitUntilMs, leaseEndMs);
      const now = Date.now();
      const closing = this.closing.signal.aborted;
      for (const item of waiting.filter((i) => closing || giveUpAt(i) <= now)) {
        this.settle(item, {
          kind: 'failure',
          failure: 'TIMEOUT',
          message: closing ? 'the server is shutting down' : 'another server is fetching this listing and gave no answer in time',
        });
      }
      waiting = waiting.filter((i) => !closing && giveUpAt(i) > now);
      if (waiting.length === 0) return;
      const nextWakeMs = Math.min(intervalMs, Math.max(...waiting.map(giveUpAt)) - now);
      await sleep(nextWakeMs, this.closing.signal);
      intervalMs = Math.min(intervalMs * 2, LEASE_POLL_MAX_MS);
      if (this.closing.signal.aborted) continue;
      const keys = waiting.flatMap(({ listing: l }) => [tierKeys.live(l.vendor, l.vendorProductId), tierKeys.liveNegative(l.vendor, l.vendorProductId)]);
      const raw = await this.deps.store.mget(keys).catch(() => keys.map(() => null));
      waiting = waiting.filter((item, i) => {
        const offer = live.decode(keys[2 * i]!, raw[2 * i], { count: false });
        if (offer && judgeOffer(offer, this.deps.ttl, Date.now()).state === 'fresh') {
          this.settle(item, { kind: 'offer', offer });
          return false;
        }
        const negative = liveNegative.decode(keys[2 * i + 1]!, raw[2 * i + 1], { count: false });
        if (negative && Date.parse(negative.failedAt) >= startedMs - this.leaseSeconds * 1000) {
          this.settle(item, { kind: 'failure', failure: negative.kind, message: negative.message });
          return false;
        }
        return true;
      });
    }
  }

  private resolveOnly(item: Pending, outcome: FetchOutcome): void {
    item.resolve(outcome);
  }

  private settle(item: Pending, outcome: FetchOutcome): void {
    item.resolve(outcome);
    this.inflight.delete(listingKey(item.listing));
  }

  private publishSafely(change: OfferChange): void {
    try {
      this.deps.publish?.(change);
    } catch (err) {
      this.logSafely('warn', { vendor: change.vendor, err: messageOf(err) }, 'offer change subscriber threw');
    }
  }

  /** Log without ever throwing: a broken log sink (e.g. EPIPE on stdout) must not break a fetch or its callers. */
  private logSafely(level: 'warn' | 'error', fields: Record<string, unknown>, message: string): void {
    try {
      this.deps.logger[level](fields, message);
    } catch {
      // Nowhere left to report it.
    }
  }
}

/** Resolve after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done, { once: true });
  });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
