import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/cache/memory-store.js';
import { responseCacheKey, responseKeys, ResponseCacheStore, type HeldAnswer } from '../../src/cache/response-cache.js';
import { isCacheableDocument } from '../../src/cache/response-cache-plugin.js';
import { parse } from 'graphql';
import { schema } from '../../src/schema/index.js';
import { tierKeys } from '../../src/cache/tiers.js';
import { createLogger } from '../../src/logger.js';
import { METRIC } from '../../src/monitoring/metrics.js';
import { sampleValue, scrapeMetrics } from '../support/prometheus.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { CountingStore } from '../catalog/helpers.js';

const logger = createLogger('silent');
const TOKEN = 'response-cache-test-admin-token';
const SEARCH = '{ search(query: "beginner snowboard", first: 5) { totalCount edges { node { id name brand rating { average count } } } } }';
const LIVE_SEARCH = '{ search(query: "beginner snowboard", first: 3) { edges { node { id name bestOffer { vendor price { amount } } } } } }';
const DEFERRED_LIVE_SEARCH = '{ search(query: "beginner snowboard", first: 3) { edges { node { id name ... @defer { offers { vendor } inStock } } } } }';

const counters = () => ({ hits: 0, misses: 0, corrupt: 0, errors: 0 });
const data = (ids: string[]) => ({ search: { edges: ids.map((id) => ({ node: { id } })) } });
/** An executed answer as the plugin hands it to the store: with the text yoga sends (result.stringify). */
const result = (ids: string[]): HeldAnswer => {
  const answer = { data: data(ids) };
  const text = JSON.stringify(answer);
  return { ...answer, stringify: () => text };
};
/** An answer as the store hands it out: the same data, and the text it was stored as. */
const servedAnswer = (ids: string[]) => ({ data: data(ids), stringify: expect.any(Function) });

