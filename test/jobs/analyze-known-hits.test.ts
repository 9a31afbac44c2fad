import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tierKeys } from '../../src/cache/tiers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

const snapshotsOf = (a: TestApp) => a.services.cache.crawlSnapshots.getMany(['evo', 'backcountry'].map((v) => tierKeys.crawlSnapshot(v as 'evo')));
const productPages = (a: TestApp) =>
  Object.entries({ ...a.sandbox.evo.stats().requests, ...a.sandbox.backcountry.stats().requests }).filter(([path]) => !path.startsWith('/shop?') && !path.startsWith('/search?'));

describe('an analyze-query job over products the catalog holds', () => {
  it('reads each retailer\u2019s search page and no product page of a hit the catalog holds: nothing merged, written or told', async () => {
    const { staticProducts, catalog, heavyProcessor } = app.services;
    const id = catalog.search('burton custom').ids[0]!;
    const [before] = await staticProducts.getProducts([id]);
    const snapshots = await snapshotsOf(app);
    const version = catalog.version;
    const told: string[][] = [];
    staticProducts.onChange((ids) => told.push([...ids]));
    app.resetRetailerStats();

    expect(await heavyProcessor.analyzeQueryNow('burton custom')).toBe(0);
    expect(app.retailerRequests()).toEqual({ evo: 1, backcountry: 1 });
    expect(productPages(app)).toEqual([]);
    expect(told).toEqual([]);
    expect(catalog.version).toBe(version);
    expect(await snapshotsOf(app)).toEqual(snapshots);
    expect((await staticProducts.getProducts([id]))[0]).toEqual(before);
  });

  it('reads the pages of a hit the catalog lost and merges it back, keeping the category the crawl\u2019s listing gave', async () => {
    const { staticProducts, catalog, heavyProcessor } = app.services;
    const id = catalog.search('burton custom').ids[0]!;
    const [product] = await staticProducts.getProducts([id]);
    // As when the static tier lost its record: the index drops it, the crawl snapshots still hold its listings.
    expect(catalog.forget([id])).toEqual([id]);
    app.resetRetailerStats();

    const read = await heavyProcessor.analyzeQueryNow('burton custom');
    expect(read).toBeGreaterThan(0);
    expect(productPages(app)).toHaveLength(read);
    expect(catalog.index.has(id)).toBe(true);
    // A product page alone may state no category; the snapshot keeps the one the listing page gave.
    const records = (await snapshotsOf(app)).flatMap((s) => s ?? []);
    for (const l of product!.listings) {
      expect(records.find((r) => r.vendor === l.vendor && r.vendorProductId === l.vendorProductId)?.category, l.vendorProductId).toBe(product!.category);
    }
  });
});
