import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tierKeys } from '../../src/cache/tiers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('query tier keys come from the understood intent plus filters', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('"Snowboard under $500" and "snowboards under 500 dollars" share one entry; an explicit filter makes another', async () => {
    const search = app.services.productSearch;
    const before = app.services.cache.stats().query;
    const first = await search.search('Snowboard under $500', undefined);
    const second = await search.search('snowboards under 500 dollars', undefined);
    expect(first.ids.length).toBeGreaterThan(0);
    expect(second.ids).toEqual(first.ids);
    const after = app.services.cache.stats().query;
    expect({ hits: after.hits - before.hits, misses: after.misses - before.misses }).toEqual({ hits: 1, misses: 1 });
    expect(await app.services.store.keys(tierKeys.queryGlobal(''))).toHaveLength(1);

    await search.search('snowboards under 500 dollars', { skillLevel: 'BEGINNER' });
    expect(await app.services.store.keys(tierKeys.queryGlobal(''))).toHaveLength(2);
  });
});
