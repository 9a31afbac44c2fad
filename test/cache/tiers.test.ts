import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/cache/memory-store.js';
import { RedisStore } from '../../src/cache/redis-store.js';
import { SmartCacheManager, createStore, queryHash, tierKeys } from '../../src/cache/tiers.js';
import type { Store } from '../../src/cache/store.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger('silent');
const config = loadConfig({});

describe('tier keys and TTLs', () => {
  it('names keys per tier', () => {
    expect(tierKeys.staticProduct('snowboard-burton-custom-2026-mens')).toBe('static:product:snowboard-burton-custom-2026-mens');
    expect(tierKeys.live('evo', 'burton-custom')).toBe('live:evo:burton-custom');
    expect(tierKeys.queryGlobal('abc')).toBe('query:global:abc');
    expect(tierKeys.queryUser('u1', 'abc')).toBe('query:user:u1:abc');
    expect(tierKeys.user('u1')).toBe('user:u1');
  });

  it('hashes query inputs independently of key order', () => {
    expect(queryHash({ q: 'board', max: 400 })).toBe(queryHash({ max: 400, q: 'board' }));
    expect(queryHash({ q: 'board', max: 400 })).not.toBe(queryHash({ q: 'board', max: 500 }));
  });

  it('writes each tier with its configured TTL (live = TTL + stale grace)', async () => {
    const store = new MemoryStore();
    const cache = new SmartCacheManager(store, config, logger);
    await cache.tier<{ n: number }>('static').set('static:product:p', { n: 1 });
    await cache.tier<{ n: number }>('live').set('live:evo:p', { n: 1 });
    await cache.tier<{ n: number }>('query').set('query:global:h', { n: 1 });
    await cache.tier<{ n: number }>('user').set('user:u', { n: 1 });
    expect(await store.ttlSeconds('static:product:p')).toBeGreaterThan(29 * 86400);
    expect(await store.ttlSeconds('live:evo:p')).toBeGreaterThan(15 * 60 + 59 * 60 - 2);
    expect(await store.ttlSeconds('live:evo:p')).toBeLessThanOrEqual(15 * 60 + 60 * 60);
    expect(await store.ttlSeconds('query:global:h')).toBeGreaterThan(59 * 60);
    expect(await store.ttlSeconds('query:global:h')).toBeLessThanOrEqual(60 * 60);
    expect(await store.ttlSeconds('user:u')).toBeGreaterThan(6 * 86400);
    expect(await store.ttlSeconds('user:u')).toBeLessThanOrEqual(7 * 86400);
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

  it('round-trips JSON and counts hits and misses per tier', async () => {
    const tier = cache.tier<{ ids: string[] }>('query');
    await tier.setMany([{ key: tierKeys.queryGlobal('h1'), value: { ids: ['a', 'b'] } }]);
    expect(await tier.getMany([tierKeys.queryGlobal('h1'), tierKeys.queryGlobal('h2')])).toEqual([{ ids: ['a', 'b'] }, null]);
    const stats = cache.stats();
    expect(stats.query).toMatchObject({ hits: 1, misses: 1, corrupt: 0, errors: 0, hitRate: 0.5 });
    expect(stats.static).toMatchObject({ hits: 0, misses: 0, hitRate: null });
  });

  it('reads a corrupt value as a miss, counted and never thrown', async () => {
    await store.set(tierKeys.user('broken'), '{not json', 60);
    await expect(cache.tier('user').get(tierKeys.user('broken'))).resolves.toBeNull();
    expect(cache.stats().user).toMatchObject({ hits: 0, misses: 1, corrupt: 1 });
  });
});

describe('smart cache manager during a Redis outage', () => {
  it('reads as misses (counted as errors) instead of throwing into a request', async () => {
    const store = RedisStore.fromUrl('redis://127.0.0.1:1', 'test:tiers:dead:');
    store.client.on('error', () => undefined);
    const cache = new SmartCacheManager(store, config, logger);
    try {
      await expect(cache.staticProducts.getMany(['static:product:a', 'static:product:b'])).resolves.toEqual([null, null]);
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
