import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tierKeys } from '../../src/cache/tiers.js';
import { createLogger } from '../../src/logger.js';
import { createServices } from '../../src/services.js';
import { RedisInterest } from '../../src/subscriptions/interest.js';
import { Redis } from 'ioredis';
import { REDIS_URL, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, globalId, listen, listingAt, movePrice, productAtBothRetailers, requestsTo, sseClient, until } from './support.js';

const OFFER_UPDATES = `subscription Updates($ids: [ID!]!, $vendors: [String!]) {
  offerUpdates(productIds: $ids, vendors: $vendors) {
    productId vendor change size previousPrice { amount currencyCode } lowestInHistory observedAt
    offer { vendor price { amount currencyCode } availability sizes { size inStock } }
  }
}`;

const PRICE_ALERT = `subscription Alert($id: ID!, $max: MoneyInput, $drop: Float, $size: String) {
  priceAlert(productId: $id, maxPrice: $max, minDropPercent: $drop, size: $size) {
    productId vendor size price { amount } previousPrice { amount } dropPercent lowestInHistory
  }
}`;

/** The backcountry offer's price as the live tier holds it now (after a refresh). */
async function livePrice(app: TestApp, productId: string, vendor: string): Promise<number> {
  const { data, errors } = await app.graphql(`{ product(id: "${globalId(productId)}") { offers { vendor price { amount } } } }`);
  expect(errors).toBeUndefined();
  return data.product.offers.find((o: any) => o.vendor === vendor).price.amount;
}

