import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tierKeys } from '../../src/cache/tiers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { LiveSearchDocument } from '../gql/graphql.js';

// The 20 top beginner snowboards are all listed at both retailers (asserted below).
const VARS = { query: 'beginner snowboard', first: 20 };

function requestsByPath(app: TestApp) {
  return { evo: app.sandbox.evo.stats().requests, backcountry: app.sandbox.backcountry.stats().requests };
}

describe('live fields: one light-agent batch per retailer', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { LIVE_DEADLINE_MS: '10000' } });
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    await app.services.store.delete(...(await app.services.store.keys('live:')));
    app.resetRetailerStats();
  });

  it('a search of 20 products at both retailers asks backcountry once and each evo page once', async () => {
    const { data, errors } = await app.execute(LiveSearchDocument, VARS);
    expect(errors).toBeUndefined();
    const nodes = data.search.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(20);
    for (const node of nodes) {
      expect(node.listings.map((l: any) => l.vendor).sort()).toEqual(['backcountry', 'evo']);
      expect(node.offers.map((o: any) => o.vendor).sort()).toEqual(['backcountry', 'evo']);
      expect(node.liveStatus.map((s: any) => s.status)).toEqual(['OK', 'OK']);
      for (const offer of node.offers) {
        expect(offer.price.amount).toBeGreaterThan(0);
        expect(offer.sizes.length).toBeGreaterThan(0);
        expect(offer.stale).toBe(false);
      }
      const bc = node.offers.find((o: any) => o.vendor === 'backcountry');
      expect(bc.shipping).toBeNull(); // backcountry states no shipping: nothing invented
      expect(bc.sizes.some((s: any) => s.quantity !== null)).toBe(true);
      const evo = node.offers.find((o: any) => o.vendor === 'evo');
      expect(evo.sizes.every((s: any) => s.quantity === null)).toBe(true); // evo does not tell quantities
    }

    const seen = requestsByPath(app);
    const bcPaths = Object.keys(seen.backcountry);
    expect(bcPaths).toHaveLength(1);
    expect(bcPaths[0]).toMatch(/^\/api\/products\/[^/]+(,[^/,]+){19}/);
    expect(Object.values(seen.backcountry)).toEqual([1]);
    const evoPaths = Object.keys(seen.evo);
    expect(evoPaths).toHaveLength(20);
    expect(Object.values(seen.evo).every((n) => n === 1)).toBe(true);
    const evoUrls = nodes.map((n: any) => new URL(n.listings.find((l: any) => l.vendor === 'evo').url).pathname).sort();
    expect(evoPaths.sort()).toEqual(evoUrls);
  });

  it('10 concurrent identical searches on a cold live tier cost the retailers no more than one', async () => {
    await app.execute(LiveSearchDocument, VARS);
    const one = app.retailerRequests();
    await app.services.store.delete(...(await app.services.store.keys('live:')));
    app.resetRetailerStats();

    const results = await Promise.all(Array.from({ length: 10 }, () => app.execute(LiveSearchDocument, VARS)));
    for (const r of results) {
      expect(r.errors).toBeUndefined();
      expect(r.data.search.edges.every((e: any) => e.node.offers.length === 2)).toBe(true);
    }
    expect(app.retailerRequests()).toEqual(one);
  });

  it('a warm live tier costs zero retailer calls', async () => {
    await app.execute(LiveSearchDocument, VARS);
    app.resetRetailerStats();
    const warm = await app.execute(LiveSearchDocument, VARS);
    expect(warm.data.search.edges.every((e: any) => e.node.offers.length === 2)).toBe(true);
    expect(app.retailerRequests()).toEqual({ evo: 0, backcountry: 0 });
  });
});

describe('live fields: a failing retailer costs only its own offers', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { LIVE_DEADLINE_MS: '1500', AGENT_QUERY_TIMEOUT: '1' } });
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    await app.services.store.delete(...(await app.services.store.keys('live:')), ...(await app.services.store.keys('neg:')));
    app.sandbox.backcountry.configure({ failureRate: 0, latencyMs: 0 });
    app.resetRetailerStats();
  });

  it.each([
    ['status500', 'ERROR'],
    ['malformed', 'ERROR'],
    ['hang', 'TIMEOUT'],
  ] as const)('backcountry answering %s: evo offers arrive, liveStatus says %s, no backcountry data is cached', async (mode, status) => {
    app.sandbox.backcountry.configure({ failureRate: 1, failureMode: mode });
    const { data, errors } = await app.execute(LiveSearchDocument, { query: 'beginner snowboard', first: 5 });
    expect(errors).toBeUndefined();
    for (const { node } of data.search.edges) {
      expect(node.offers.map((o: any) => o.vendor)).toEqual(['evo']);
      const statuses = Object.fromEntries(node.liveStatus.map((s: any) => [s.vendor, s]));
      expect(statuses.evo.status).toBe('OK');
      expect(statuses.backcountry.status).toBe(status);
      expect(statuses.backcountry.message).toBeTruthy();
      expect(node.bestOffer!.vendor).toBe('evo');
    }
    expect(await app.services.store.keys(tierKeys.liveVendorPrefix('backcountry'))).toEqual([]);
    expect((await app.services.store.keys(tierKeys.liveVendorPrefix('evo'))).length).toBe(5);
  });
});
