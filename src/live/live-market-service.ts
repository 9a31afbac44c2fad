import type { LightAgent } from '../agents/types.js';
import type { Config } from '../config.js';
import type { Store } from '../cache/store.js';
import { SmartCacheManager, tierKeys } from '../cache/tiers.js';
import type { LiveOffer } from '../domain/live.js';
import type { Listing, VendorId } from '../domain/product.js';
import type { Logger } from '../logger.js';
import {
  aggregateStatuses,
  delistedBy,
  failureMessage,
  judgeOffer,
  statusOfKind,
  type LiveTtl,
} from './live-entries.js';
import { LiveFetcher } from './live-fetcher.js';
import { listingKey, type NegativeEntry, type FetchOutcome, type LiveMarketResult, type LiveOfferView, type ObservedListing, type OfferChange, type VendorStatus } from './types.js';

export interface LiveMarketServiceDeps {
  store: Store;
  /** Light agents by retailer id (a Map, or a plain record). */
  agents: ReadonlyMap<VendorId, LightAgent> | Readonly<Record<VendorId, LightAgent>>;
  config: Config;
  logger: Logger;
  /** Called when a fetch sees a price or stock change against the cached offer. */
  publish?: (change: OfferChange) => void;
  /** Every retailer batch's answers, with what the live tier held before (subscriptions, price history). */
  onFetched?: (observed: ObservedListing[]) => void;
  /** The process's smart cache manager, so live-tier counters show in its stats (one is made otherwise). */
  cache?: SmartCacheManager;
}

/** A listing's live entry and negative entry, as read from the live tier. */
interface Cached {
  offer: LiveOffer | null;
  negative: NegativeEntry | null;
}

export interface GetLiveMarketDataOptions {
  /**
   * Epoch ms by which this request must have its answer: for a GraphQL operation, its start plus
   * LIVE_DEADLINE_MS, so cache reads and resolver work count against the same budget.
   */
  deadlineAtMs?: number;
  /** Or: how long from now (default config.liveDeadlineMs). */
  deadlineMs?: number;
}

/**
 * The live market service: live price and stock for listings, cache first.
 *
 * - One MGET reads every listing's live entry and negative entry (shared by all requests of one tick).
 * - Fresh entries are served; stale ones (within the grace) are served at once with
 *   `stale: true` while one deduplicated background refresh runs; a negative entry answers
 *   with its status and no offer (or the stale offer, when one is left: stale-if-error),
 *   except NOT_FOUND, which is an answer: a delisted product never shows its last price.
 * - Misses go to the light agents, one batch per retailer, coalesced with every other
 *   request in this process and leased across processes (see LiveFetcher).
 * - A retailer that misses the deadline shows TIMEOUT; its late answer still fills the cache.
 */
export class LiveMarketService {
  private readonly store: Store;
  private readonly cache: SmartCacheManager;
  private readonly ttl: LiveTtl;
  private readonly fetcher: LiveFetcher;
  private readonly logger: Logger;
  /** Told every retailer batch's answers (the subscriptions layer, set once it exists: it refreshes through this service). */
  private onFetched: ((observed: ObservedListing[]) => void) | undefined;
  private pendingReads: { listings: readonly Listing[]; resolve: (cached: Cached[]) => void }[] = [];

  constructor(private readonly deps: LiveMarketServiceDeps) {
    this.store = deps.store;
    this.logger = deps.logger.child({ component: 'live-market-service' });
    this.cache = deps.cache ?? new SmartCacheManager(deps.store, deps.config, deps.logger);
    this.ttl = deps.config.ttl;
    this.onFetched = deps.onFetched;
    this.fetcher = new LiveFetcher({
      store: deps.store,
      cache: this.cache,
      agents: deps.agents instanceof Map ? deps.agents : new Map(Object.entries(deps.agents)),
      ttl: this.ttl,
      config: deps.config,
      logger: this.logger,
      publish: deps.publish,
      onFetched: (observed) => this.onFetched?.(observed),
    });
  }

