import { noPreferences } from '../../src/domain/user.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/cache/memory-store.js';
import { RedisStore } from '../../src/cache/redis-store.js';
import { SmartCacheManager, createStore, queryHash, tierKeys } from '../../src/cache/tiers.js';
import type { Store } from '../../src/cache/store.js';
import type { LiveOffer } from '../../src/domain/live.js';
import type { RankedSearch } from '../../src/domain/search.js';
import { staticProduct } from '../catalog/helpers.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger('silent');
const config = loadConfig({});

const offer: LiveOffer = {
  vendor: 'evo',
  vendorProductId: 'p',
  url: 'https://evo.example/p',
  price: { amount: 399.95, currencyCode: 'USD' },
  listPrice: null,
  discountPercent: null,
  availability: 'IN_STOCK',
  sizes: [{ size: '154', inStock: true, quantity: null }],
  shipping: null,
  fetchedAt: new Date().toISOString(),
};
const ranked: RankedSearch = {
  ids: ['a', 'b'],
  interpretation: { text: '', category: 'SNOWBOARD', brand: null, skillLevel: null, terrain: null, gender: null, size: null, minPrice: null, maxPrice: 400 },
};

describe('tier keys and TTLs', () => {
  it('names keys per tier, each with its shape version', () => {
    expect(tierKeys.staticProduct('snowboard-burton-custom-2026-mens')).toBe('static:v3:product:snowboard-burton-custom-2026-mens');
    expect(tierKeys.live('evo', 'burton-custom')).toBe('live:v2:evo:burton-custom');
    expect(tierKeys.liveNegative('evo', 'burton-custom')).toBe('neg:live:v2:evo:burton-custom');
    expect(tierKeys.queryGlobal('abc')).toBe('query:v3:global:abc');
    expect(tierKeys.queryUser('u1', 'abc')).toBe('query:v3:user:u1:abc');
    expect(tierKeys.user('u1')).toBe('user:v2:u1');
    expect(tierKeys.userRecentlyViewed('u1')).toBe('user:v2:u1:recent');
  });

  it('hashes query inputs independently of key order', () => {
    expect(queryHash({ q: 'board', max: 400 })).toBe(queryHash({ max: 400, q: 'board' }));
    expect(queryHash({ q: 'board', max: 400 })).not.toBe(queryHash({ q: 'board', max: 500 }));
  });

  it('writes each tier with its configured TTL (live = TTL + stale grace)', async () => {
    const store = new MemoryStore();
    const cache = new SmartCacheManager(store, config, logger);
    await cache.static.set(tierKeys.staticProduct('p'), staticProduct({ id: 'p' }));
    await cache.live.set(tierKeys.live('evo', 'p'), offer);
    await cache.liveNegative.set(tierKeys.liveNegative('evo', 'p'), { kind: 'ERROR', message: '500', failedAt: new Date().toISOString() });
    await cache.query.set(tierKeys.queryGlobal('h'), ranked);
    await cache.user.set(tierKeys.user('u'), { preferences: noPreferences(), preferencesUpdatedAt: null });
    expect(await store.ttlSeconds(tierKeys.staticProduct('p'))).toBeGreaterThan(29 * 86400);
    expect(await store.ttlSeconds(tierKeys.live('evo', 'p'))).toBeGreaterThan(15 * 60 + 59 * 60 - 2);
    expect(await store.ttlSeconds(tierKeys.live('evo', 'p'))).toBeLessThanOrEqual(15 * 60 + 60 * 60);
    expect(await store.ttlSeconds(tierKeys.liveNegative('evo', 'p'))).toBeLessThanOrEqual(30);
    expect(await store.ttlSeconds(tierKeys.queryGlobal('h'))).toBeGreaterThan(59 * 60);
    expect(await store.ttlSeconds(tierKeys.queryGlobal('h'))).toBeLessThanOrEqual(60 * 60);
    expect(await store.ttlSeconds(tierKeys.user('u'))).toBeGreaterThan(6 * 86400);
    expect(await store.ttlSeconds(tierKeys.user('u'))).toBeLessThanOrEqual(7 * 86400);
  });
});

describe('smart cache manager on Redis', () => {
  let store: RedisStore;
  let cache: SmartCacheManager;

  beforeAll(async () => {
    store = RedisStore.fromUrl(REDIS_URL, `test:tiers:${randomUUID()}:`);
    await store.connect();
    cache = new SmartCacheManager(store, config, logger);
  });
  afterAll(async () => {
    const keys = await store.keys('');
    if (keys.length > 0) await store.delete(...keys);
    await store.close();
  });

  it('round-trips values of the tier\u2019s shape and counts hits and misses per tier', async () => {
    const tier = cache.query;
    await tier.setMany([{ key: tierKeys.queryGlobal('h1'), value: ranked }]);
    expect(await tier.getMany([tierKeys.queryGlobal('h1'), tierKeys.queryGlobal('h2')])).toEqual([ranked, null]);
    const stats = cache.stats();
    expect(stats.query).toMatchObject({ hits: 1, misses: 1, corrupt: 0, errors: 0, hitRate: 0.5 });
    expect(stats.static).toMatchObject({ hits: 0, misses: 0, hitRate: null });
  });

  it('reads a corrupt value as a miss, counted and never thrown', async () => {
    await store.set(tierKeys.user('broken'), '{not json', 60);
    await expect(cache.user.get(tierKeys.user('broken'))).resolves.toBeNull();
    expect(cache.stats().user).toMatchObject({ hits: 0, misses: 1, corrupt: 1 });
  });

  it('reads a value of another shape as a miss, counted corrupt: an offer whose price is text, a query entry without ids', async () => {
    await store.set(tierKeys.live('evo', 'old'), JSON.stringify({ ...offer, price: '$399.95' }), 60);
    await store.set(tierKeys.queryGlobal('old'), JSON.stringify({ productIds: ['a'] }), 60);
    const before = cache.stats();
    expect(await cache.live.get(tierKeys.live('evo', 'old'))).toBeNull();
    expect(await cache.query.get(tierKeys.queryGlobal('old'))).toBeNull();
    const after = cache.stats();
    expect(after.live.corrupt - before.live.corrupt).toBe(1);
    expect(after.query.corrupt - before.query.corrupt).toBe(1);
    expect(after.query.misses - before.query.misses).toBe(1);
  });
});

