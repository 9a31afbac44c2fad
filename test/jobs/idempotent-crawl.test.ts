import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('a crawl job that runs twice', () => {
  it('writes the same records: nothing new, so every record and the catalog version stay as they were', async () => {
    const { staticProducts, catalog, heavyProcessor } = app.services;
    const ids = (await staticProducts.allProductIds()).sort();
    const before = await staticProducts.getProducts(ids);
    const version = catalog.version;
    expect(ids.length).toBeGreaterThan(200);

    await heavyProcessor.runOnce();

    expect((await staticProducts.allProductIds()).sort()).toEqual(ids);
    expect(await staticProducts.getProducts(ids)).toEqual(before);
    // Query-tier entries carry the version: they stay valid after a crawl that found nothing new.
    expect(catalog.version).toBe(version);
  });
});