describe('response cache store (on the project Store)', () => {
  it('writes an answer with its TTL and indexes it by product; a product rewrite drops every answer holding it', async () => {
    const store = new MemoryStore();
    const cache = new ResponseCacheStore({ store, maxTtlSeconds: 3600, counters: counters(), logger });
    await cache.set(responseKeys.global('a'), result(['p1', 'p2']), ['p1', 'p2'], 60);
    await cache.set(responseKeys.global('b'), result(['p2']), ['p2'], 60);
    await cache.set(responseKeys.global('c'), result(['p3']), ['p3'], 60);
    const first = await cache.get(responseKeys.global('a'));
    expect(first).toEqual(servedAnswer(['p1', 'p2']));
    // Handed out with the text it was written with: a hit is not serialised again.
    expect(first!.stringify()).toBe(result(['p1', 'p2']).stringify());
    const ttl = await store.ttlSeconds(responseKeys.global('a'));
    expect(ttl).toBeGreaterThan(55);
    expect(ttl).toBeLessThanOrEqual(60);
    // Every index has a TTL too (never longer than the longest answer may live).
    const indexTtl = await store.ttlSeconds(responseKeys.productIndex('p2'));
    expect(indexTtl).toBeGreaterThan(0);
    expect(indexTtl).toBeLessThanOrEqual(3600);

    await cache.invalidateProducts(['p2']);
    expect(await cache.get(responseKeys.global('a'))).toBeUndefined();
    expect(await cache.get(responseKeys.global('b'))).toBeUndefined();
    expect(await cache.get(responseKeys.global('c'))).toEqual(servedAnswer(['p3']));
    expect(await store.keys(responseKeys.productIndex('p2'))).toEqual([]);
  });

  it('never writes an answer that holds no product, nor one while the catalog is not cacheable; never beyond the query TTL', async () => {
    const store = new MemoryStore();
    let cacheable = true;
    const cache = new ResponseCacheStore({ store, maxTtlSeconds: 120, counters: counters(), logger, cacheable: () => cacheable });
    await cache.set(responseKeys.global('empty'), result([]), [], 60);
    expect(await store.keys('response:')).toEqual([]);
    cacheable = false;
    await cache.set(responseKeys.global('filling'), result(['p1']), ['p1'], 60);
    expect(await store.keys('response:')).toEqual([]);
    cacheable = true;
    await cache.set(responseKeys.global('long'), result(['p1']), ['p1'], 7200);
    expect(await store.ttlSeconds(responseKeys.global('long'))).toBeLessThanOrEqual(120);
  });

  it("a user's answers are indexed under the user and dropped together; a global answer is not", async () => {
    const store = new MemoryStore();
    const cache = new ResponseCacheStore({ store, maxTtlSeconds: 3600, counters: counters(), logger });
    await cache.set(responseKeys.user('alice', 'x'), result(['p1']), ['p1'], 60);
    await cache.set(responseKeys.user('alice', 'y'), result(['p2']), ['p2'], 60);
    await cache.set(responseKeys.user('bob', 'x'), result(['p1']), ['p1'], 60);
    await cache.set(responseKeys.global('x'), result(['p1']), ['p1'], 60);
    await cache.invalidateUser('alice');
    expect(await cache.get(responseKeys.user('alice', 'x'))).toBeUndefined();
    expect(await cache.get(responseKeys.user('alice', 'y'))).toBeUndefined();
    expect(await cache.get(responseKeys.user('bob', 'x'))).toEqual(servedAnswer(['p1']));
    expect(await cache.get(responseKeys.global('x'))).toEqual(servedAnswer(['p1']));
  });

  it("tells which products an answer it served holds (their static records are then checked off the request path)", async () => {
    const served: string[][] = [];
    const cache = new ResponseCacheStore({ store: new MemoryStore(), maxTtlSeconds: 3600, counters: counters(), logger, onServed: (ids) => served.push(ids) });
    await cache.set(responseKeys.global('a'), result(['p1', 'p2']), ['p1', 'p2'], 60);
    expect(await cache.get(responseKeys.global('a'))).toEqual(servedAnswer(['p1', 'p2']));
    expect(served).toEqual([['p1', 'p2']]);
  });

  it('keeps hot answers decoded in the process: no store read after the first hit, dropped with the product or the user', async () => {
    const store = new CountingStore(new MemoryStore());
    const c = counters();
    const cache = new ResponseCacheStore({ store, maxTtlSeconds: 3600, counters: c, logger, localEntries: 10 });
    await cache.set(responseKeys.global('a'), result(['p1']), ['p1'], 60);
    await cache.set(responseKeys.user('alice', 'b'), result(['p2']), ['p2'], 60);
    for (let i = 0; i < 3; i++) expect(await cache.get(responseKeys.global('a'))).toEqual(servedAnswer(['p1']));
    for (let i = 0; i < 3; i++) expect(await cache.get(responseKeys.user('alice', 'b'))).toEqual(servedAnswer(['p2']));
    expect(store.calls.get).toBe(2);
    expect(c.hits).toBe(6);

    await cache.invalidateProducts(['p1']);
    expect(await cache.get(responseKeys.global('a'))).toBeUndefined();
    await cache.invalidateUser('alice');
    expect(await cache.get(responseKeys.user('alice', 'b'))).toBeUndefined();
    expect(store.calls.get).toBe(4);
  });

  it('a value of another shape reads as a miss, counted corrupt', async () => {
    const store = new MemoryStore();
    const c = counters();
    const cache = new ResponseCacheStore({ store, maxTtlSeconds: 3600, counters: c, logger });
    await store.set(responseKeys.global('bad'), 'not json', 60);
    // The first version's entries (one JSON object) and a header without its answer are other shapes too.
    await store.set(responseKeys.global('v1'), JSON.stringify({ data: data(['p1']), products: ['p1'], expiresAtMs: Date.now() + 60_000 }), 60);
    await store.set(responseKeys.global('headless'), `${JSON.stringify({ products: ['p1'], expiresAtMs: Date.now() + 60_000 })}\n{"errors":[]}`, 60);
    for (const key of ['bad', 'v1', 'headless']) expect(await cache.get(responseKeys.global(key))).toBeUndefined();
    expect(c).toMatchObject({ hits: 0, corrupt: 3 });
  });

  it('is keyed by document, variables, viewer (with their preferences) and the catalog version', () => {
    const base = { documentString: '{ a }', variableValues: { q: 1, r: 2 }, operationName: null, user: null, catalogVersion: 'v1' };
    const key = responseCacheKey(base);
    expect(key.startsWith('response:v2:global:')).toBe(true);
    expect(responseCacheKey({ ...base, variableValues: { r: 2, q: 1 } })).toBe(key);
    expect(responseCacheKey({ ...base, documentString: '{ b }' })).not.toBe(key);
    expect(responseCacheKey({ ...base, variableValues: { q: 2, r: 2 } })).not.toBe(key);
    expect(responseCacheKey({ ...base, catalogVersion: 'v2' })).not.toBe(key);
    const alice = responseCacheKey({ ...base, user: { userId: 'alice', preferencesVersion: 't1' } });
    expect(alice.startsWith('response:v2:user:alice:')).toBe(true);
    expect(responseCacheKey({ ...base, user: { userId: 'alice', preferencesVersion: 't2' } })).not.toBe(alice);
  });

  it('caches the answers of queries delivered whole that select no live or viewer field, also through fragments', () => {
    const cacheable = (text: string, operationName?: string) => isCacheableDocument(schema, parse(text), operationName);
    expect(cacheable('{ search(query: "x") { totalCount edges { node { id name rating { average } } } } }')).toBe(true);
    expect(cacheable('{ search(query: "x") { edges { node { id bestOffer { vendor } } } } }')).toBe(false);
    expect(cacheable('{ search(query: "x") { edges { node { ...Live } } } } fragment Live on Product { offers { vendor } }')).toBe(false);
    expect(cacheable('{ nodes(ids: ["a"]) { ... on Product { inStock } } }')).toBe(false);
    expect(cacheable('{ search(query: "x") { edges { node { id ... @defer { name } } } } }')).toBe(false);
    expect(cacheable('{ viewer { userId } }')).toBe(false);
    expect(cacheable('{ product(id: "a") { name } }')).toBe(false);
    expect(cacheable('{ search(query: "x") { edges { node { priceHistory { at } } } } }')).toBe(false);
    expect(cacheable('mutation { unwatchPrice(id: "a") }')).toBe(false);
    // Of a document with two operations, the one the request runs decides.
    const two = 'query A { search(query: "x") { totalCount } } query B { viewer { userId } }';
    expect(cacheable(two, 'A')).toBe(true);
    expect(cacheable(two, 'B')).toBe(false);
  });
});

