import { Cluster, Redis, type ChainableCommander, type RedisOptions } from 'ioredis';
import { groupKeysByNode } from './cluster-slots.js';
import type { Store } from './store.js';

/**
 * Client options that make a Redis outage cost a request milliseconds, not seconds:
 * a short command timeout, no offline queue (a command sent while disconnected fails
 * at once instead of waiting for a reconnect) and a single retry. Not for pub/sub:
 * a subscriber wants its offline queue so it re-subscribes after a reconnect.
 */
export const FAST_FAIL_REDIS_OPTIONS: RedisOptions = {
  commandTimeout: 500,
  connectTimeout: 2000,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  lazyConnect: true,
};

/** A cache client for `url` with the fast-fail options (not connected yet: `RedisStore.connect()` does that). */
function createRedisClient(url: string, overrides: RedisOptions = {}): Redis {
  return new Redis(url, { ...FAST_FAIL_REDIS_OPTIONS, ...overrides });
}

// Compare-and-delete in one server-side step: a GET then a DEL from the client could delete
// a lease another holder took in between. One key, so it runs on a Cluster too.
const DELETE_IF_EQUALS_LUA = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

export interface RedisStoreOptions {
  /** Prepended to every key; `keys(prefix)` returns keys without it. */
  prefix: string;
  /** Close the client on `close()` (default true: the store made or was handed its own client). */
  ownsClient?: boolean;
}

/**
 * `Store` over ioredis, on a single Redis or a Cluster. Keys are prefixed by hand
 * (not ioredis' `keyPrefix`) so SCAN patterns and results stay consistent.
 * Every method is Cluster-safe: no multi-key command spans hash slots.
 */
export class RedisStore implements Store {
  private readonly prefix: string;
  private readonly ownsClient: boolean;
  private connecting: Promise<void> | undefined;

  constructor(
    readonly client: Redis | Cluster,
    options: RedisStoreOptions,
  ) {
    this.prefix = options.prefix;
    this.ownsClient = options.ownsClient ?? true;
  }

  /** A store on its own fast-fail client for `url`, connecting in the background. */
  static fromUrl(url: string, prefix: string): RedisStore {
    const store = new RedisStore(createRedisClient(url), { prefix });
    // The first connect is awaited by every command; its failure shows as each command's error.
    store.connect().catch(() => undefined);
    return store;
  }

  /**
   * Connect a lazy client (idempotent). With the offline queue off, a command sent
   * before the connection is ready would fail, so every command waits for this first.
   * Rejects when the first attempt fails; ioredis keeps reconnecting in the background.
   */
  connect(): Promise<void> {
    if (!this.connecting) {
      const status = this.client.status;
      this.connecting =
        status === 'wait' ? this.client.connect().then(() => undefined) : Promise.resolve();
    }
    return this.connecting;
  }

  private async ready(): Promise<void> {
    // A failed first connect must not block forever: commands then fail fast on their own.
    await this.connect().catch(() => undefined);
  }

  private k(key: string): string {
    return this.prefix + key;
  }

  async get(key: string): Promise<string | null> {
    await this.ready();
    return this.client.get(this.k(key));
  }

  /** One MGET on a single Redis; on a Cluster one pipeline of GETs per node, in parallel. */
  async mget(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    await this.ready();
    const full = keys.map((key) => this.k(key));
    if (!(this.client instanceof Cluster)) return this.client.mget(...full);
    return this.pipelined(full, (pipeline, key) => pipeline.get(key), (value) => (value as string | null) ?? null);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.ready();
    await this.client.set(this.k(key), value, 'EX', wholeSeconds(ttlSeconds));
  }

  /** A pipeline of SET EX (one per node on a Cluster). */
  async mset(entries: readonly { key: string; value: string; ttlSeconds: number }[]): Promise<void> {
    if (entries.length === 0) return;
    await this.ready();
    const values = new Map(entries.map((e) => [this.k(e.key), e]));
    await this.pipelined([...values.keys()], (pipeline, key) => pipeline.set(key, values.get(key)!.value, 'EX', wholeSeconds(values.get(key)!.ttlSeconds)), () => undefined);
  }

