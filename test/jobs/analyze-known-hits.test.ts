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

describe('an analyze-query job whose hits the catalog already holds', () => {
  it('reads their pages and changes nothing: no snapshot written, no record rewritten or told, the same version, every listing kept', async () => {
    const { staticProducts, catalog, heavyProcessor, cache } = app.services;
    const id = catalog.search('burton custom').ids[0]!;
    const [before] = await staticProducts.getProducts([id]);
    expect(before!.listings.length).toBeGreaterThan(0);
    const snapshots = await cache.crawlSnapshots.getMany(['evo', 'backcountry'].map((v) => tierKeys.crawlSnapshot(v as 'evo')));
    const version = catalog.version;
    const told: string[][] = [];
    staticProducts.onChange((ids) => told.push([...ids]));
    app.resetRetailerStats();

    // The retailers' search pages find products the crawl read, and a product page alone does not
    // state the category the crawl's listing page gave: still the same records.
    expect(await heavyProcessor.analyzeQueryNow('burton custom')).toBeGreaterThan(0);
    expect(app.retailerRequests().evo + app.retailerRequests().backcountry).toBeGreaterThan(0);

    expect(told).toEqual([]);
    expect(catalog.version).toBe(version);
    expect(await cache.crawlSnapshots.getMany(['evo', 'backcountry'].map((v) => tierKeys.crawlSnapshot(v as 'evo')))).toEqual(snapshots);
    expect((await staticProducts.getProducts([id]))[0]).toEqual(before);
  });
});
