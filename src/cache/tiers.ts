import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import type { Config } from '../config.js';
import type { LiveOffer, NegativeEntry } from '../domain/live.js';
import type { StaticProduct, VendorId, VendorProductRecord } from '../domain/product.js';
import type { ProvisionalAnswer, RankedSearch } from '../domain/search.js';
import type { Logger } from '../logger.js';
import { MemoryStore } from './memory-store.js';
import { RedisStore } from './redis-store.js';
import {
  CrawlSnapshotShape,
  LiveOfferShape,
  NegativeEntryShape,
  ProvisionalAnswerShape,
  RankedSearchShape,
  SHAPE_VERSIONS,
  StaticProductShape,
  RecentlyViewedShape,
  StoredUserShape,
  type StoredUser,
} from './shapes.js';
import type { Store } from './store.js';

/**
 * The smart cache manager: four tiers over one Store, each with its key naming, TTL,
 * value shape (zod, see shapes.ts) and hit/miss counters that monitoring reads.
 *
 * | tier   | keys (vN: the tier's shape version)                          | TTL                      |
 * |--------|--------------------------------------------------------------|--------------------------|
 * | static | static:vN:product:<id>                                       | ttl.staticSeconds (30 d) |
 * | live   | live:vN:<vendor>:<vendorProductId> (+ neg:live:vN:… for failures) | ttl.liveSeconds + stale grace (freshness is judged by the live market service from `fetchedAt`) |
 * | query  | query:vN:global:<hash>, query:vN:user:<userId>:<hash>        | ttl.querySeconds (1 h)   |
 * | user   | user:vN:<id> (preferences), user:vN:<id>:recent (recently viewed) | ttl.userSeconds (7 d) |
 * | response | response:v2:… (src/cache/response-cache.ts: answers and their indexes) | ≤ ttl.querySeconds |
 *
 * Counters are per process; `shareCounters` adds them to one sorted set (stats:v1:tiers) so
 * `clusterStats` is every server's. A user's query entries are indexed (query:vN:by-user:<id>)
 * so a preference change drops them.
 *
 * Reads fail open: a value of another shape or a store error reads as a miss (logged and
 * counted), so a cache problem never errors a request. Writes reject, so the caller decides.
 */

/** `response`: the response cache on the query tier (whole answers, src/cache/response-cache.ts). */
export const TIER_NAMES = ['static', 'live', 'query', 'user', 'response'] as const;
export type TierName = (typeof TIER_NAMES)[number];

const v = SHAPE_VERSIONS;

/** Key naming for every tier, in one place. Each key carries its tier's shape version. */
export const tierKeys = {
  /** Prefix of every static product record (for a SCAN of the whole tier). */
  staticProductPrefix: `static:v${v.static}:product:`,
  staticProduct: (productId: string) => `static:v${v.static}:product:${productId}`,
  /** One retailer's last crawl, as read (the heavy track re-merges every retailer's into products). */
  crawlSnapshot: (vendor: VendorId) => `static:v${v.static}:crawl:${vendor}`,
  /** How often each product was shown, cluster-wide (a sorted set: refresh-ahead serves the most-requested first). */
  productDemand: `static:v${v.static}:demand`,
  /** Held for one refresh-ahead period by the worker that scans for expiring records (one scan cluster-wide). */
  refreshAheadLease: `lease:static:v${v.static}:refresh-ahead`,
  /** Held while a process merges crawl snapshots into the static tier, so two workers never interleave. */
  ingestLease: `lease:static:v${v.static}:ingest`,
  live: (vendor: VendorId, vendorProductId: string) => `live:v${v.live}:${vendor}:${vendorProductId}`,
  /** Prefix of one retailer's live offers. */
  liveVendorPrefix: (vendor: VendorId) => `live:v${v.live}:${vendor}:`,
  /** A failed fetch's status (never data), kept briefly so a failing retailer is not hammered. */
  liveNegative: (vendor: VendorId, vendorProductId: string) => `neg:live:v${v.live}:${vendor}:${vendorProductId}`,
  /** Prefix of one retailer's negative entries. */
  liveNegativeVendorPrefix: (vendor: VendorId) => `neg:live:v${v.live}:${vendor}:`,
  /** Cross-process lease so only one process fetches a listing at a time. */
  liveLease: (vendor: VendorId, vendorProductId: string) => `lease:live:v${v.live}:${vendor}:${vendorProductId}`,
  queryGlobal: (hash: string) => `query:v${v.query}:global:${hash}`,
  /** A search miss's provisional answer while its analyze-query job runs. */
  queryMiss: (searchKey: string) => `query:v${v.query}:miss:${searchKey}`,
  queryUser: (userId: string, hash: string) => `query:v${v.query}:user:${userId}:${hash}`,
  /** One user's query entries (an index scored by expiry): dropped when their preferences change. */
  queryUserIndex: (userId: string) => `query:v${v.query}:by-user:${userId}`,
  /** Every process's read counters per tier, summed (a sorted set: member "<tier>:<outcome>"). */
  clusterCounters: 'stats:v1:tiers',
  user: (userId: string) => `user:v${v.user}:${userId}`,
  userRecentlyViewed: (userId: string) => `user:v${v.user}:${userId}:recent`,
} as const;

