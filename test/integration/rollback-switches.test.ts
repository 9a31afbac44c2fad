import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { PROVISIONAL_MESSAGE } from '../../src/catalog/provisional-products.js';
import { REDIS_URL, startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const CATALOG_SEARCH = `{ search(query: "beginner snowboard", first: 5) { totalCount edges { node { id name } } } }`;
const MISS_SEARCH = `{ search(query: "Burton Custom", first: 5) {
  totalCount
  edges { node { name brand listings { vendor url } analysis { status message } specs { raw { name } } } }
} }`;

/** Keys the app wrote under its prefix that start with `part` (e.g. `query:`, `static:`). */
async function keysUnder(a: TestApp, part: string): Promise<string[]> {
  const redis = new Redis(REDIS_URL);
  try {
    return await redis.keys(`${a.config.redisKeyPrefix}${part}*`);
  } finally {
    redis.disconnect();
  }
}

/** Requests per storefront since the last reset: its search page, and every other page (product pages here). */
function pages(a: TestApp) {
  const split = (requests: Record<string, number>, searchPath: string) => {
    const entries = Object.entries(requests);
    const count = (list: [string, number][]) => list.reduce((n, [, c]) => n + c, 0);
    return {
      search: count(entries.filter(([p]) => p.startsWith(searchPath))),
      product: count(entries.filter(([p]) => !p.startsWith(searchPath))),
    };
  };
  return {
    evo: split(a.sandbox.evo.stats().requests, '/shop?'),
    backcountry: split(a.sandbox.backcountry.stats().requests, '/search?'),
  };
}

const queryReads = (a: TestApp, tier: 'query' | 'response' = 'query') => {
  const { hits, misses } = a.services.cache.stats()[tier];
  return { hits, misses };
};

describe('QUERY_CACHE=false: no query tier', () => {
  it('two identical searches leave the query tier and the response cache untouched (no read counted, no query: or response: key); with it on they move them', async () => {
    app = await startTestApp({ env: { QUERY_CACHE: 'false' } });
    const before = queryReads(app);
    const [first, second] = [await app.graphql(CATALOG_SEARCH), await app.graphql(CATALOG_SEARCH)];
    expect(first.errors).toBeUndefined();
    expect(first.data.search.totalCount).toBeGreaterThan(0);
    expect(second.data).toEqual(first.data);
    expect(queryReads(app)).toEqual(before);
    expect(queryReads(app, 'response')).toEqual({ hits: 0, misses: 0 });
    expect(await keysUnder(app, 'query:')).toEqual([]);
    expect(await keysUnder(app, 'response:')).toEqual([]);
    expect(app.retailerRequests()).toEqual({ evo: 0, backcountry: 0 }); // still the static tier
    await app.close();

    app = await startTestApp();
    await app.graphql(CATALOG_SEARCH);
    // The answer is written after it was sent.
    await expect.poll(async () => (await keysUnder(app!, 'response:')).length).toBeGreaterThan(0);
    await app.graphql(CATALOG_SEARCH);
    // The first search misses both and fills both; the second is answered by the response cache.
    expect(queryReads(app)).toEqual({ hits: 0, misses: 1 });
    expect(queryReads(app, 'response')).toEqual({ hits: 1, misses: 1 });
    expect((await keysUnder(app, 'query:')).length).toBe(1);
    expect((await keysUnder(app, 'response:')).length).toBeGreaterThan(0);
  }, 60_000);

  it('a search miss keeps no provisional answer: an identical later miss calls each retailer search page again', async () => {
    app = await startTestApp({ crawl: false, env: { QUERY_CACHE: 'false' } });
    for (let round = 0; round < 2; round++) {
      app.resetRetailerStats();
      const answer = await app.graphql(MISS_SEARCH);
      expect(answer.data.search.edges[0].node.analysis.message).toBe(PROVISIONAL_MESSAGE);
      expect(pages(app)).toEqual({ evo: { search: 1, product: 0 }, backcountry: { search: 1, product: 0 } });
    }
    expect(await keysUnder(app, 'query:')).toEqual([]);
  }, 60_000);
});

describe('BACKGROUND_PROCESSING=false: a miss runs the heavy work inline', () => {
  it('answers full products in the request (search pages, then product pages), enqueues nothing, and the next search is a static hit', async () => {
    app = await startTestApp({ crawl: false, env: { BACKGROUND_PROCESSING: 'false' } });
    const answer = await app.graphql(MISS_SEARCH);
    expect(answer.errors).toBeUndefined();
    const nodes = answer.data.search.edges.map((e: { node: unknown }) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.brand).toBe('Burton');
      expect(node.analysis.message).not.toBe(PROVISIONAL_MESSAGE);
      expect(node.specs.raw.length).toBeGreaterThan(0);
    }
    const seen = pages(app);
    const listed = (vendor: string) => nodes.flatMap((n: { listings: { vendor: string }[] }) => n.listings.filter((l) => l.vendor === vendor)).length;
    expect(seen.evo.search).toBe(1);
    expect(seen.backcountry.search).toBe(1);
    expect(seen.evo.product).toBeGreaterThanOrEqual(listed('evo'));
    expect(seen.backcountry.product).toBeGreaterThanOrEqual(listed('backcountry'));
    expect(listed('evo') + listed('backcountry')).toBeGreaterThan(0);
    expect(await app.services.heavyProcessor.queueStats()).toMatchObject({ waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 });
    expect(app.services.catalog.size).toBeGreaterThan(0);

    app.resetRetailerStats();
    expect((await app.graphql(MISS_SEARCH)).data).toEqual(answer.data);
    expect(app.retailerRequests()).toEqual({ evo: 0, backcountry: 0 });
  }, 60_000);
});

