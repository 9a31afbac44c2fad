import { tierKeys } from '../../src/cache/tiers.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RetailerKind } from '../../src/config.js';
import { LiveSearchDocument } from '../gql/graphql.js';
import { startFrontServer, type FrontServer } from '../agents/support/front-server.js';
import {
  backcountryApiWithoutSkus, backcountryApiWithoutStock, evoPageWithoutOffers, evoPageWithoutStock,
} from '../support/storefront-rewrites.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * What the live fields say when a retailer's page says nothing, or says nothing about stock,
 * or no longer lists a product: GraphQL through yoga, real Redis, each retailer behind a test
 * storefront in front of the sandbox that rewrites its product pages / API answers.
 */

type Mode = 'as-is' | 'says-nothing' | 'no-stock' | 'gone';
const VARS = { query: 'beginner snowboard', first: 5 };
const isEvoProductPage = (path: string) => !path.startsWith('/shop') && !path.startsWith('/__sandbox') && path !== '/';
const isApiCall = (path: string) => path.startsWith('/api/products/');

interface Fronted {
  app: TestApp;
  mode: Record<RetailerKind, Mode>;
  /** Product-page (evo) or API (backcountry) requests that reached each test storefront. */
  liveRequests(kind: RetailerKind): number;
  close(): Promise<void>;
}

/** A test app whose two retailers sit behind storefronts that rewrite live reads per `mode` (as-is during the crawl). */
async function startFrontedApp(env: Record<string, string>): Promise<Fronted> {
  const mode: Record<RetailerKind, Mode> = { evo: 'as-is', backcountry: 'as-is' };
  const fronts: FrontServer[] = [];
  const app = await startTestApp({
    env,
    storefronts: async (sandbox) => {
      const evo = await startFrontServer({
        upstream: () => sandbox.evo.baseUrl,
        answer: (path, res) => {
          if (mode.evo !== 'gone' || !isEvoProductPage(path)) return false;
          res.writeHead(404, { 'content-type': 'text/html' }).end('<!doctype html><html><body><h1>Not found</h1></body></html>');
          return true;
        },
        rewrite: (path, body) => {
          if (!isEvoProductPage(path)) return body;
          return mode.evo === 'says-nothing' ? evoPageWithoutOffers(body) : mode.evo === 'no-stock' ? evoPageWithoutStock(body) : body;
        },
      });
      const backcountry = await startFrontServer({
        upstream: () => sandbox.backcountry.baseUrl,
        rewrite: (path, body) => {
          if (!isApiCall(path)) return body;
          return mode.backcountry === 'says-nothing' ? backcountryApiWithoutSkus(body) : mode.backcountry === 'no-stock' ? backcountryApiWithoutStock(body) : body;
        },
      });
      fronts.push(evo, backcountry);
      return { evo: evo.url, backcountry: backcountry.url };
    },
  });
  const [evoFront, bcFront] = fronts as [FrontServer, FrontServer];
  return {
    app,
    mode,
    liveRequests: (kind) => (kind === 'evo' ? evoFront.hits.filter(isEvoProductPage) : bcFront.hits.filter(isApiCall)).length,
    async close() {
      await app.close();
      await Promise.all(fronts.map((f) => f.close()));
    },
  };
}

async function clearLiveTier(app: TestApp, prefixes = ['live:', 'neg:']): Promise<void> {
  const keys = (await Promise.all(prefixes.map((p) => app.services.store.keys(p)))).flat();
  if (keys.length > 0) await app.services.store.delete(...keys);
}

type Status = { vendor: string; status: string; message: string | null };
const statusesOf = (node: { liveStatus: Status[] }): Record<string, Status> => Object.fromEntries(node.liveStatus.map((s) => [s.vendor, s]));