/** A stable hash of a query's inputs (object keys sorted), for query-tier keys. */
export function queryHash(input: unknown): string {
  return createHash('sha256').update(stableJson(input)).digest('hex').slice(0, 32);
}

/** JSON with object keys sorted (undefined dropped): equal inputs give equal text whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface TierCounters {
  hits: number;
  misses: number;
  /** Values that were present but not of the tier's shape (not JSON, or not what the schema says): read as misses too. */
  corrupt: number;
  /** Store errors on read (read as misses too). */
  errors: number;
}

/** Live offers kept decoded in-process (a few KB each): two listings a product for a few thousand products. */
const LIVE_OFFERS_KEPT_DECODED = 8_192;
/**
 * Query-tier entries kept decoded in-process (ranked ids with their reasons, 1-15 KB of JSON each):
 * a warm search whose entry is unchanged parses and validates nothing (25-80 us a read before).
 */
const QUERY_ENTRIES_KEPT_DECODED = 2_048;
/** Query entries one user's index remembers at most. */
const MAX_USER_QUERY_ENTRIES = 1_000;
/** Cluster-wide counters live this long past the last process that added to them. */
const CLUSTER_COUNTERS_TTL_SECONDS = 30 * 86_400;
const OUTCOMES = ['hits', 'misses', 'corrupt', 'errors'] as const;

export interface TierStats extends TierCounters {
  /** hits / (hits + misses), null before any read. */
  hitRate: number | null;
}

/** Freeze a decoded JSON value and everything in it (plain objects and arrays only). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** One tier: JSON values of shape T under its own TTL, with counters. */
export class JsonTier<T> {
  /**
   * Decoded values by key with the text each came from (keepDecoded): a value read again
   * unchanged is served without parsing or validating it again. Frozen, since every reader shares it.
   */
  private decoded: LRUCache<string, { text: string; value: T }> | null = null;

  constructor(
    readonly name: TierName,
    readonly store: Store,
    /** Physical TTL written with each value. */
    readonly ttlSeconds: number,
    /** What a value must look like to be served; anything else is a corrupt miss. */
    private readonly shape: z.ZodType<T>,
    private readonly logger: Logger,
    /** Shared by the views of one tier (the live tier's offers and negative entries). */
    readonly counters: TierCounters = { hits: 0, misses: 0, corrupt: 0, errors: 0 },
  ) {}

  /**
   * Keep up to `max` decoded values (for a tier read far more often than written, whose values
   * are read many at a time: the live tier, read for every ranked window). The store is still
   * read every time: only the parse of an unchanged text is saved.
   */
  keepDecoded(max: number): this {
    this.decoded = new LRUCache({ max });
    return this;
  }

  /** The value under `key`, or null on a miss, a corrupt value or a store error. */
  async get(key: string): Promise<T | null> {
    const [value] = await this.getMany([key]);
    return value ?? null;
  }

  /** One round trip for many keys; one result per key, in key order. A store error reads as all-miss. */
  async getMany(keys: readonly string[]): Promise<(T | null)[]> {
    try {
      return await this.getManyOrThrow(keys);
    } catch (err) {
      this.logger.warn({ tier: this.name, keys: keys.length, err: errorMessage(err) }, 'cache read failed; treated as miss');
      return keys.map(() => null);
    }
  }

  /**
   * Like getMany, but a store error rejects (counted as errors and misses): for callers that
   * must tell "not cached" from "the cache cannot be read" (the static tier during an outage).
   */
  async getManyOrThrow(keys: readonly string[]): Promise<(T | null)[]> {
    if (keys.length === 0) return [];
    let raw: (string | null)[];
    try {
      raw = await this.store.mget(keys);
    } catch (err) {
      this.counters.errors += keys.length;
      this.counters.misses += keys.length;
      throw err;
    }
    return raw.map((text, i) => this.decode(keys[i]!, text));
  }