describe('response cache on the query tier (through yoga, on Redis)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { ADMIN_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await app.close();
  });

  const responseKeysNow = () => app.services.store.keys(responseKeys.global(''));

  it('a second identical search is a response-cache hit: counted (also in /metrics and /admin/cache-stats), no retailer call, no static-tier read', async () => {
    const first = await app.graphql(SEARCH);
    expect(first.errors).toBeUndefined();
    expect(first.data.search.edges.length).toBeGreaterThan(0);
    await expect.poll(responseKeysNow).toHaveLength(1);

    const before = { cache: app.services.cache.stats(), records: app.services.records.stats() };
    app.resetRetailerStats();
    const second = await app.graphql(SEARCH);
    expect(second).toEqual(first);
    const after = { cache: app.services.cache.stats(), records: app.services.records.stats() };
    expect(after.cache.response.hits - before.cache.response.hits).toBe(1);
    expect(after.cache.response.misses).toBe(before.cache.response.misses);
    // Not executed: no static tier, no in-process record, no query-tier read, no retailer.
    expect(after.cache.static).toEqual(before.cache.static);
    expect(after.records.hits + after.records.misses).toBe(before.records.hits + before.records.misses);
    expect(after.cache.query).toEqual(before.cache.query);
    expect(app.retailerRequests()).toEqual({ evo: 0, backcountry: 0 });

    const { scrape } = await scrapeMetrics(app.yoga);
    expect(sampleValue(scrape, METRIC.cacheReads, { tier: 'response', outcome: 'hit' })).toBe(after.cache.response.hits);
    const stats = await app.yoga.fetch('http://yoga/admin/cache-stats', { headers: { authorization: `Bearer ${TOKEN}` } });
    const body = await stats.json();
    expect(body.cache.response.hits).toBe(after.cache.response.hits);
    // Cluster-wide: every server's counters summed in the store (this one's, once shared).
    await app.services.cache.shareCounters();
    expect((await app.services.cache.clusterStats()).response.hits).toBe(after.cache.response.hits);
  });

  it('a hit sends the bytes the execution sent, also on later hits (served from the text of its first)', async () => {
    const query = '{ search(query: "all mountain snowboard", first: 4) { totalCount edges { node { id name brand pros } } } }';
    const text = async (accept: string) => {
      const response = await app.yoga.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query }) });
      expect(response.status).toBe(200);
      return response.text();
    };
    const written = (await responseKeysNow()).length;
    const executed = await text('application/graphql-response+json');
    expect(JSON.parse(executed).data.search.edges.length).toBeGreaterThan(0);
    await expect.poll(responseKeysNow).toHaveLength(written + 1);
    const hits = app.services.cache.stats().response.hits;
    const replies = [await text('application/graphql-response+json'), await text('application/json'), await text('application/graphql-response+json')];
    expect(app.services.cache.stats().response.hits).toBe(hits + 3);
    expect(replies).toEqual([executed, executed, executed]);
    // Over SSE the same JSON is the event's data.
    const sse = await text('text/event-stream');
    expect(sse).toContain(`data: ${executed}`);
  });

  it('a request whose user header is refused gets its 401, never a cached global answer', async () => {
    await app.graphql(SEARCH);
    await expect.poll(responseKeysNow).not.toHaveLength(0);
    const hits = app.services.cache.stats().response.hits;
    const response = await app.yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'x-hexar-user': 'v1.Zm9v.forged' },
      body: JSON.stringify({ query: SEARCH }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(app.services.cache.stats().response.hits).toBe(hits);
  });

  it('a query with live fields (plain or deferred) is never served from it nor written to it', async () => {
    const keysBefore = (await responseKeysNow()).length;
    for (const query of [LIVE_SEARCH, DEFERRED_LIVE_SEARCH]) {
      for (let round = 0; round < 2; round++) {
        const before = app.services.cache.stats();
        const response = await app.yoga.fetch('http://yoga/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'multipart/mixed, application/graphql-response+json' },
          body: JSON.stringify({ query }),
        });
        expect(response.status).toBe(200);
        await response.text();
        const after = app.services.cache.stats();
        expect(after.response.hits).toBe(before.response.hits);
        // Its live fields read the live tier every time.
        expect(after.live.hits + after.live.misses).toBeGreaterThan(before.live.hits + before.live.misses);
      }
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(await responseKeysNow()).toHaveLength(keysBefore);
  });

  it('an answer with no products is never cached', async () => {
    const keysBefore = (await responseKeysNow()).length;
    const empty = await app.graphql('{ search(query: "snowboard", filters: { maxPrice: 1 }) { totalCount edges { node { id } } } }');
    expect(empty.data.search.totalCount).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(await responseKeysNow()).toHaveLength(keysBefore);
  });

  it('a product the heavy track rewrites takes the answers holding it along: the next search is executed and shows the new record', async () => {
    const query = '{ search(query: "beginner snowboard", first: 2) { edges { node { id name } } } }';
    // A document that selects no id is indexed by the products it read all the same.
    const namesOnly = '{ search(query: "beginner snowboard", first: 2) { edges { node { name } } } }';
    const first = await app.graphql(query);
    const [node] = first.data.search.edges.map((e: { node: { id: string; name: string } }) => e.node);
    await app.graphql(namesOnly);
    const hitsBefore = app.services.cache.stats().response.hits;
    await app.graphql(query);
    await app.graphql(namesOnly);
    expect(app.services.cache.stats().response.hits).toBe(hitsBefore + 2);
    const id = Buffer.from(node.id, 'base64').toString('utf8').split(':')[1]!;
    const index = responseKeys.productIndex(id);
    // The two answers, and those of earlier tests that hold it too.
    expect((await app.services.store.indexMembers(index, Date.now())).length).toBeGreaterThanOrEqual(2);

    const [record] = await app.services.staticProducts.getProducts([id]);
    await app.services.staticProducts.putProducts([{ ...record!, name: `${record!.name} (rewritten)`, updatedAt: new Date().toISOString() }]);
    await expect.poll(() => app.services.store.indexMembers(index, Date.now())).toEqual([]);
    const hits = app.services.cache.stats().response.hits;
    const again = await app.graphql(query);
    expect(again.data.search.edges[0].node.name).toBe(`${record!.name} (rewritten)`);
    expect((await app.graphql(namesOnly)).data.search.edges[0].node.name).toBe(`${record!.name} (rewritten)`);
    expect(app.services.cache.stats().response.hits).toBe(hits);
    await app.services.staticProducts.putProducts([record!]);
    expect(await app.services.store.keys(tierKeys.staticProduct(id))).toHaveLength(1);
  });
});