describe.each(['evo', 'backcountry'] as const)('a page that says nothing is not an offer: %s', (kind) => {
  const other: RetailerKind = kind === 'evo' ? 'backcountry' : 'evo';
  let f: Fronted;
  beforeAll(async () => {
    f = await startFrontedApp({ LIVE_DEADLINE_MS: '10000' });
  });
  afterAll(async () => {
    await f?.close();
  });

  it(`${kind} lost its offer markup: ERROR "unreadable", a negative entry and no live data for it, its breaker counts, ${other}'s offers arrive`, async () => {
    f.mode[kind] = 'says-nothing';
    const { data, errors } = await f.app.execute(LiveSearchDocument, VARS);
    expect(errors).toBeUndefined();
    expect(data.search.edges).toHaveLength(5);
    for (const { node } of data.search.edges) {
      const statuses = statusesOf(node);
      expect(statuses[kind]!.status).toBe('ERROR');
      expect(statuses[kind]!.message).toMatch(/unreadable/);
      expect(statuses[other]!.status).toBe('OK');
      expect(node.offers.map((o) => o.vendor)).toEqual([other]);
      expect(node.bestOffer?.vendor ?? other).toBe(other);
    }
    const store = f.app.services.store;
    expect(await store.keys(tierKeys.liveVendorPrefix(kind))).toEqual([]);
    expect(await store.keys(tierKeys.liveNegativeVendorPrefix(kind))).toHaveLength(5);
    expect(await store.keys(tierKeys.liveVendorPrefix(other))).toHaveLength(5);

    // The breaker counts these failures (evo: one per page; backcountry: one per API call):
    // the negative entries cleared, a few more searches open it.
    const breaker = f.app.services.lightAgents.find((a) => a.vendor === kind)!.client;
    for (let i = 0; i < 5 && !breaker.isOpen(); i++) {
      await clearLiveTier(f.app, ['neg:']);
      await f.app.execute(LiveSearchDocument, VARS);
    }
    expect(breaker.isOpen()).toBe(true);

    // Open: the retailer is not called at all, and says so.
    await clearLiveTier(f.app, ['neg:']);
    const before = f.liveRequests(kind);
    const open = await f.app.execute(LiveSearchDocument, VARS);
    expect(f.liveRequests(kind)).toBe(before);
    for (const { node } of open.data.search.edges) expect(statusesOf(node)[kind]!.status).toBe('CIRCUIT_OPEN');
    expect(await store.keys(tierKeys.liveVendorPrefix(kind))).toEqual([]);
  });
});

describe('unknown stays unknown', () => {
  let f: Fronted;
  beforeAll(async () => {
    f = await startFrontedApp({ LIVE_DEADLINE_MS: '10000' });
  });
  afterAll(async () => {
    await f?.close();
  });
  beforeEach(async () => {
    await clearLiveTier(f.app);
    f.mode.evo = 'as-is';
    f.mode.backcountry = 'as-is';
  });

  it('offers whose sizes all say nothing about stock: inStock is null on each size and on the product; bestOffer is the cheapest of them', async () => {
    f.mode.evo = 'no-stock';
    f.mode.backcountry = 'no-stock';
    const { data, errors } = await f.app.execute(LiveSearchDocument, VARS);
    expect(errors).toBeUndefined();
    for (const { node } of data.search.edges) {
      expect(node.offers.map((o) => o.vendor).sort()).toEqual(['backcountry', 'evo']);
      expect(node.liveStatus.map((s) => s.status)).toEqual(['OK', 'OK']);
      for (const offer of node.offers) {
        expect(offer.price?.amount).toBeGreaterThan(0); // the pages still state prices: offers
        expect(offer.availability).toBe('UNKNOWN');
        expect(offer.sizes.length).toBeGreaterThan(0);
        for (const size of offer.sizes) expect(size.inStock).toBeNull();
      }
      expect(node.inStock).toBeNull();
      // None is known in stock, none known out of stock: the cheapest of unknown stock.
      expect(node.bestOffer?.price?.amount).toBe(Math.min(...node.offers.map((o) => o.price!.amount)));
    }
  });

  it('as the retailers state stock, inStock and bestOffer follow it: true when some offer is in stock, never an out-of-stock best offer', async () => {
    const { data } = await f.app.execute(LiveSearchDocument, { query: 'snowboard', first: 40 });
    expect(data.search.edges.length).toBeGreaterThan(0);
    for (const { node } of data.search.edges) {
      const anyIn = node.offers.some((o) => o.availability === 'IN_STOCK' || o.availability === 'LOW_STOCK');
      // The sandbox states every size's stock, so nothing here is unknown.
      expect(node.inStock).toBe(anyIn ? true : node.offers.length > 0 ? false : null);
      const best = node.offers.find((o) => o.vendor === node.bestOffer?.vendor);
      if (anyIn) expect(['IN_STOCK', 'LOW_STOCK']).toContain(best?.availability);
      else expect(node.bestOffer).toBeNull();
      for (const offer of node.offers) for (const size of offer.sizes) expect(typeof size.inStock).toBe('boolean');
    }
  });

  it('a listing the retailer no longer carries says NOT_FOUND, with no offer; the other retailer is OK', async () => {
    f.mode.evo = 'gone';
    const { data, errors } = await f.app.execute(LiveSearchDocument, VARS);
    expect(errors).toBeUndefined();
    for (const { node } of data.search.edges) {
      const statuses = statusesOf(node);
      expect(statuses.evo!.status).toBe('NOT_FOUND');
      expect(statuses.evo!.message).toBeTruthy();
      expect(statuses.backcountry!.status).toBe('OK');
      expect(node.offers.map((o) => o.vendor)).toEqual(['backcountry']);
    }
    expect(await f.app.services.store.keys(tierKeys.liveVendorPrefix('evo'))).toEqual([]);
    expect(f.app.services.lightAgents.find((a) => a.vendor === 'evo')!.client.isOpen()).toBe(false);
  });
});
