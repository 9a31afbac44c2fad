/**
 * The one storage interface every cache tier uses. Two backends implement it:
 * `RedisStore` (production, shared by many servers) and `MemoryStore` (embedded mode).
 * Values are strings; tiers do their own (de)serialisation.
 *
 * Cluster-safe by contract: no method needs keys to share a hash slot
 * (`mget` is one MGET on a single Redis and a per-node pipeline on a Cluster).
 */
export interface Store {
  get(key: string): Promise<string | null>;
  /** One round trip; result in key order, null for a missing key. */
  mget(keys: readonly string[]): Promise<(string | null)[]>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Many sets in one round trip. */
  mset(entries: readonly { key: string; value: string; ttlSeconds: number }[]): Promise<void>;
  /** Set only when absent (a lease / lock). True when this call took it. */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  delete(...keys: string[]): Promise<number>;
  /**
   * Delete `key` only while it holds `value`, atomically (release a lease this holder still
   * owns, never one another holder took after it expired). True when it deleted the key.
   */
  deleteIfEquals(key: string, value: string): Promise<boolean>;
  /** Remaining time to live in seconds; null when the key is missing or has none. */
  ttlSeconds(key: string): Promise<number | null>;
  /** ttlSeconds for many keys in one round trip (a pipeline per node on a Cluster), in key order. */
  ttlMany(keys: readonly string[]): Promise<(number | null)[]>;
  /**
   * Add to members' scores in the sorted set `key` (ZINCRBY; created when missing) and give the
   * set `ttlSeconds` to live. One key, so one node on a Cluster.
   */
  incrementScores(key: string, increments: ReadonlyMap<string, number>, ttlSeconds: number): Promise<void>;
  /** The members' scores in the sorted set `key` (ZMSCORE), null for a member (or set) that is absent. */
  scoresOf(key: string, members: readonly string[]): Promise<(number | null)[]>;
  /**
   * Add members to each index in `keys`: sorted sets scored by each member's expiry (ms since the
   * epoch). Members already expired go, then all but the `maxMembers` latest-expiring, and each
   * index gets `ttlSeconds` to live: an index never outgrows its bound or outlives its entries.
   * One round trip (a pipeline per node on a Cluster; each index is one key, so one node).
   */
  addToIndexes(keys: readonly string[], members: readonly string[], expiresAtMs: number, ttlSeconds: number, maxMembers: number): Promise<void>;
  /** Members of the index `key` that have not expired at `nowMs`. */
  indexMembers(key: string, nowMs: number): Promise<string[]>;
  /** Every key under a prefix (SCAN on Redis; never KEYS). */
  keys(prefix: string): Promise<string[]>;
  /** Why the store cannot be used right now (e.g. "redis is reconnecting"), or null when it can. */
  unavailableReason(): string | null;
  close(): Promise<void>;
}