  /**
   * Parse one raw value read by the caller (e.g. in a shared MGET with other keys).
   * `count: false` leaves hit/miss counters alone (for side keys such as negative entries).
   */
  decode(key: string, text: string | null | undefined, options: { count?: boolean } = {}): T | null {
    const count = options.count ?? true;
    if (text == null) {
      if (count) this.counters.misses++;
      return null;
    }
    const known = this.decoded?.get(key);
    if (known && known.text === text) {
      if (count) this.counters.hits++;
      return known.value;
    }
    let why: string;
    try {
      const parsed = this.shape.safeParse(JSON.parse(text));
      if (parsed.success) {
        if (count) this.counters.hits++;
        if (this.decoded) this.decoded.set(key, { text, value: deepFreeze(parsed.data) });
        return parsed.data;
      }
      why = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`)
        .join('; ');
    } catch (err) {
      why = errorMessage(err);
    }
    this.markCorrupt(key, why, count);
    return null;
  }

  /**
   * Count (and log) a value that is present but unusable; it reads as a miss. `wasHit`: the caller
   * rejects a value this tier decoded (and counted as a hit), e.g. a record under another id's key.
   */
  markCorrupt(key: string, why: string, count = true, wasHit = false): void {
    this.counters.corrupt++;
    if (count) this.counters.misses++;
    if (wasHit && count) this.counters.hits--;
    this.logger.warn({ tier: this.name, key, why }, 'cache value of another shape; treated as miss');
  }

  /** Write one value (TTL defaults to the tier's). */
  async set(key: string, value: T, ttlSeconds: number = this.ttlSeconds): Promise<void> {
    await this.store.set(key, JSON.stringify(value), ttlSeconds);
  }

  /** Write many values in one round trip. */
  async setMany(entries: readonly { key: string; value: T; ttlSeconds?: number }[]): Promise<void> {
    await this.store.mset(
      entries.map((e) => ({ key: e.key, value: JSON.stringify(e.value), ttlSeconds: e.ttlSeconds ?? this.ttlSeconds })),
    );
  }

  async delete(...keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    return this.store.delete(...keys);
  }

  stats(): TierStats {
    const reads = this.counters.hits + this.counters.misses;
    return { ...this.counters, hitRate: reads === 0 ? null : this.counters.hits / reads };
  }
}

/**
 * The smart cache manager: the four tiers, each a typed JsonTier with its shape. The static
 * tier may sit on a store of its own (embedded mode keeps static records out of the LRU that
 * bounds the other tiers); every other tier shares `store`.
 */
export class SmartCacheManager {
  readonly static: JsonTier<StaticProduct>;
  /** Each retailer's last crawl, beside the static records (not counted in the tier stats). */
  readonly crawlSnapshots: JsonTier<VendorProductRecord[]>;
  readonly live: JsonTier<LiveOffer>;
  /** The live tier's negative entries: its counters, read without counting hits and misses. */
  readonly liveNegative: JsonTier<NegativeEntry>;
  readonly query: JsonTier<RankedSearch>;
  /** The query tier's provisional answers of search misses (its counters). */
  readonly queryMiss: JsonTier<ProvisionalAnswer>;
  readonly user: JsonTier<StoredUser>;
  /** The user tier's recently viewed lists (its counters). */
  readonly userRecent: JsonTier<string[]>;
  /** The response cache's counters (its store is src/cache/response-cache.ts, on this manager's store). */
  readonly response: TierCounters = { hits: 0, misses: 0, corrupt: 0, errors: 0 };

  constructor(
    readonly store: Store,
    readonly config: Pick<Config, 'ttl'>,
    logger: Logger,
    options: { staticStore?: Store } = {},
  ) {
    const t = config.ttl;
    const log = logger.child({ component: 'smart-cache-manager' });
    this.static = new JsonTier('static', options.staticStore ?? store, t.staticSeconds, StaticProductShape, log);
    this.crawlSnapshots = new JsonTier('static', options.staticStore ?? store, t.staticSeconds, CrawlSnapshotShape, log);
    // Physical TTL keeps stale entries readable for stale-while-revalidate.
    // Every search ranks its window with the live offers of each product in it: kept decoded.
    this.live = new JsonTier('live', store, t.liveSeconds + t.liveStaleGraceSeconds, LiveOfferShape, log).keepDecoded(LIVE_OFFERS_KEPT_DECODED);
    this.liveNegative = new JsonTier('live', store, t.liveNegativeSeconds, NegativeEntryShape, log, this.live.counters);
    this.query = new JsonTier('query', store, t.querySeconds, RankedSearchShape, log).keepDecoded(QUERY_ENTRIES_KEPT_DECODED);
    this.queryMiss = new JsonTier('query', store, t.querySeconds, ProvisionalAnswerShape, log, this.query.counters);
    this.user = new JsonTier('user', store, t.userSeconds, StoredUserShape, log);
    this.userRecent = new JsonTier('user', store, t.userSeconds, RecentlyViewedShape, log, this.user.counters);
  }

  /** Remember a query entry of one user, so `dropUserQueries` finds it (an index bounded and with a TTL). */
  async rememberUserQuery(userId: string, key: string): Promise<void> {
    const ttl = this.config.ttl.querySeconds;
    await this.store.addToIndexes([tierKeys.queryUserIndex(userId)], [key], Date.now() + ttl * 1000, ttl, MAX_USER_QUERY_ENTRIES);
  }

  /** Drop every query entry of one user (their preferences changed). */
  async dropUserQueries(userId: string): Promise<void> {
    const index = tierKeys.queryUserIndex(userId);
    const keys = await this.store.indexMembers(index, Date.now());
    await this.store.delete(...keys, index);
  }

  /** Counters already added to the cluster-wide sums, per tier. */
  private readonly shared = new Map<TierName, TierCounters>();
  private sharing: NodeJS.Timeout | undefined;

  /**
   * Add this process's counts since the last call to the cluster-wide sums (one ZINCRBY batch on
   * one key). On Redis every server adds its own, so `clusterStats` is the whole cluster's.
   */
  async shareCounters(): Promise<void> {
    const increments = new Map<string, number>();
    const now = this.counters();
    for (const tier of TIER_NAMES) {
      const before = this.shared.get(tier) ?? { hits: 0, misses: 0, corrupt: 0, errors: 0 };
      for (const outcome of OUTCOMES) {
        const by = now[tier][outcome] - before[outcome];
        if (by !== 0) increments.set(`${tier}:${outcome}`, by);
      }
    }
    if (increments.size === 0) return;
    await this.store.incrementScores(tierKeys.clusterCounters, increments, CLUSTER_COUNTERS_TTL_SECONDS);
    for (const tier of TIER_NAMES) this.shared.set(tier, { ...now[tier] });
  }

  /** Share the counters every `intervalMs` (a timer that does not keep the process alive) until `stopSharing`. */
  startSharing(intervalMs: number, logger: Logger): void {
    this.sharing ??= setInterval(() => {
      this.shareCounters().catch((err: unknown) => logger.debug({ err: errorMessage(err) }, 'cache counters not shared this time'));
    }, intervalMs).unref();
  }

  /** Stop the timer and share what is left (best effort). */
  async stopSharing(): Promise<void> {
    if (!this.sharing) return;
    clearInterval(this.sharing);
    this.sharing = undefined;
    await this.shareCounters().catch(() => undefined);
  }

  /** Every process's counters summed per tier (as far as each has shared them). */
  async clusterStats(): Promise<Record<TierName, TierStats>> {
    const members = TIER_NAMES.flatMap((tier) => OUTCOMES.map((outcome) => `${tier}:${outcome}`));
    const scores = await this.store.scoresOf(tierKeys.clusterCounters, members);
    const out = {} as Record<TierName, TierStats>;
    TIER_NAMES.forEach((tier, t) => {
      const [hits, misses, corrupt, errors] = OUTCOMES.map((_, o) => scores[t * OUTCOMES.length + o] ?? 0) as [number, number, number, number];
      out[tier] = { hits, misses, corrupt, errors, hitRate: hits + misses === 0 ? null : hits / (hits + misses) };
    });
    return out;
  }

  private counters(): Record<TierName, TierCounters> {
    return { static: this.static.counters, live: this.live.counters, query: this.query.counters, user: this.user.counters, response: this.response };
  }

  /** Hit/miss/corrupt counters per tier, for /health and the performance monitor. */
  stats(): Record<TierName, TierStats> {
    const reads = this.response.hits + this.response.misses;
    const response = { ...this.response, hitRate: reads === 0 ? null : this.response.hits / reads };
    return { static: this.static.stats(), live: this.live.stats(), query: this.query.stats(), user: this.user.stats(), response };
  }
}

/**
 * The store for this process: Redis when `config.redisUrl` is set (shared by every server,
 * connecting in the background; a failed first connect is logged and ioredis keeps
 * retrying while commands fail fast), in-process memory otherwise.
 */
export function createStore(config: Pick<Config, 'redisUrl' | 'redisKeyPrefix'>, logger: Logger): Store {
  if (!config.redisUrl) return new MemoryStore();
  const store = RedisStore.fromUrl(config.redisUrl, config.redisKeyPrefix);
  const log = logger.child({ component: 'redis-store' });
  store.connect().then(
    () => log.info('redis connected'),
    (err: unknown) => log.error({ err: errorMessage(err) }, 'redis connect failed; cache reads will miss until it is back'),
  );
  store.client.on('error', (err: unknown) => log.warn({ err: errorMessage(err) }, 'redis client error'));
  return store;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
