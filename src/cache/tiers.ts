import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { StaticProduct, VendorId } from '../domain/product.js';
import type { Logger } from '../logger.js';
import { MemoryStore } from './memory-store.js';
import { RedisStore } from './redis-store.js';
import type { Store } from './store.js';

/**
 * The smart cache manager: four tiers over one Store, each with its key naming, TTL,
 * JSON (de)serialisation and hit/miss counters that monitoring reads.
 *
 * | tier   | keys                                                   | TTL                      |
 * |--------|--------------------------------------------------------|--------------------------|
 * | static | static:product:<id>                                    | ttl.staticSeconds (30 d) |
 * | live   | live:<vendor>:<vendorProductId> (+ neg:live:… for failures) | ttl.liveSeconds + stale grace (freshness is judged by the live market service from `fetchedAt`) |
 * | query  | query:global:<hash>, query:user:<userId>:<hash>        | ttl.querySeconds (1 h)   |
 * | user   | user:<id>                                              | ttl.userSeconds (7 d)    |
 *
 * Reads fail open: a corrupt value or a store error reads as a miss (logged and counted),
 * so a cache problem never errors a request. Writes reject, so the caller decides.
 */

export const TIER_NAMES = ['static', 'live', 'query', 'user'] as const;
export type TierName = (typeof TIER_NAMES)[number];

/** Key naming for every tier, in one place. */
export const tierKeys = {
  staticProduct: (productId: string) => `static:product:${productId}`,
  live: (vendor: VendorId, vendorProductId: string) => `live:${vendor}:${vendorProductId}`,
  /** A failed fetch's status (never data), kept briefly so a failing retailer is not hammered. */
  liveNegative: (vendor: VendorId, vendorProductId: string) => `neg:live:${vendor}:${vendorProductId}`,
  /** Cross-process lease so only one process fetches a listing at a time. */
  liveLease: (vendor: VendorId, vendorProductId: string) => `lease:live:${vendor}:${vendorProductId}`,
  queryGlobal: (hash: string) => `query:global:${hash}`,
  queryUser: (userId: string, hash: string) => `query:user:${userId}:${hash}`,
  user: (userId: string) => `user:${userId}`,
} as const;

/** A stable hash of a query's inputs (object keys sorted), for query-tier keys. */
export function queryHash(input: unknown): string {
  return createHash('sha256').update(stableJson(input)).digest('hex').slice(0, 32);
}

function stableJson(value: unknown): string {
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
  /** Values that were present but not valid JSON (read as misses too). */
  corrupt: number;
  /** Store errors on read (read as misses too). */
  errors: number;
}

export interface TierStats extends TierCounters {
  /** hits / (hits + misses), null before any read. */
  hitRate: number | null;
}

/** One tier: JSON values of type T under its own TTL, with counters. */
export class JsonTier<T> {
  readonly counters: TierCounters = { hits: 0, misses: 0, corrupt: 0, errors: 0 };

  constructor(
    readonly name: TierName,
    readonly store: Store,
    /** Physical TTL written with each value. */
    readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** The value under `key`, or null on a miss, a corrupt value or a store error. */
  async get(key: string): Promise<T | null> {
    const [value] = await this.getMany([key]);
    return value ?? null;
  }

  /** One round trip for many keys; one result per key, in key order. */
  async getMany(keys: readonly string[]): Promise<(T | null)[]> {
    if (keys.length === 0) return [];
    let raw: (string | null)[];
    try {
      raw = await this.store.mget(keys);
    } catch (err) {
      this.counters.errors += keys.length;
      this.counters.misses += keys.length;
      this.logger.warn({ tier: this.name, keys: keys.length, err: errorMessage(err) }, 'cache read failed; treated as miss');
      return keys.map(() => null);
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
    try {
      const value = JSON.parse(text) as T;
      if (count) this.counters.hits++;
      return value;
    } catch (err) {
      this.counters.corrupt++;
      if (count) this.counters.misses++;
      this.logger.warn({ tier: this.name, key, err: errorMessage(err) }, 'corrupt cache value; treated as miss');
      return null;
    }
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
    return this.store.delete(...keys);
  }

  stats(): TierStats {
    const reads = this.counters.hits + this.counters.misses;
    return { ...this.counters, hitRate: reads === 0 ? null : this.counters.hits / reads };
  }
}

/**
 * The smart cache manager: the four tiers over one store. `tier<T>(name)` gives a typed
 * view for tiers whose value shape belongs to another module (live entries, query results,
 * user context); views of one tier share its counters.
 */
export class SmartCacheManager {
  private readonly tiers: Record<TierName, JsonTier<unknown>>;

  constructor(
    readonly store: Store,
    readonly config: Pick<Config, 'ttl'>,
    logger: Logger,
  ) {
    const t = config.ttl;
    const log = logger.child({ component: 'smart-cache-manager' });
    this.tiers = {
      static: new JsonTier('static', store, t.staticSeconds, log),
      // Physical TTL keeps stale entries readable for stale-while-revalidate.
      live: new JsonTier('live', store, t.liveSeconds + t.liveStaleGraceSeconds, log),
      query: new JsonTier('query', store, t.querySeconds, log),
      user: new JsonTier('user', store, t.userSeconds, log),
    };
  }

  /** A typed view of one tier; the caller owns the value shape. */
  tier<T>(name: TierName): JsonTier<T> {
    return this.tiers[name] as JsonTier<T>;
  }

  /** Static product records (30 days). */
  get staticProducts(): JsonTier<StaticProduct> {
    return this.tier<StaticProduct>('static');
  }

  /** Hit/miss counters per tier, for the performance monitor. */
  stats(): Record<TierName, TierStats> {
    return {
      static: this.tiers.static.stats(),
      live: this.tiers.live.stats(),
      query: this.tiers.query.stats(),
      user: this.tiers.user.stats(),
    };
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
