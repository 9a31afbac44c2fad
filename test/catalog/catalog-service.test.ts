import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/cache/memory-store.js';
import { RedisStore } from '../../src/cache/redis-store.js';
import { CatalogService } from '../../src/catalog/catalog-service.js';
import { CatalogIndex } from '../../src/catalog/search-index.js';
import { tierKeys } from '../../src/cache/tiers.js';
import { createLogger } from '../../src/logger.js';
import { CountingStore, crawled, staticServiceOn, vendorRecord } from './helpers.js';

const { evoDoa, bcDoa, evoInstigator: evoBeginner } = crawled;

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger('silent');
const NOW = new Date('2026-01-15T12:00:00.000Z');

describe('catalog service on Redis', () => {
  const prefix = `test:catalog:${randomUUID()}:`;
  const store = RedisStore.fromUrl(REDIS_URL, prefix);
  const newCatalog = (counting?: CountingStore) =>
    new CatalogService({
      staticProducts: staticServiceOn(counting ?? store),
      logger,
      now: () => NOW,
    });

  beforeAll(() => store.connect());
  afterEach(async () => {
    const keys = await store.keys('');
    if (keys.length > 0) await store.delete(...keys);
  });
  afterAll(() => store.close());

  it('ingests two retailers\u2019 records as one product, in one mget and one mset', async () => {
    const counting = new CountingStore(store);
    const catalog = newCatalog(counting);
    const result = await catalog.ingestCrawl([evoDoa, bcDoa, evoBeginner]);
    expect(result).toMatchObject({ records: 3, products: 2, written: 2, skipped: [], superseded: [] });
    expect(counting.calls).toEqual({ mget: 1, mset: 1 });
    expect(catalog.size).toBe(2);
    const doa = await catalog.search('capita doa');
    expect(doa.ids).toEqual(['snowboard-capita-doa-2026-mens']);
    expect(doa.intent.brand).toBe('CAPiTA');
  });

  it('search answers the issue\u2019s query with filters, and explicit filters win', async () => {
    const catalog = newCatalog();
    await catalog.ingestCrawl([evoDoa, bcDoa, evoBeginner]);
    const beginner = catalog.search('beginner snowboard under $400');
    expect(beginner).toMatchObject({ ids: ['snowboard-burton-instigator-camber-2026-mens'], total: 1 });
    expect(beginner.intent).toMatchObject({ category: 'SNOWBOARD', skillLevel: 'BEGINNER', maxPrice: 400 });
    const widened = catalog.search('snowboard under $400', { maxPrice: 600 });
    expect(widened.total).toBe(2);
    expect(widened.intent.maxPrice).toBe(600);
  });

  it('rebuilds a catalog larger than one read in chunks into a fresh index that answers as one built at once', async () => {
    await newCatalog().ingestCrawl([evoDoa, bcDoa, evoBeginner]);
    const [doa, beginner] = (await staticServiceOn(store).getProducts(['snowboard-capita-doa-2026-mens', 'snowboard-burton-instigator-camber-2026-mens'])).map((p) => p!);
    // 1,200 more products: copies under ids and names of their own, some pricier.
    const copies = Array.from({ length: 1200 }, (_, i) => {
      const from = i % 2 === 0 ? doa! : beginner!;
      return { ...from, id: `${from.id}-copy-${i}`, name: `${from.name} ${i}`, lastKnownPrice: from.lastKnownPrice && { ...from.lastKnownPrice, amount: from.lastKnownPrice.amount + i } };
    });
    await staticServiceOn(store).putProducts(copies);
    const counting = new CountingStore(store);
    const restarted = newCatalog(counting);
    expect(await restarted.rebuildFromStore()).toBe(1202);
    // Read 500 at a time (an MGET each), not all at once.
    expect(counting.calls.mget).toBe(3);
    // The same records in the order the rebuild read them (ties among equal postings follow it).
    const service = staticServiceOn(store);
    const atOnce = new CatalogIndex();
    atOnce.replaceAll((await service.getProducts(await service.allProductIds())).map((p) => p!));
    for (const q of ['park snowboard', 'beginner snowboard under $500', 'capita 17', 'cheap snowboard']) {
      const intent = restarted.interpret(q);
      expect(restarted.searchIntent(intent).ids, q).toEqual(atOnce.search(intent).ids);
    }
  });

  it('rebuilds the index from what the static tier holds', async () => {
    await newCatalog().ingestCrawl([evoDoa, bcDoa, evoBeginner]);
    const restarted = newCatalog();
    expect(restarted.size).toBe(0);
    expect(await restarted.rebuildFromStore()).toBe(2);
    expect(restarted.search('park snowboard').ids).toEqual(['snowboard-capita-doa-2026-mens']);
  });

  it('a better match supersedes the product an earlier crawl made, in the tier and the index', async () => {
    const catalog = newCatalog();
    // First crawl: evo alone, which states no gender.
    await catalog.ingestCrawl([evoDoa]);
    expect(catalog.index.ids()).toEqual(['snowboard-capita-doa-2026']);
    const versionBefore = catalog.version;
    // Second crawl: backcountry says Men's for the same board: one product, a more precise id.
    const result = await catalog.ingestCrawl([evoDoa, bcDoa]);
    expect(result.superseded).toEqual(['snowboard-capita-doa-2026']);
    expect(catalog.index.ids()).toEqual(['snowboard-capita-doa-2026-mens']);
    expect(await store.keys(tierKeys.staticProductPrefix)).toEqual([tierKeys.staticProduct('snowboard-capita-doa-2026-mens')]);
    expect(catalog.version).not.toBe(versionBefore);
  });

  it('a crawl of one retailer keeps the listings other retailers had', async () => {
    const catalog = newCatalog();
    await catalog.ingestCrawl([evoDoa, bcDoa]);
    await catalog.ingestCrawl([evoDoa]);
    const [product] = await staticServiceOn(store).getProducts(['snowboard-capita-doa-2026-mens']);
    expect(product!.listings.map((l) => l.vendor).sort()).toEqual(['backcountry', 'evo']);
  });

  it('a merge that finds one new product writes, indexes and tells that one alone; unchanged records are renewed only when their TTL runs short', async () => {
    const staticProducts = staticServiceOn(store);
    const catalog = new CatalogService({ staticProducts, logger, now: () => NOW });
    await catalog.ingestCrawl([evoDoa, bcDoa]);
    const doa = 'snowboard-capita-doa-2026-mens';
    const versionBefore = catalog.version;
    // The same records again: nothing to write, nothing to tell, the same version.
    const told: string[][] = [];
    staticProducts.onChange((ids) => told.push([...ids]));
    expect(await catalog.ingestCrawl([evoDoa, bcDoa])).toMatchObject({ products: 1, written: 0 });
    expect(told).toEqual([]);
    expect(catalog.version).toBe(versionBefore);

    // The D.O.A.'s record close to expiry: the next merge renews it without telling anyone.
    await store.client.expire(`${prefix}${tierKeys.staticProduct(doa)}`, 100);
    const result = await catalog.ingestCrawl([evoDoa, bcDoa, evoBeginner]);
    expect(result).toMatchObject({ products: 2, written: 1 });
    const beginner = 'snowboard-burton-instigator-camber-2026-mens';
    expect(told).toEqual([[beginner]]);
    expect(catalog.search('beginner snowboard').ids).toEqual([beginner]);
    expect((await store.ttlSeconds(tierKeys.staticProduct(doa)))!).toBeGreaterThan(29 * 86_400);
    // Not yet short (more than half its 30 days left): left as it is.
    await store.client.expire(`${prefix}${tierKeys.staticProduct(doa)}`, 20 * 86_400);
    await catalog.ingestCrawl([evoDoa, bcDoa, evoBeginner]);
    expect((await store.ttlSeconds(tierKeys.staticProduct(doa)))!).toBeLessThanOrEqual(20 * 86_400);
    expect(told).toEqual([[beginner]]);
    // A record the tier lost is written again (and told: nothing held it any more).
    await store.delete(tierKeys.staticProduct(doa));
    await catalog.ingestCrawl([evoDoa, bcDoa, evoBeginner]);
    expect((await staticProducts.getProducts([doa]))[0]?.id).toBe(doa);
    expect(told).toEqual([[beginner], [doa]]);
  });

  it('records without brand or category are skipped, never written', async () => {
    const catalog = newCatalog();
    const result = await catalog.ingestCrawl([vendorRecord({ vendor: 'evo', vendorProductId: 'x', title: 'Mystery' })]);
    expect(result).toMatchObject({ products: 0, written: 0 });
    expect(result.skipped).toHaveLength(1);
    expect(await store.keys(tierKeys.staticProductPrefix)).toEqual([]);
  });

  it('content version: the same for two catalogs loaded from the same static tier, and changes when the content does', async () => {
    const writer = newCatalog();
    await writer.ingestCrawl([evoDoa, bcDoa]);
    const a = newCatalog();
    const b = newCatalog();
    await a.rebuildFromStore();
    await b.rebuildFromStore();
    expect(a.version).toBe(b.version);
    expect(a.version).toBe(writer.version);
    await b.ingestCrawl([evoDoa, bcDoa]);
    expect(b.version).toBe(a.version); // the same content, the same version
    await b.ingestCrawl([evoDoa, bcDoa, evoBeginner]);
    expect(b.version).not.toBe(a.version);
    // Back to the same content by another way (the added product dropped again): the same version.
    const added = b.index.ids().filter((id) => !a.index.has(id));
    expect(added.length).toBeGreaterThan(0);
    b.forget(added);
    expect(b.version).toBe(a.version);
  });
});

describe('catalog service in embedded mode (an in-process store)', () => {
  it('an ingest gives waiting requests their turn between its steps: what was queued meanwhile runs before it ends', async () => {
    const catalog = new CatalogService({ staticProducts: staticServiceOn(new MemoryStore()), logger, now: () => NOW });
    const seen: number[] = [];
    const ingesting = catalog.ingestCrawl([evoDoa, bcDoa, evoBeginner]).then((r) => {
      seen.push(catalog.size);
      return r;
    });
    // A request's turn: queued behind what is running, as an incoming request's callback is.
    setImmediate(() => seen.push(-1));
    expect((await ingesting).products).toBe(2);
    expect(seen).toEqual([-1, 2]);
    expect(catalog.search('park snowboard').ids).toEqual(['snowboard-capita-doa-2026-mens']);
  });
});