  /** SET NX EX: a lease that expires on its own if its holder dies. */
  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    await this.ready();
    const reply = await this.client.set(this.k(key), value, 'EX', wholeSeconds(ttlSeconds), 'NX');
    return reply === 'OK';
  }

  /** One DEL per key (a multi-key DEL would span hash slots on a Cluster). */
  async delete(...keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    await this.ready();
    if (!(this.client instanceof Cluster)) return this.client.del(...keys.map((key) => this.k(key)));
    const counts = await Promise.all(keys.map((key) => this.client.del(this.k(key))));
    return counts.reduce((a, b) => a + b, 0);
  }

  /** A Lua script (EVAL): the comparison and the DEL are one atomic step on the server. */
  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    await this.ready();
    const removed = await this.client.eval(DELETE_IF_EQUALS_LUA, 1, this.k(key), value);
    return removed === 1;
  }

  async ttlSeconds(key: string): Promise<number | null> {
    await this.ready();
    const ttl = await this.client.ttl(this.k(key));
    // -2: no such key, -1: no expiry.
    return ttl < 0 ? null : ttl;
  }

  /** A pipeline of TTLs (one per node on a Cluster, in parallel). */
  async ttlMany(keys: readonly string[]): Promise<(number | null)[]> {
    if (keys.length === 0) return [];
    await this.ready();
    return this.pipelined(keys.map((key) => this.k(key)), (pipeline, key) => pipeline.ttl(key), (ttl) => (typeof ttl === 'number' && ttl >= 0 ? ttl : null));
  }

  /** ZINCRBY per member and EXPIRE, in one MULTI (one key: one slot). */
  async incrementScores(key: string, increments: ReadonlyMap<string, number>, ttlSeconds: number): Promise<void> {
    if (increments.size === 0) return;
    await this.ready();
    const multi = this.client.multi();
    for (const [member, by] of increments) multi.zincrby(this.k(key), by, member);
    multi.expire(this.k(key), wholeSeconds(ttlSeconds));
    const results = (await multi.exec()) ?? [];
    for (const [err] of results) if (err) throw err;
  }

  async scoresOf(key: string, members: readonly string[]): Promise<(number | null)[]> {
    if (members.length === 0) return [];
    await this.ready();
    const scores = await this.client.zmscore(this.k(key), ...members);
    return scores.map((s) => (s === null ? null : Number(s)));
  }

  /**
   * Per index ZADD, the two trims and EXPIRE, in key order: one MULTI on a single Redis (so no
   * reader sees an index between its ZADD and its trims); on a Cluster one pipeline per node,
   * each index's commands in a row.
   */
  async addToIndexes(keys: readonly string[], members: readonly string[], expiresAtMs: number, ttlSeconds: number, maxMembers: number): Promise<void> {
    if (members.length === 0 || keys.length === 0) return;
    await this.ready();
    const now = Date.now();
    const add = (pipeline: ChainableCommander, full: string) =>
      pipeline
        .zadd(full, ...members.flatMap((m) => [expiresAtMs, m]))
        .zremrangebyscore(full, '-inf', now)
        .zremrangebyrank(full, 0, -(Math.max(1, maxMembers) + 1))
        .expire(full, wholeSeconds(ttlSeconds));
    const full = [...new Set(keys)].map((key) => this.k(key));
    if (this.client instanceof Cluster) {
      await this.pipelined(full, add, () => undefined, 4);
      return;
    }
    const multi = this.client.multi();
    for (const key of full) add(multi, key);
    const results = (await multi.exec()) ?? [];
    for (const [err] of results) if (err) throw err;
  }

  async indexMembers(key: string, nowMs: number): Promise<string[]> {
    await this.ready();
    return this.client.zrangebyscore(this.k(key), `(${nowMs}`, '+inf');
  }

  /** SCAN (never KEYS) on every master of a Cluster, or the one Redis. */
  async keys(prefix: string): Promise<string[]> {
    await this.ready();
    const pattern = escapeGlob(this.k(prefix)) + '*';
    const nodes: Redis[] = this.client instanceof Cluster ? this.client.nodes('master') : [this.client];
    const found = new Set<string>();
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        for (const key of batch) found.add(key.slice(this.prefix.length));
        cursor = next;
      } while (cursor !== '0');
    }
    return [...found];
  }

  /** The connection's state when it is not ready (connecting, reconnecting, closed…), else null. */
  unavailableReason(): string | null {
    const status = this.client.status;
    return status === 'ready' ? null : `redis is ${status === 'wait' ? 'not connected yet' : status}`;
  }

  async close(): Promise<void> {
    if (!this.ownsClient) return;
    if (this.client.status === 'ready') {
      await this.client.quit().catch(() => this.client.disconnect());
    } else {
      // Not connected (or reconnecting): quit would wait for a connection that may never come.
      this.client.disconnect();
    }
  }

  /**
   * `commandsPerKey` commands per key, as one pipeline (one per node on a Cluster, in parallel: a
   * Cluster pipeline must stay within one node); per key the reply of its last command, in key
   * order. Rejects on any command's error.
   */
  private async pipelined<T>(
    fullKeys: readonly string[],
    add: (pipeline: ChainableCommander, key: string) => unknown,
    read: (value: unknown) => T,
    commandsPerKey = 1,
  ): Promise<T[]> {
    const out = new Array<T>(fullKeys.length);
    const groups = this.client instanceof Cluster ? groupKeysByNode(this.client, fullKeys) : [fullKeys.map((_, i) => i)];
    await Promise.all(
      groups.map(async (indexes) => {
        const pipeline = this.client.pipeline();
        for (const i of indexes) add(pipeline, fullKeys[i]!);
        const results = (await pipeline.exec()) ?? [];
        results.forEach(([err, value], j) => {
          if (err) throw err;
          if ((j + 1) % commandsPerKey === 0) out[indexes[(j + 1) / commandsPerKey - 1]!] = read(value);
        });
      }),
    );
    return out;
  }
}

/** Redis TTLs are whole seconds and must be ≥ 1. */
function wholeSeconds(ttlSeconds: number): number {
  return Math.max(1, Math.ceil(ttlSeconds));
}

/** Escape Redis glob metacharacters so a prefix matches literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => '\\' + c);
}
