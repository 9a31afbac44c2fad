import { afterEach, describe, expect, it } from 'vitest';
import { PROVISIONAL_MESSAGE } from '../../src/catalog/provisional-products.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../live/support/harness.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const SEARCH = `{ search(query: "Burton Custom", first: 5) {
  totalCount
  catalog { state }
  edges { node { name brand listings { vendor } analysis { status message } specs { raw { name } } } }
} }`;

const searchPages = (a: TestApp) => ({
  evo: Object.entries(a.sandbox.evo.stats().requests).filter(([path]) => path.startsWith('/shop?')),
  backcountry: Object.entries(a.sandbox.backcountry.stats().requests).filter(([path]) => path.startsWith('/search?')),
});

describe('a search nothing in the catalog matches', () => {
  it('two at once schedule one job and one search-page call per retailer; a third while it waits calls nobody; once it ran, the next search is a static hit with no retailer call', async () => {
    // A production-mode app (BullMQ on Redis) on an empty catalog; its workers start later.
    app = await startTestApp({ crawl: false });
    const [first, second] = await Promise.all([app.graphql(SEARCH), app.graphql(SEARCH)]);
    for (const answer of [first, second]) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data.search.totalCount).toBeGreaterThan(0);
      for (const { node } of answer.data.search.edges) {
        expect(node.brand).toBe('Burton');
        expect(node.name).toMatch(/Custom/);
        expect(node.analysis).toEqual({ status: 'PENDING', message: PROVISIONAL_MESSAGE });
        expect(node.specs.raw).toEqual([]);
      }
    }
    expect(first.data).toEqual(second.data);
    const pages = searchPages(app);
    expect(pages.evo).toEqual([['/shop?text=Burton+custom', 1]]);
    expect(pages.backcountry).toEqual([['/search?q=Burton+custom', 1]]);
    expect(await app.services.heavyProcessor.queueStats()).toMatchObject({ waiting: 1, active: 0 });

    app.resetRetailerStats();
    expect((await app.graphql(SEARCH)).data).toEqual(first.data);
    expect(app.retailerRequests()).toEqual({ evo: 0, backcountry: 0 });

    // A worker takes the one job: each retailer's search page again, then every hit's product page.
    await app.services.heavyProcessor.startWorkers();
    await until(async () => (await app!.services.heavyProcessor.queueStats()).completed === 1, 20_000);
    expect(await app.services.heavyProcessor.queueStats()).toMatchObject({ waiting: 0, active: 0, completed: 1, failed: 0 });
    expect(app.services.catalog.size).toBeGreaterThan(0);

    app.resetRetailerStats();
    const after = await app.graphql(SEARCH);
    expect(after.errors).toBeUndefined();
    expect(app.retailerRequests()).toEqual({ evo: 0, backcountry: 0 });
    expect(after.data.search.edges.length).toBeGreaterThan(0);
    for (const { node } of after.data.search.edges) {
      expect(node.brand).toBe('Burton');
      expect(node.analysis.message).not.toBe(PROVISIONAL_MESSAGE);
      expect(node.specs.raw.length).toBeGreaterThan(0);
    }
    // The products the miss showed are the ones now in the catalog, in full.
    const names = (d: { search: { edges: { node: { name: string } }[] } }) => d.search.edges.map((e) => e.node.name).sort();
    expect(names(after.data)).toEqual(names(first.data));
  }, 60_000);

  it.each([
    ['a price', 'Burton Custom under $5'],
    ['a size', 'Burton Custom 190cm'],
    ['a skill level and a price', 'expert snowboard under $10'],
  ])('filters (%s) that exclude every match are an answer, not a miss: no retailer is called', async (_what, query) => {
    app = await startTestApp();
    app.resetRetailerStats();
    const answer = await app.graphql(`{ search(query: "${query}") { totalCount edges { node { name } } } }`);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.search).toEqual({ totalCount: 0, edges: [] });
    expect(app.retailerRequests()).toEqual({ evo: 0, backcountry: 0 });
    expect(await app.services.heavyProcessor.queueStats()).toMatchObject({ waiting: 0 });
  });
});
