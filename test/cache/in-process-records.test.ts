import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/cache/memory-store.js';
import { StaticRecordCache } from '../../src/cache/record-cache.js';
import { SmartCacheManager, tierKeys } from '../../src/cache/tiers.js';
import { StaticProductService, followingRecords } from '../../src/catalog/static-product-service.js';
import type { CatalogChangeListener } from '../../src/catalog/catalog-events.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { CountingStore, staticProduct } from '../catalog/helpers.js';
import { REDIS_URL, startTestApp, type TestApp } from '../support/test-app.js';
import { redisTarget, startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const logger = createLogger('silent');

function serviceWithRecords(max = 100) {
  const store = new CountingStore(new MemoryStore());
  const records = new StaticRecordCache(max);
  const service = new StaticProductService({ tier: new SmartCacheManager(store, loadConfig({}), logger).static, records, logger });
  return { store, records, service };
}

describe('in-process static records', () => {
  it('a warm read answers from the decoded records: no static-tier read, so no JSON parsed', async () => {
    const { store, records, service } = serviceWithRecords();
    await service.putProducts([staticProduct({ id: 'a' }), staticProduct({ id: 'b' })]);
    const cold = await service.getProducts(['a', 'b', 'missing']);
    expect(cold.map((p) => p?.id ?? null)).toEqual(['a', 'b', null]);
    expect(store.calls.mget).toBe(1);

    const warm = await service.getProducts(['b', 'a']);
    expect(warm.map((p) => p?.id)).toEqual(['b', 'a']);
    expect(store.calls.mget).toBe(1);
    // Only what the records lack is read, in one mget.
    await service.getProducts(['a', 'missing']);
    expect(store.calls.mget).toBe(2);
    expect(records.stats()).toMatchObject({ size: 2, max: 100 });
  });

  it('is bounded: the least recently used record goes first', async () => {
    const { store, service } = serviceWithRecords(2);
    await service.putProducts(['a', 'b', 'c'].map((id) => staticProduct({ id })));
    await service.getProducts(['a', 'b']);
    await service.getProducts(['c']); // evicts a
    const before = store.calls.mget!;
    await service.getProducts(['b', 'c']);
    expect(store.calls.mget).toBe(before);
    await service.getProducts(['a']);
    expect(store.calls.mget).toBe(before + 1);
  });

  it("this process's writes and removals drop the copies; listeners hear the ids", async () => {
    const { service } = serviceWithRecords();
    const heard: string[][] = [];
    service.onChange((ids) => heard.push([...ids]));
    await service.putProducts([staticProduct({ id: 'a', name: 'Old name' })]);
    expect((await service.getProducts(['a']))[0]?.name).toBe('Old name');
    await service.putProducts([staticProduct({ id: 'a', name: 'New name', updatedAt: '2026-02-01T00:00:00.000Z' })]);
    expect((await service.getProducts(['a']))[0]?.name).toBe('New name');
    await service.deleteProducts(['a']);
    expect(await service.getProducts(['a'])).toEqual([null]);
    expect(heard).toEqual([['a'], ['a'], ['a']]);
  });

  it("another process's change drops the copies before the catalog re-reads them; a reload forgets them all", async () => {
    const { store, service } = serviceWithRecords();
    await service.putProducts([staticProduct({ id: 'a', name: 'Old name' }), staticProduct({ id: 'b' })]);
    await service.getProducts(['a', 'b']);
    // Another process rewrites a (straight into the tier, as a worker would).
    const other = new StaticProductService({ tier: new SmartCacheManager(store, loadConfig({}), logger).static, logger });
    await other.putProducts([staticProduct({ id: 'a', name: 'New name', updatedAt: '2026-02-01T00:00:00.000Z' })]);
    expect((await service.getProducts(['a']))[0]?.name).toBe('Old name');

    const seen: string[] = [];
    const catalog: CatalogChangeListener = {
      applyChange: async () => seen.push(...(await service.getProducts(['a'])).map((p) => p!.name)),
      rebuildFromStore: async () => seen.push(...(await service.getProducts(['b'])).map((p) => p!.name)),
    };
    const heard: string[][] = [];
    service.onChange((ids) => heard.push([...ids]));
    const listener = followingRecords(catalog, service);
    await listener.applyChange({ version: 1, upserted: ['a'], removed: ['gone'], origin: 'other' });
    expect(seen).toEqual(['New name']);
    // The response cache listens here: the change's ids, upserted and removed.
    expect(heard).toEqual([['a', 'gone']]);
    const reads = store.calls.mget!;
    await listener.rebuildFromStore();
    expect(store.calls.mget).toBe(reads + 1);
  });

  it('a read that began before a drop does not bring the old record back; an older updatedAt never replaces a newer one', () => {
    const records = new StaticRecordCache(10);
    const started = records.readStarted();
    records.drop(['a']);
    records.fill([staticProduct({ id: 'a' })], started);
    expect(records.get('a')).toBeUndefined();

    records.fill([staticProduct({ id: 'a', updatedAt: '2026-02-01T00:00:00.000Z' })], records.readStarted());
    records.fill([staticProduct({ id: 'a', updatedAt: '2026-01-01T00:00:00.000Z' })], records.readStarted());
    expect(records.get('a')?.updatedAt).toBe('2026-02-01T00:00:00.000Z');
  });

  it('a record answered from its copy but gone from the tier (Redis flushed) is told to the gone listeners, off the request path', async () => {
    const { store, service } = serviceWithRecords();
    const gone: string[][] = [];
    service.onGone((ids) => gone.push([...ids]));
    await service.putProducts([staticProduct({ id: 'a' }), staticProduct({ id: 'b' })]);
    await service.getProducts(['a', 'b']);
    await new Promise((r) => setTimeout(r, 20));
    expect(gone).toEqual([]);
    // The tier loses a (as a FLUSHDB or an eviction would), behind the service's back.
    await store.delete(tierKeys.staticProduct('a'));
    const answered = await service.getProducts(['a', 'b']);
    expect(answered.map((p) => p?.id)).toEqual(['a', 'b']);
    await expect.poll(() => gone).toEqual([['a']]);
    expect((await service.getProducts(['a']))[0]).toBeNull();
  });

  it('STATIC_RECORD_CACHE_SIZE=0 keeps nothing: every read goes to the tier', async () => {
    const { store, service } = serviceWithRecords(0);
    await service.putProducts([staticProduct({ id: 'a' })]);
    await service.getProducts(['a']);
    await service.getProducts(['a']);
    expect(store.calls.mget).toBe(2);
  });
});

describe('Redis stopped under a running server', () => {
  let proxy: TcpProxy;
  let app: TestApp;
  afterEach(() => proxy?.up());
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
  });

  it('searches for products already seen keep answering from the in-process records', async () => {
    // A proxy in front of the shared Redis: cutting it stops Redis for this server only.
    proxy = await startTcpProxy(redisTarget(REDIS_URL));
    app = await startTestApp({ env: { REDIS_URL: proxy.url } });
    const query = '{ search(query: "beginner snowboard", first: 5) { totalCount edges { node { id name brand lastKnownPrice { amount } } } catalog { state } } }';
    const before = await app.graphql(query);
    expect(before.errors).toBeUndefined();
    expect(before.data.search.edges.length).toBeGreaterThan(0);

    proxy.down();
    await expect.poll(() => app.services.store.unavailableReason()).not.toBeNull();
    app.resetRetailerStats();
    const during = await app.graphql(query);
    expect(during.errors).toBeUndefined();
    expect(during.data.search.edges).toEqual(before.data.search.edges);
    expect(during.data.search.totalCount).toBe(before.data.search.totalCount);
    // It says the catalog cannot be read (not kept fresh), and calls no retailer for it.
    expect(during.data.search.catalog.state).toBe('UNAVAILABLE');
    expect(app.retailerRequests()).toEqual({ evo: 0, backcountry: 0 });

    // A product seen by id answers too.
    const id = before.data.search.edges[0].node.id as string;
    const product = await app.graphql(`{ product(id: "${id}") { name } }`);
    expect(product.errors).toBeUndefined();
    expect(product.data.product.name).toBe(before.data.search.edges[0].node.name);
  });
});
