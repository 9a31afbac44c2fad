import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/cache/memory-store.js';
import { SmartCacheManager } from '../../src/cache/tiers.js';
import { RedisStore } from '../../src/cache/redis-store.js';
import type { Store } from '../../src/cache/store.js';
import { createStaticLoader, StaticProductService } from '../../src/catalog/static-product-service.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { tierKeys } from '../../src/cache/tiers.js';
import { CountingStore, staticProduct, staticServiceOn } from './helpers.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const config = loadConfig({});
const logger = createLogger('silent');

const backends: [string, () => Store][] = [
  ['MemoryStore', () => new MemoryStore()],
  ['RedisStore', () => RedisStore.fromUrl(REDIS_URL, `test:catalog:${randomUUID()}:`)],
];

describe.each(backends)('static product service on %s', (_name, makeStore) => {
  let inner: Store;
  let store: CountingStore;
  let service: StaticProductService;

  beforeAll(() => {
    inner = makeStore();
  });
  afterEach(async () => {
    const keys = await inner.keys('');
    if (keys.length > 0) await inner.delete(...keys);
  });
  afterAll(async () => {
    await inner.close();
  });
  const fresh = () => {
    store = new CountingStore(inner);
    service = staticServiceOn(store);
  };

  it('writes many records in one mset with the static TTL and reads them back in one mget', async () => {
    fresh();
    const products = ['a', 'b', 'c'].map((id) => staticProduct({ id }));
    expect(await service.putProducts(products)).toEqual({ written: 3, rejected: [] });
    expect(store.calls.mset).toBe(1);
    const ttl = await inner.ttlSeconds(tierKeys.staticProduct('a'));
    expect(ttl).toBeGreaterThan(config.ttl.staticSeconds - 60);
    expect(ttl).toBeLessThanOrEqual(config.ttl.staticSeconds);

    const read = await service.getProducts(['c', 'missing', 'a']);
    expect(store.calls.mget).toBe(1);
    expect(read.map((p) => p?.id ?? null)).toEqual(['c', null, 'a']);
    expect(read[0]).toEqual(products[2]);
  });

  it('never writes an empty record', async () => {
    fresh();
    const empty = staticProduct({ id: 'empty', listings: [] });
    const nameless = staticProduct({ id: 'nameless', name: '  ' });
    const result = await service.putProducts([empty, nameless, staticProduct({ id: 'ok' })]);
    expect(result).toEqual({ written: 1, rejected: ['empty', 'nameless'] });
    expect(await inner.get(tierKeys.staticProduct('empty'))).toBeNull();
    expect(await service.allProductIds()).toEqual(['ok']);
  });

  it('lists every product id and deletes records', async () => {
    fresh();
    await service.putProducts(['x', 'y'].map((id) => staticProduct({ id })));
    expect((await service.allProductIds()).sort()).toEqual(['x', 'y']);
    expect(await service.deleteProducts(['x', 'nope'])).toBe(1);
    expect(await service.allProductIds()).toEqual(['y']);
  });

  it('reads a value that is not JSON, not of the record shape, or another product\u2019s record as missing, counted corrupt', async () => {
    const cache = new SmartCacheManager(inner, config, logger);
    service = new StaticProductService({ tier: cache.static, logger });
    const { analysis: _analysis, ...olderShape } = staticProduct({ id: 'old' });
    await inner.set(tierKeys.staticProduct('bad'), '{not json', 60);
    await inner.set(tierKeys.staticProduct('old'), JSON.stringify(olderShape), 60);
    await inner.set(tierKeys.staticProduct('moved'), JSON.stringify(staticProduct({ id: 'elsewhere' })), 60);
    await service.putProducts([staticProduct({ id: 'good' })]);
    expect((await service.getProducts(['bad', 'old', 'moved', 'good'])).map((p) => p?.id ?? null)).toEqual([null, null, null, 'good']);
    expect(cache.stats().static).toMatchObject({ hits: 1, misses: 3, corrupt: 3 });
  });

  it('never reads a record under another shape version\u2019s key', async () => {
    fresh();
    await inner.set('static:v1:product:a', JSON.stringify(staticProduct({ id: 'a' })), 60);
    await inner.set('static:product:a', JSON.stringify(staticProduct({ id: 'a' })), 60);
    expect(await service.getProducts(['a'])).toEqual([null]);
    expect(await service.allProductIds()).toEqual([]);
  });

  it('the static loader batches one request\u2019s loads into one mget and caches them for the request', async () => {
    fresh();
    await service.putProducts(['p1', 'p2', 'p3'].map((id) => staticProduct({ id })));
    const loader = createStaticLoader(service);
    const [p1, p2, none] = await Promise.all([loader.load('p1'), loader.load('p2'), loader.load('none')]);
    expect([p1?.id, p2?.id, none]).toEqual(['p1', 'p2', null]);
    expect(store.calls.mget).toBe(1);
    await loader.loadMany(['p1', 'p2']);
    expect(store.calls.mget).toBe(1);
    await loader.load('p3');
    expect(store.calls.mget).toBe(2);
  });
});

describe('static loader when the store fails', () => {
  it('fails each key of the batch with the store error instead of inventing records', async () => {
    // A Redis that is not there: a real connection failure, no mock.
    const redis = RedisStore.fromUrl('redis://127.0.0.1:1', `test:catalog:${randomUUID()}:`);
    redis.client.on('error', () => undefined);
    const service = staticServiceOn(redis);
    const loader = createStaticLoader(service);
    const results = await loader.loadMany(['a', 'b']);
    expect(results).toHaveLength(2);
    expect(results.every((r) => r instanceof Error)).toBe(true);
    expect(service.health()).toMatchObject({ readable: false });
    await redis.close();
  });
});