  /**
   * Live data for a batch of listings: cache first, misses grouped per retailer into ONE
   * agent batch each, under the deadline. Never rejects: every failure is a status.
   */
  async getLiveMarketData(listings: readonly Listing[], options: GetLiveMarketDataOptions = {}): Promise<LiveMarketResult> {
    const deadlineAtMs = options.deadlineAtMs ?? Date.now() + (options.deadlineMs ?? this.deps.config.liveDeadlineMs);
    const deadlineText =
      options.deadlineAtMs === undefined
        ? `the ${options.deadlineMs ?? this.deps.config.liveDeadlineMs} ms live deadline`
        : `the live deadline (${this.deps.config.liveDeadlineMs} ms from the request's start)`;
    const unique = [...new Map(listings.map((l) => [listingKey(l), l])).values()];
    const offers = new Map<string, LiveOfferView>();
    const listingStatuses = new Map<string, VendorStatus>();
    const cached = await this.readCached(unique);
    const nowMs = Date.now();
    const misses: { listing: Listing; outcome: Promise<FetchOutcome> }[] = [];

    unique.forEach((listing, i) => {
      const key = listingKey(listing);
      const { offer, negative } = cached[i]!;
      const judged = judgeOffer(offer, this.ttl, nowMs);
      const vendor = listing.vendor;
      if (negative && delistedBy(offer, negative)) {
        // The retailer answered 404 since this offer was fetched: no offer, whatever is left of it.
        listingStatuses.set(key, { vendor, status: statusOfKind(negative.kind), message: failureMessage(negative.kind, negative.message) });
      } else if (judged.state === 'fresh') {
        offers.set(key, { ...judged.offer, stale: false });
        listingStatuses.set(key, { vendor, status: 'OK', message: null });
      } else if (negative) {
        if (judged.state === 'stale') {
          offers.set(key, { ...judged.offer, stale: true });
          listingStatuses.set(key, { vendor, status: 'STALE', message: `${staleMessage(judged.ageSeconds)}; last refresh failed (${failureMessage(negative.kind, negative.message)})` });
        } else {
          listingStatuses.set(key, { vendor, status: statusOfKind(negative.kind), message: failureMessage(negative.kind, negative.message) });
        }
      } else if (judged.state === 'stale') {
        offers.set(key, { ...judged.offer, stale: true });
        listingStatuses.set(key, { vendor, status: 'STALE', message: `${staleMessage(judged.ageSeconds)}; refreshing` });
        // Stale-while-revalidate: nobody waits for this; the fetcher dedupes it.
        void this.fetcher.fetch(listing, judged.offer);
      } else {
        misses.push({ listing, outcome: this.fetcher.fetch(listing, offer, { waitUntilMs: deadlineAtMs }) });
      }
    });

    if (misses.length > 0) {
      const answered = await this.withinDeadline(misses.map((m) => m.outcome), deadlineAtMs);
      misses.forEach(({ listing }, i) => {
        const key = listingKey(listing);
        const outcome = answered[i];
        if (!outcome) {
          listingStatuses.set(key, { vendor: listing.vendor, status: 'TIMEOUT', message: `no answer within ${deadlineText}` });
        } else if (outcome.kind === 'offer') {
          offers.set(key, { ...outcome.offer, stale: false });
          listingStatuses.set(key, { vendor: listing.vendor, status: 'OK', message: null });
        } else {
          listingStatuses.set(key, { vendor: listing.vendor, status: statusOfKind(outcome.failure), message: failureMessage(outcome.failure, outcome.message) });
        }
      });
    }
    return { offers, statuses: aggregateStatuses(listingStatuses.values()), listingStatuses };
  }

  /** Set who is told every retailer batch's answers with what the live tier held before (one observer). */
  observe(observer: (observed: ObservedListing[]) => void): void {
    this.onFetched = observer;
  }

  /**
   * Read these listings from their retailers now, whatever the live tier holds (the live
   * refresher of subscriptions), and write what was read to the live tier. Listings asked for in
   * the same tick share one agent batch per retailer, as on the request path; a listing in flight
   * (another request's fetch) is joined, not fetched twice. Never rejects.
   */
  async refresh(listings: readonly Listing[]): Promise<FetchOutcome[]> {
    const unique = [...new Map(listings.map((l) => [listingKey(l), l])).values()];
    const cached = await this.readCached(unique);
    return Promise.all(unique.map((listing, i) => this.fetcher.fetch(listing, cached[i]!.offer)));
  }

  /** Resolves when every background fetch and cache write started so far has settled (tests). */
  idle(): Promise<void> {
    return this.fetcher.idle();
  }

  /** Shutdown: retailer calls in flight are aborted and waits on other servers' leases end; resolves once idle. */
  close(): Promise<void> {
    return this.fetcher.close();
  }

  /**
   * The cached state of these listings. Reads asked for in the same tick share ONE MGET, so
   * concurrent requests also classify their misses in the same tick and those misses land
   * in the same per-retailer batch (the fetcher collects until the next macrotask).
   */
  private readCached(listings: readonly Listing[]): Promise<Cached[]> {
    return new Promise((resolve) => {
      this.pendingReads.push({ listings, resolve });
      if (this.pendingReads.length === 1) process.nextTick(() => void this.flushReads());
    });
  }

  private async flushReads(): Promise<void> {
    const reads = this.pendingReads;
    this.pendingReads = [];
    const unique = [...new Map(reads.flatMap((r) => r.listings.map((l) => [listingKey(l), l] as const))).values()];
    const cached = await this.readStore(unique);
    const byKey = new Map(unique.map((l, i) => [listingKey(l), cached[i]!]));
    for (const read of reads) read.resolve(read.listings.map((l) => byKey.get(listingKey(l))!));
  }

  /** One MGET for every listing's offer and negative entry; a store error reads as all-miss. */
  private async readStore(listings: readonly Listing[]): Promise<Cached[]> {
    const dataKeys = listings.map((l) => tierKeys.live(l.vendor, l.vendorProductId));
    const negKeys = listings.map((l) => tierKeys.liveNegative(l.vendor, l.vendorProductId));
    let raw: (string | null)[];
    try {
      raw = listings.length === 0 ? [] : await this.store.mget([...dataKeys, ...negKeys]);
    } catch (err) {
      this.cache.live.counters.errors += listings.length;
      this.cache.live.counters.misses += listings.length;
      this.logger.warn({ listings: listings.length, err: err instanceof Error ? err.message : String(err) }, 'live tier read failed; fetching from retailers');
      return listings.map(() => ({ offer: null, negative: null }));
    }
    return listings.map((_, i) => ({
      offer: this.cache.live.decode(dataKeys[i]!, raw[i]),
      negative: this.cache.liveNegative.decode(negKeys[i]!, raw[listings.length + i], { count: false }),
    }));
  }

  /** Each promise's value if it settled before the deadline (epoch ms), else undefined. */
  private async withinDeadline<T>(promises: Promise<T>[], deadlineAtMs: number): Promise<(T | undefined)[]> {
    const results: (T | undefined)[] = new Array<T | undefined>(promises.length).fill(undefined);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadlineAtMs - Date.now()))));
    const all = Promise.all(promises.map((p, i) => p.then((v) => void (results[i] = v))));
    await Promise.race([all, deadline]);
    clearTimeout(timer);
    return [...results];
  }
}

function staleMessage(ageSeconds: number): string {
  return `served from cache, fetched ${Math.round(ageSeconds)} s ago`;
}
