import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/cache/redis-store.js';
import type { Store } from '../../src/cache/store.js';
import { SmartCacheManager } from '../../src/cache/tiers.js';
import { CatalogService } from '../../src/catalog/catalog-service.js';
import { CATALOG_EVENTS } from '../../src/catalog/catalog-events.js';
import { ProductSearchService } from '../../src/catalog/product-search.js';
import { RedisCatalogEvents, subscriberConnectionName } from '../../src/catalog/redis-catalog-events.js';
import { StaticProductService } from '../../src/catalog/static-product-service.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { until } from '../live/support/harness.js';
import { deleteKeys, REDIS_URL } from '../support/test-app.js';
import { redisTarget, startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { crawled } from './helpers.js';

const logger = createLogger('silent');

const { evoDoa, bcDoa, evoInstigator } = crawled;
const DOA = 'snowboard-capita-doa-2026-mens';
const DOA_EVO_ONLY = 'snowboard-capita-doa-2026';
const INSTIGATOR = 'snowboard-burton-instigator-camber-2026-mens';

/** A Store that remembers how many reads were in flight at once (to show applies never interleave). */
class OverlapStore implements Store {
  inFlight = 0;
  maxInFlight = 0;
  constructor(private readonly inner: Store) {}
  private async read<T>(run: () => Promise<T>): Promise<T> {
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    try {
      return await run();
    } finally {
      this.inFlight--;
    }
  }
  get(key: string) { return this.read(() => this.inner.get(key)); }
  mget(keys: readonly string[]) { return this.read(() => this.inner.mget(keys)); }
  keys(prefix: string) { return this.read(() => this.inner.keys(prefix)); }
  set(key: string, value: string, ttlSeconds: number) { return this.inner.set(key, value, ttlSeconds); }
  mset(entries: readonly { key: string; value: string; ttlSeconds: number }[]) { return this.inner.mset(entries); }
  setIfAbsent(key: string, value: string, ttlSeconds: number) { return this.inner.setIfAbsent(key, value, ttlSeconds); }
  delete(...keys: string[]) { return this.inner.delete(...keys); }
  deleteIfEquals(key: string, value: string) { return this.inner.deleteIfEquals(key, value); }
  ttlSeconds(key: string) { return this.inner.ttlSeconds(key); }
  ttlMany(keys: readonly string[]) { return this.inner.ttlMany(keys); }
  incrementScores(key: string, increments: ReadonlyMap<string, number>, ttlSeconds: number) { return this.inner.incrementScores(key, increments, ttlSeconds); }
  scoresOf(key: string, members: readonly string[]) { return this.inner.scoresOf(key, members); }
  addToIndexes(keys: readonly string[], members: readonly string[], expiresAtMs: number, ttlSeconds: number, maxMembers: number) { return this.inner.addToIndexes(keys, members, expiresAtMs, ttlSeconds, maxMembers); }
  indexMembers(key: string, nowMs: number) { return this.inner.indexMembers(key, nowMs); }
  unavailableReason() { return this.inner.unavailableReason(); }
  close() { return this.inner.close(); }
}

interface Process {
  catalog: CatalogService;
  staticProducts: StaticProductService;
  events: RedisCatalogEvents;
  search: ProductSearchService;
  store: RedisStore;
}

describe('a catalog that follows itself: every process\u2019s index follows the static tier', () => {
  let prefix: string;
  let redis: Redis;
  const started: Process[] = [];

  /**
   * One process as services.ts wires it: a store, a bus and a catalog publishing on it, on
   * the shared prefix. `publish: false`: a writer whose changes are never announced.
   */
  async function startProcess(options: { url?: string; syncIntervalMs?: number; publish?: boolean; store?: (s: Store) => Store } = {}) {
    const url = options.url ?? REDIS_URL;
    const store = RedisStore.fromUrl(url, prefix);
    const cache = new SmartCacheManager(options.store?.(store) ?? store, loadConfig({}), logger);
    const events = RedisCatalogEvents.fromUrl(url, { prefix, syncIntervalMs: options.syncIntervalMs ?? 60_000, logger });
    const staticProducts = new StaticProductService({ tier: cache.static, logger });
    const catalog = new CatalogService({
      staticProducts,
      logger,
      events: options.publish === false ? undefined : events,
    });
    await events.subscribe(catalog);
    const process: Process = { catalog, staticProducts, events, store, search: new ProductSearchService({ catalog, cache, logger }) };
    started.push(process);
    return process;
  }

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
  });
  afterAll(() => redis.quit());
  beforeEach(() => {
    prefix = `test:follow:${randomUUID()}:`;
  });
  afterEach(async () => {
    for (const p of started.splice(0)) {
      await p.events.close();
      await p.store.close();
    }
    await deleteKeys(prefix);
  });

  it('a crawl ingested by one process is searchable in the other within seconds, by message, at the same content version', async () => {
    const writer = await startProcess();
    const reader = await startProcess();
    expect(reader.catalog.size).toBe(0);
    await writer.catalog.ingestCrawl([evoDoa, bcDoa, evoInstigator]);
    await until(() => reader.catalog.size === 2);
    expect(reader.catalog.search('capita doa').ids).toEqual([DOA]);
    expect(reader.catalog.search('beginner snowboard under $400').ids).toEqual([INSTIGATOR]);
    // Same content, same version: the two servers share query-tier entries.
    expect(reader.catalog.version).toBe(writer.catalog.version);
    expect(reader.events.stats()).toMatchObject({ received: 1, rebuilds: 1 }); // the start only
  });

  it('a removed record disappears from the other process\u2019s index', async () => {
    const writer = await startProcess();
    const reader = await startProcess();
    await writer.catalog.ingestCrawl([evoDoa]);
    await until(() => reader.catalog.index.has(DOA_EVO_ONLY));
    // backcountry says Men's: one product under a more precise id; the older one is removed.
    const { superseded } = await writer.catalog.ingestCrawl([evoDoa, bcDoa]);
    expect(superseded).toEqual([DOA_EVO_ONLY]);
    await until(() => !reader.catalog.index.has(DOA_EVO_ONLY));
    expect(reader.catalog.index.ids()).toEqual([DOA]);
    expect(reader.catalog.search('capita doa').ids).toEqual([DOA]);
  });

  it('the other process\u2019s query tier never serves an answer ranked on its old catalog', async () => {
    const writer = await startProcess();
    const reader = await startProcess();
    await writer.catalog.ingestCrawl([evoDoa, bcDoa]);
    await until(() => reader.catalog.size === 1);
    expect((await reader.search.search('snowboard', undefined)).ids).toEqual([DOA]); // now cached
    await writer.catalog.ingestCrawl([evoDoa, bcDoa, evoInstigator]);
    await until(() => reader.catalog.size === 2);
    expect((await reader.search.search('snowboard', undefined)).ids.sort()).toEqual([DOA, INSTIGATOR].sort());
  });

  it('a change whose message never came (its writer died between INCR and PUBLISH) is caught up through the version key', async () => {
    const reader = await startProcess({ syncIntervalMs: 100 });
    const silent = await startProcess({ publish: false });
    await silent.catalog.ingestCrawl([evoDoa, bcDoa]);
    await redis.incr(prefix + CATALOG_EVENTS.versionKey);
    await until(() => reader.catalog.index.has(DOA));
    expect(reader.events.stats()).toMatchObject({ received: 0, rebuilds: 2 });
  });

  describe('a server cut off from Redis', () => {
    let proxy: TcpProxy;
    beforeAll(async () => {
      proxy = await startTcpProxy(redisTarget(REDIS_URL));
    });
    afterAll(() => proxy.close());

    it('catches up through the version key on what was published while it was away, then follows by message again', async () => {
      const writer = await startProcess();
      const reader = await startProcess({ url: proxy.url, syncIntervalMs: 100 });
      proxy.down();
      await writer.catalog.ingestCrawl([evoDoa, bcDoa]); // the reader has no connection: the message is lost for it
      expect(reader.catalog.size).toBe(0);
      proxy.up();
      await until(() => reader.catalog.index.has(DOA), 15_000);
      // Never as a message; by a reload (more than one if its store was still reconnecting at the first).
      expect(reader.events.stats().received).toBe(0);
      expect(reader.events.stats().rebuilds).toBeGreaterThanOrEqual(2);
      // Re-subscribed: the next change arrives as a message.
      await until(async () => (await subscribers(redis, prefix)) === 2, 15_000);
      await writer.catalog.ingestCrawl([evoDoa, bcDoa, evoInstigator]);
      await until(() => reader.catalog.index.has(INSTIGATOR));
      expect(reader.events.stats().received).toBe(1);
      expect(reader.catalog.version).toBe(writer.catalog.version);
    });
  });

  it('after its subscriber connection is killed (CLIENT KILL) it re-subscribes and follows by message', async () => {
    const writer = await startProcess();
    const reader = await startProcess();
    const killed = await killConnection(redis, subscriberConnectionName(reader.events.origin));
    expect(killed).toBe(1);
    await until(async () => (await clientIds(redis, subscriberConnectionName(reader.events.origin))).length === 1);
    await until(async () => (await subscribers(redis, prefix)) === 2);
    await writer.catalog.ingestCrawl([evoDoa, bcDoa]);
    await until(() => reader.catalog.index.has(DOA));
    expect(reader.events.stats()).toMatchObject({ received: 1, rebuilds: 1 });
  });

  it('Redis lost its data (the version key went back): the server reloads and drops what is gone', async () => {
    const writer = await startProcess();
    const reader = await startProcess({ syncIntervalMs: 100 });
    await writer.catalog.ingestCrawl([evoDoa, bcDoa]);
    await writer.catalog.ingestCrawl([evoDoa, bcDoa, evoInstigator]);
    await until(() => reader.catalog.size === 2);
    await deleteKeys(prefix); // as a Redis restarted without persistence
    const refill = await startProcess(); // a worker refills part of the tier
    await refill.catalog.ingestCrawl([evoInstigator]);
    await until(() => !reader.catalog.index.has(DOA));
    expect(reader.catalog.index.ids()).toEqual([INSTIGATOR]);
  });

  it('applying is idempotent, and the tier decides: a message naming an id that is back in the tier keeps it', async () => {
    const writer = await startProcess({ publish: false });
    const reader = await startProcess({ publish: false });
    await writer.catalog.ingestCrawl([evoDoa, bcDoa, evoInstigator]);
    const change = { upserted: [DOA, INSTIGATOR], removed: [] };
    expect(await reader.catalog.applyChange(change)).toEqual({ upserted: 2, removed: 0 });
    const version = reader.catalog.version;
    await reader.catalog.applyChange(change);
    expect(reader.catalog.version).toBe(version);
    expect(reader.catalog.index.ids().sort()).toEqual([DOA, INSTIGATOR].sort());
    // A stale "removed" (the record was written again since): still in the tier, so still indexed.
    await reader.catalog.applyChange({ upserted: [], removed: [DOA] });
    expect(reader.catalog.index.has(DOA)).toBe(true);
    // An "upserted" id no longer in the tier is dropped.
    await writer.staticProducts.deleteProducts([INSTIGATOR]);
    expect(await reader.catalog.applyChange({ upserted: [INSTIGATOR], removed: [] })).toEqual({ upserted: 0, removed: 1 });
    expect(reader.catalog.index.ids()).toEqual([DOA]);
    expect(reader.catalog.version).not.toBe(version);
  });

  it('changes and rebuilds apply one at a time, in call order', async () => {
    const writer = await startProcess({ publish: false });
    await writer.catalog.ingestCrawl([evoDoa, bcDoa, evoInstigator]);
    let overlap: OverlapStore | undefined;
    const reader = await startProcess({ publish: false, store: (s) => (overlap = new OverlapStore(s)) });
    overlap!.maxInFlight = 0;
    await Promise.all([
      reader.catalog.applyChange({ upserted: [DOA], removed: [] }),
      reader.catalog.rebuildFromStore(),
      reader.catalog.applyChange({ upserted: [INSTIGATOR], removed: [] }),
    ]);
    expect(overlap!.maxInFlight).toBe(1);
    expect(reader.catalog.index.ids().sort()).toEqual([DOA, INSTIGATOR].sort());
  });
});

/** Subscribers of this prefix's change channel, as Redis counts them. */
async function subscribers(redis: Redis, prefix: string): Promise<number> {
  const reply = (await redis.call('PUBSUB', 'NUMSUB', prefix + CATALOG_EVENTS.channel)) as [string, number];
  return Number(reply[1]);
}

async function clientIds(redis: Redis, name: string): Promise<string[]> {
  const list = (await redis.call('CLIENT', 'LIST')) as string;
  return list
    .split('\n')
    .filter((line) => line.includes(` name=${name} `))
    .map((line) => /(?:^|\s)id=(\d+)/.exec(line)![1]!);
}

/** CLIENT KILL the connections of this name only (never another test's). */
async function killConnection(redis: Redis, name: string): Promise<number> {
  let killed = 0;
  for (const id of await clientIds(redis, name)) killed += Number(await redis.call('CLIENT', 'KILL', 'ID', id));
  return killed;
}
