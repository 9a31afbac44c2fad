import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDurableStore } from '../../src/db/database.js';
import type { LiveOffer } from '../../src/domain/live.js';
import { PriceHistory } from '../../src/history/price-history.js';
import { createLogger } from '../../src/logger.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { durableBackends } from '../support/postgres.js';
import { globalId, listingAt, movePrice, productAtBothRetailers } from './support.js';

const HISTORY = `query History($id: ID!, $vendor: String, $days: Int) {
  product(id: $id) { priceHistory(vendor: $vendor, days: $days) { days points { at vendor size availability price { amount currencyCode } } lowest { amount } highest { amount } } }
}`;

/** A real PostgreSQL database of its own (production mode, Redis), or PGlite in a directory of its own (embedded mode). */
const BACKENDS = durableBackends();

async function livePrice(app: TestApp, productId: string, vendor: string): Promise<number> {
  const { data } = await app.graphql(`{ product(id: "${globalId(productId)}") { offers { vendor price { amount } } } }`);
  return data.product.offers.find((o: any) => o.vendor === vendor).price.amount;
}

describe.each(BACKENDS)('price history on %s', (_name, backendEnv) => {
  it('every observed change is kept and survives a restart of the API server and the loss of its Redis keys', async () => {
    const env = { ...(await backendEnv()), LIVE_POLL_INTERVAL_SECONDS: '3600', LIVE_DEADLINE_MS: '10000' };
    let app = await startTestApp({ env });
    expect(app.services.liveTrack.durable.enabled).toBe(true);
    const product = await productAtBothRetailers(app);
    const bc = listingAt(product, 'backcountry');
    const { refresher } = app.services.liveTrack;
    const release = refresher.watch([product.id]);
    await refresher.tick();
    const before = await livePrice(app, product.id, 'backcountry');
    const drop = Math.round(before * 0.7 * 100) / 100;
    await app.services.liveTrack.history!.flush();
    const updates = (await app.services.subscriptions.offerUpdates([product.id], ['backcountry']))[Symbol.asyncIterator]();
    const firstUpdate = updates.next();
    await movePrice(app.sandbox.backcountry.baseUrl, { vendorProductId: bc.vendorProductId, price: drop });
    await refresher.tick();
    // The new price is under every one the history holds: the update says so.
    expect((await firstUpdate).value).toMatchObject({ change: 'PRICE_DROP', previousPrice: { amount: before }, lowestInHistory: true });
    await updates.return?.();
    await refresher.tick(); // the same price again: no new point
    release();
    await app.services.liveTrack.history!.flush();
    // close() also deletes every Redis key of the app's prefix; the next app has a new prefix and a new sandbox.
    await app.close();

    app = await startTestApp({ env });
    try {
      const { data, errors } = await app.graphql(HISTORY, { id: globalId(product.id), vendor: 'backcountry' });
      expect(errors).toBeUndefined();
      const history = data.product.priceHistory;
      const offerPoints = history.points.filter((p: any) => p.size === null);
      expect(offerPoints.map((p: any) => p.price.amount)).toEqual([before, drop]);
      expect(history.points.every((p: any) => p.vendor === 'backcountry')).toBe(true);
      expect(history.points.filter((p: any) => p.size !== null).length).toBeGreaterThan(0);
      expect(history).toMatchObject({ days: 90, lowest: { amount: drop }, highest: { amount: before } });
      // Both retailers when no vendor is named.
      const all = (await app.graphql(HISTORY, { id: globalId(product.id) })).data.product.priceHistory;
      expect(new Set(all.points.map((p: any) => p.vendor))).toEqual(new Set(['backcountry', 'evo']));

      for (const [vars, message] of [
        [{ days: 0 }, /days must be between 1 and 90/],
        [{ vendor: 'amazon' }, /unknown retailer "amazon"/],
      ] as const) {
        const bad = await app.graphql(HISTORY, { id: globalId(product.id), ...vars });
        expect(bad.errors?.[0]?.message).toMatch(message);
        expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    } finally {
      await app.close();
    }
  }, 120_000);
});

describe('production mode without DATABASE_URL', () => {
  it('has no durable store: /health says so, priceHistory answers a clear error, everything else runs', async () => {
    const app = await startTestApp({ env: { LIVE_POLL_INTERVAL_SECONDS: '3600' } });
    try {
      const health = (await (await app.yoga.fetch('http://yoga/health')).json()) as any;
      expect(health.subscriptions.durable).toEqual({ enabled: false, reason: expect.stringMatching(/without DATABASE_URL/) });
      const product = await productAtBothRetailers(app);
      const { data, errors } = await app.graphql(`{ product(id: "${globalId(product.id)}") { name priceHistory { days } } }`);
      expect(data.product).toEqual({ name: product.name, priceHistory: null });
      expect(errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(errors?.[0]?.message).toMatch(/set DATABASE_URL/);
    } finally {
      await app.close();
    }
  });
});

describe.each(BACKENDS)('price history pruning on %s', (_name, backendEnv) => {
  it('points older than PRICE_HISTORY_DAYS are deleted; a repeated state is not a new point', async () => {
    const env = await backendEnv();
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', EVO_BASE_URL: 'http://127.0.0.1:9', BACKCOUNTRY_BASE_URL: 'http://127.0.0.1:9', ...env, PRICE_HISTORY_DAYS: '1', LOG_LEVEL: 'silent' });
    const durable = (await openDurableStore(config, createLogger('silent')))!;
    try {
      const history = new PriceHistory(durable.db, { historyDays: 1, logger: createLogger('silent') });
      const listing = { vendor: 'backcountry', vendorProductId: 'BUR00AB', url: '/burton', title: 'Custom' };
      const offer = (amount: number, daysAgo: number): LiveOffer => ({
        vendor: 'backcountry',
        vendorProductId: 'BUR00AB',
        url: '/burton',
        price: { amount, currencyCode: 'USD' },
        listPrice: { amount: 600, currencyCode: 'USD' },
        discountPercent: null,
        availability: 'IN_STOCK',
        sizes: [],
        shipping: null,
        fetchedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
      });
      const read = (o: LiveOffer) => history.record([{ listing, previous: null, outcome: { kind: 'offer', offer: o } }]);
      read(offer(500, 3));
      read(offer(450, 0.5));
      read(offer(450, 0.25)); // the same state again
      await history.flush();
      expect(await history.prune()).toBe(1);
      const series = await history.series([listing], 1);
      expect(series.points.map((p) => p.price?.amount)).toEqual([450]);
      expect(await history.lowestPrice('backcountry', 'BUR00AB')).toEqual({ amount: 450, currencyCode: 'USD' });
      await history.close();
    } finally {
      await durable.close();
    }
  });
});