describe('SPLIT_AGENTS=false: the old single path', () => {
  it('every search reads each retailer search page and every hit product page, writes no static: key, and answers real products with live fields from the light agents', async () => {
    app = await startTestApp({ crawl: false, env: { SPLIT_AGENTS: 'false' } });
    const counts = [];
    let firstData: unknown;
    for (let round = 0; round < 2; round++) {
      app.resetRetailerStats();
      const answer = await app.graphql(MISS_SEARCH);
      expect(answer.errors).toBeUndefined();
      const nodes = answer.data.search.edges.map((e: { node: unknown }) => e.node);
      expect(nodes.length).toBeGreaterThan(0);
      for (const node of nodes) {
        expect(node.brand).toBe('Burton');
        expect(node.name).toMatch(/Custom/);
        expect(node.specs.raw.length).toBeGreaterThan(0);
        expect(node.analysis.message).not.toBe(PROVISIONAL_MESSAGE);
      }
      const seen = pages(app);
      expect(seen.evo.search).toBe(1);
      expect(seen.backcountry.search).toBe(1);
      expect(seen.evo.product + seen.backcountry.product).toBeGreaterThanOrEqual(nodes.length);
      counts.push(seen);
      if (round === 0) firstData = answer.data;
      else expect(answer.data).toEqual(firstData);
    }
    expect(counts[1]).toEqual(counts[0]);
    expect(await keysUnder(app, 'static:')).toEqual([]);
    expect(await keysUnder(app, 'query:')).toEqual([]);
    expect(await app.services.heavyProcessor.queueStats()).toMatchObject({ waiting: 0, active: 0, completed: 0 });

    app.resetRetailerStats();
    const live = await app.graphql(`{ search(query: "Burton Custom", first: 2) { edges { node { offers { vendor price { amount } } liveStatus { vendor status } } } } }`);
    expect(live.errors).toBeUndefined();
    const statuses = live.data.search.edges.flatMap((e: { node: { liveStatus: { status: string }[] } }) => e.node.liveStatus.map((s) => s.status));
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['OK']));
    expect(live.data.search.edges[0].node.offers.length).toBeGreaterThan(0);
  }, 60_000);

  it('with the switch on (the default) a second search costs no retailer request', async () => {
    app = await startTestApp();
    await app.graphql(MISS_SEARCH);
    app.resetRetailerStats();
    const again = await app.graphql(MISS_SEARCH);
    expect(again.data.search.edges.length).toBeGreaterThan(0);
    expect(app.retailerRequests()).toEqual({ evo: 0, backcountry: 0 });
    expect((await keysUnder(app, 'static:')).length).toBeGreaterThan(0);
  }, 60_000);
});