describe('the live and query tiers keep what they decoded', () => {
  it('an unchanged offer is the same frozen value on every read, counted a hit each time; a changed one is read afresh; a corrupt one is a miss', async () => {
    const store = new MemoryStore();
    const cache = new SmartCacheManager(store, config, logger);
    const key = tierKeys.live('evo', 'kept');
    await store.set(key, JSON.stringify(offer), 60);
    const first = await cache.live.get(key);
    const second = (await cache.live.getMany([key]))[0];
    expect(first).toEqual(offer);
    expect(second).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first!.sizes[0])).toBe(true);
    expect(cache.stats().live).toMatchObject({ hits: 2, misses: 0 });
    // The agents write a new price: the next read sees it, not the kept value.
    await cache.live.set(key, { ...offer, price: { amount: 349.95, currencyCode: 'USD' } });
    expect((await cache.live.get(key))!.price!.amount).toBe(349.95);
    await store.set(key, '{"vendor":"evo"', 60);
    expect(await cache.live.get(key)).toBeNull();
    expect(cache.stats().live).toMatchObject({ hits: 3, misses: 1, corrupt: 1 });
    // The query tier too: a warm search's entry is parsed and validated once.
    await cache.query.set(tierKeys.queryGlobal('kept'), ranked);
    const entry = await cache.query.get(tierKeys.queryGlobal('kept'));
    expect(entry).toEqual(ranked);
    expect(await cache.query.get(tierKeys.queryGlobal('kept'))).toBe(entry);
    expect(Object.isFrozen(entry) && Object.isFrozen(entry!.ids)).toBe(true);
    await cache.query.set(tierKeys.queryGlobal('kept'), { ...ranked, ids: [...ranked.ids].reverse() });
    expect((await cache.query.get(tierKeys.queryGlobal('kept')))!.ids).toEqual([...ranked.ids].reverse());
    // Other tiers decode afresh: a caller may change what it got.
    const record = staticProduct({ id: 'fresh' });
    await cache.static.set(tierKeys.staticProduct('fresh'), record);
    const a = await cache.static.get(tierKeys.staticProduct('fresh'));
    expect(a).toEqual(record);
    expect(await cache.static.get(tierKeys.staticProduct('fresh'))).not.toBe(a);
    expect(Object.isFrozen(a)).toBe(false);
  });
});

describe('smart cache manager during a Redis outage', () => {
  it('reads as misses (counted as errors) instead of throwing into a request', async () => {
    const store = RedisStore.fromUrl('redis://127.0.0.1:1', 'test:tiers:dead:');
    store.client.on('error', () => undefined);
    const cache = new SmartCacheManager(store, config, logger);
    try {
      await expect(cache.static.getMany([tierKeys.staticProduct('a'), tierKeys.staticProduct('b')])).resolves.toEqual([null, null]);
      expect(cache.stats().static).toMatchObject({ misses: 2, errors: 2 });
    } finally {
      await store.close();
    }
  });
});

describe('createStore', () => {
  it('chooses memory without REDIS_URL and Redis with it', async () => {
    const memory: Store = createStore({ redisUrl: undefined, redisKeyPrefix: 'x:' }, logger);
    expect(memory).toBeInstanceOf(MemoryStore);
    const prefix = `test:tiers:${randomUUID()}:`;
    const redis = createStore({ redisUrl: REDIS_URL, redisKeyPrefix: prefix }, logger);
    expect(redis).toBeInstanceOf(RedisStore);
    try {
      await redis.set('probe', 'v', 10);
      expect(await redis.keys('')).toEqual(['probe']);
      expect(await redis.delete('probe')).toBe(1);
    } finally {
      await redis.close();
    }
  });
});

describe('cluster-wide tier counters', () => {
  it('every process adds what it counted since it last shared; clusterStats is the sum', async () => {
    const store = new MemoryStore();
    const a = new SmartCacheManager(store, config, logger);
    const b = new SmartCacheManager(store, config, logger);
    await a.query.get(tierKeys.queryGlobal('x'));
    await a.query.set(tierKeys.queryGlobal('x'), ranked);
    await a.query.get(tierKeys.queryGlobal('x'));
    await b.query.get(tierKeys.queryGlobal('x'));
    b.response.hits += 2;
    await a.shareCounters();
    await b.shareCounters();
    await a.shareCounters(); // nothing new: adds nothing
    const cluster = await b.clusterStats();
    expect(cluster.query).toMatchObject({ hits: 2, misses: 1, hitRate: 2 / 3 });
    expect(cluster.response).toMatchObject({ hits: 2, misses: 0 });
    expect(cluster.static).toMatchObject({ hits: 0, misses: 0, hitRate: null });
    expect(await store.ttlSeconds(tierKeys.clusterCounters)).toBeGreaterThan(0);
  });
});