describe('Subscription.offerUpdates over graphql-sse', () => {
  let app: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    // The refresher's timer never fires here: each test runs its rounds itself (tick), so counts are exact.
    app = await startTestApp({ env: { LIVE_POLL_INTERVAL_SECONDS: '3600', LIVE_DEADLINE_MS: '10000', LIVE_STALE_GRACE_MINUTES: '0' } });
    server = await listen(app.yoga);
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  it.each([
    ['distinct connections on /graphql', false],
    ['single connection on /graphql/stream', true],
  ])('%s: a price drop at the retailer reaches the client with the previous price', async (_name, single) => {
    const product = await productAtBothRetailers(app, single ? 1 : 0);
    const bc = listingAt(product, 'backcountry');
    const refresher = app.services.liveTrack.refresher;
    const client = sseClient(single ? `${server.url}/stream` : server.url, { singleConnection: single });
    const sub = collect(client, OFFER_UPDATES, { ids: [globalId(product.id)] });
    try {
      await until(() => refresher.watched().includes(product.id));
      await refresher.tick(); // the first read fills the live tier: nothing to compare with yet
      const before = await livePrice(app, product.id, 'backcountry');
      const drop = Math.round(before * 0.8 * 100) / 100;
      await movePrice(app.sandbox.backcountry.baseUrl, { vendorProductId: bc.vendorProductId, price: drop });
      await refresher.tick();
      await sub.next(1);
      expect(sub.results[0]!.errors).toBeUndefined();
      expect(sub.results[0]!.data.offerUpdates).toMatchObject({
        productId: globalId(product.id),
        vendor: 'backcountry',
        change: 'PRICE_DROP',
        size: null,
        previousPrice: { amount: before, currencyCode: 'USD' },
        offer: { vendor: 'backcountry', price: { amount: drop, currencyCode: 'USD' } },
      });
      // Nothing changed at evo, and a round that reads the same prices publishes nothing.
      await refresher.tick();
      expect(sub.results).toHaveLength(1);
    } finally {
      sub.dispose();
      await client.dispose();
    }
  });

  it('100 subscribers to one product cause one refresh batch per round per retailer, and none once the last has left', async () => {
    const product = await productAtBothRetailers(app, 2);
    const bc = listingAt(product, 'backcountry');
    const evo = listingAt(product, 'evo');
    const refresher = app.services.liveTrack.refresher;
    const client = sseClient(`${server.url}/stream`, { singleConnection: true });
    const subs = Array.from({ length: 100 }, () => collect(client, OFFER_UPDATES, { ids: [globalId(product.id)] }));
    try {
      // Every one of them is registered on the server before the rounds (and before any leaves).
      await until(() => refresher.stats().subscribers === 100);
      app.resetRetailerStats();
      for (let round = 0; round < 3; round++) await refresher.tick();
      const bcCalls = requestsTo(app.sandbox.backcountry.stats(), (p) => p.startsWith('/api/products/') && p.includes(bc.vendorProductId));
      const evoCalls = requestsTo(app.sandbox.evo.stats(), (p) => p === evo.url || p === new URL(evo.url, 'http://x').pathname);
      expect(bcCalls).toBe(3);
      expect(evoCalls).toBe(3);
      expect(app.retailerRequests()).toEqual({ backcountry: 3, evo: 3 });
    } finally {
      for (const sub of subs) sub.dispose();
    }
    await until(() => refresher.stats().subscribers === 0);
    expect(refresher.watched()).not.toContain(product.id);
    app.resetRetailerStats();
    await refresher.tick();
    expect(app.retailerRequests()).toEqual({ backcountry: 0, evo: 0 });
    await client.dispose();
  });

  it('two servers on one Redis: one refresher per product (a lease), the other counts the subscriber but does not read the retailer', async () => {
    const product = await productAtBothRetailers(app, 7);
    const other = await createServices(app.config, createLogger('silent'));
    const redis = new Redis(REDIS_URL);
    try {
      const mine = app.services.liveTrack.refresher;
      const theirs = other.liveTrack.refresher;
      const release = mine.watch([product.id]);
      await until(async () => (await new RedisInterest(redis, app.config.redisKeyPrefix, 'reader').all()).includes(product.id));
      app.resetRetailerStats();
      for (let round = 0; round < 3; round++) {
        await mine.tick();
        await theirs.tick();
      }
      expect(app.retailerRequests()).toEqual({ backcountry: 3, evo: 3 });
      expect(mine.stats().lastRefreshed).toBe(1);
      expect(theirs.stats().lastRefreshed).toBe(0);
      release();
      // Once this server has left, the product's lease is released and nobody refreshes it.
      await mine.tick();
      app.resetRetailerStats();
      await theirs.tick();
      await mine.tick();
      expect(app.retailerRequests()).toEqual({ backcountry: 0, evo: 0 });
    } finally {
      redis.disconnect();
      await other.close();
    }
  });

  it('a size back in stock fires priceAlert and SIZE_STOCK once; the next rounds fire nothing', async () => {
    const product = await productAtBothRetailers(app, 3);
    const bc = listingAt(product, 'backcountry');
    const refresher = app.services.liveTrack.refresher;
    const { sizes } = await movePrice(app.sandbox.backcountry.baseUrl, { vendorProductId: bc.vendorProductId, status: 'inStock' });
    const size: string = sizes[0].size;
    await movePrice(app.sandbox.backcountry.baseUrl, { vendorProductId: bc.vendorProductId, size, status: 'outOfStock' });
    const client = sseClient(server.url);
    const alert = collect(client, PRICE_ALERT, { id: globalId(product.id), size });
    const updates = collect(client, OFFER_UPDATES, { ids: [globalId(product.id)], vendors: ['backcountry'] });
    try {
      await until(() => refresher.watched().includes(product.id));
      await refresher.tick();
      await movePrice(app.sandbox.backcountry.baseUrl, { vendorProductId: bc.vendorProductId, size, status: 'inStock' });
      await refresher.tick();
      await alert.next(1);
      await updates.next(1);
      await refresher.tick();
      await refresher.tick();
      expect(alert.results).toHaveLength(1);
      expect(alert.results[0]!.data.priceAlert).toMatchObject({ productId: globalId(product.id), vendor: 'backcountry', size });
      expect(updates.results.map((r) => [r.data.offerUpdates.change, r.data.offerUpdates.size])).toEqual([['SIZE_STOCK', size]]);
    } finally {
      alert.dispose();
      updates.dispose();
      await client.dispose();
    }
  });

  it('a live read on the request path that sees a change publishes it too', async () => {
    const product = await productAtBothRetailers(app, 4);
    const bc = listingAt(product, 'backcountry');
    const refresher = app.services.liveTrack.refresher;
    const client = sseClient(server.url);
    const sub = collect(client, OFFER_UPDATES, { ids: [globalId(product.id)] });
    try {
      await until(() => refresher.watched().includes(product.id));
      await refresher.tick();
      const before = await livePrice(app, product.id, 'backcountry');
      // The cached offer grows old (LIVE_STALE_GRACE_MINUTES=0: past its TTL it is a miss), so the next query reads the retailer.
      const key = tierKeys.live('backcountry', bc.vendorProductId);
      const cached = await app.services.cache.live.get(key);
      await app.services.cache.live.setMany([{ key, value: { ...cached!, fetchedAt: new Date(Date.now() - 3_600_000).toISOString() } }]);
      const lower = Math.round((before - 7) * 100) / 100;
      await movePrice(app.sandbox.backcountry.baseUrl, { vendorProductId: bc.vendorProductId, price: lower });
      expect(await livePrice(app, product.id, 'backcountry')).toBe(lower);
      await sub.next(1);
      expect(sub.results[0]!.data.offerUpdates).toMatchObject({ vendor: 'backcountry', change: 'PRICE_DROP', previousPrice: { amount: before }, offer: { price: { amount: lower } } });
    } finally {
      sub.dispose();
      await client.dispose();
    }
  });

  it('bad arguments get a clear error and the server keeps serving', async () => {
    const client = sseClient(server.url);
    const product = await productAtBothRetailers(app, 0);
    const cases: [Record<string, unknown>, string, string, RegExp][] = [
      [{ ids: [globalId('snowboard-no-such-board-2099')] }, OFFER_UPDATES, 'NOT_FOUND', /No product with id "snowboard-no-such-board-2099"/],
      [{ ids: Array.from({ length: 101 }, () => globalId(product.id)) }, OFFER_UPDATES, 'BAD_USER_INPUT', /at most 100 products/],
      [{ ids: [globalId(product.id)], vendors: ['amazon'] }, OFFER_UPDATES, 'BAD_USER_INPUT', /unknown retailer "amazon"/],
      [{ ids: ['not-an-id'] }, OFFER_UPDATES, 'BAD_USER_INPUT', /is not a Hexar id/],
      [{ id: globalId(product.id), max: { amount: -5, currencyCode: 'USD' } }, PRICE_ALERT, 'BAD_USER_INPUT', /maxPrice.amount must be a number >= 0/],
      [{ id: globalId(product.id), drop: 150 }, PRICE_ALERT, 'BAD_USER_INPUT', /minDropPercent must be more than 0/],
    ];
    try {
      for (const [variables, query, code, message] of cases) {
        const sub = collect(client, query, variables);
        await sub.done;
        expect(sub.results).toHaveLength(1);
        expect(sub.results[0]!.errors?.[0]?.message).toMatch(message);
        expect(sub.results[0]!.errors?.[0]?.extensions?.code).toBe(code);
      }
      expect(app.services.liveTrack.refresher.watched()).not.toContain(product.id);
      const { data, errors } = await app.graphql(`{ product(id: "${globalId(product.id)}") { name } }`);
      expect(errors).toBeUndefined();
      expect(data.product.name).toBe(product.name);
    } finally {
      await client.dispose();
    }
  });
});
