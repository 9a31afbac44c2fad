import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/cache/redis-store.js';
import { tierKeys } from '../../src/cache/tiers.js';
import { createLiveLoader } from '../../src/live/live-loader.js';
import { LiveMarketService } from '../../src/live/live-market-service.js';
import { createLogger } from '../../src/logger.js';
import { fakeProduct } from './support/fake-storefront.js';
import { keyOf, startFakeLiveHarness, startLiveHarness, until, type LiveHarness } from './support/harness.js';

let h: LiveHarness | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const logger = createLogger('silent');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** LIVE_CACHE_TTL_MINUTES=0.02 is a 1 s live TTL; waiting past it makes entries stale (a TTL wait by design). */
const SHORT_TTL = { LIVE_CACHE_TTL_MINUTES: '0.02' };
const PAST_TTL_MS = 1500;

describe('stale-while-revalidate', () => {
  it('serves a stale entry at once, marked stale, while exactly one background refresh runs', async () => {
    h = await startLiveHarness(SHORT_TTL);
    const cold = await h.service.getLiveMarketData(h.listings);
    await h.service.idle();
    await sleep(PAST_TTL_MS);

    const results = await Promise.all(Array.from({ length: 3 }, () => h!.service.getLiveMarketData(h!.listings)));
    for (const r of results) {
      expect(r.offers.size).toBe(5);
      for (const [key, offer] of r.offers) {
        expect(offer.stale).toBe(true);
        expect(offer.fetchedAt).toBe(cold.offers.get(key)?.fetchedAt);
      }
      expect(r.statuses.get('evo')?.status).toBe('STALE');
      expect(r.statuses.get('backcountry')?.status).toBe('STALE');
    }
    await h.service.idle();
    expect(h.requests()).toEqual({ evo: 6, backcountry: 2 }); // the cold fetch plus ONE refresh

    const fresh = await h.service.getLiveMarketData(h.listings);
    expect([...fresh.offers.values()].every((o) => !o.stale)).toBe(true);
    expect(fresh.statuses.get('evo')?.status).toBe('OK');
    expect(h.requests()).toEqual({ evo: 6, backcountry: 2 });
  });

  it('stale-if-error: when the refresh fails the stale offer keeps being served, and the retailer is not hammered', async () => {
    h = await startLiveHarness(SHORT_TTL);
    await h.service.getLiveMarketData(h.listings);
    await h.service.idle();
    h.sandbox.backcountry.configure({ failureRate: 1, failureMode: 'status500' });
    await sleep(PAST_TTL_MS);
    await h.service.getLiveMarketData(h.listings); // served stale; starts the refresh, which fails
    await h.service.idle();
    const failedRequests = h.requests().backcountry;
    const result = await h.service.getLiveMarketData(h.listings);
    const b1 = keyOf(h.backcountryListings[0]!);
    expect(result.offers.get(b1)?.stale).toBe(true);
    expect(result.offers.get(b1)?.price?.amount).toBeGreaterThan(0);
    expect(result.statuses.get('backcountry')).toMatchObject({ status: 'STALE', message: expect.stringContaining('ERROR') });
    await h.service.idle();
    expect(h.requests().backcountry).toBe(failedRequests);
    // The stale data survived the failure: failures never overwrite data.
    expect(await h.store.get(tierKeys.live('backcountry', h.backcountryListings[0]!.vendorProductId))).not.toBeNull();
  });

  it('LIVE_STALE_GRACE_MINUTES=0: an entry past its TTL is not served stale; the call waits for fresh data', async () => {
    h = await startLiveHarness({ ...SHORT_TTL, LIVE_STALE_GRACE_MINUTES: '0' });
    await h.service.getLiveMarketData(h.listings);
    await h.service.idle();
    await sleep(PAST_TTL_MS);
    const result = await h.service.getLiveMarketData(h.listings);
    expect(h.requests()).toEqual({ evo: 6, backcountry: 2 });
    expect(result.offers.size).toBe(5);
    expect([...result.offers.values()].every((o) => !o.stale)).toBe(true);
    expect(result.statuses.get('evo')?.status).toBe('OK');
  });
});

describe('offer changes', () => {
  it('a refresh that sees a new price publishes it with the previous offer; an unchanged offer publishes nothing', async () => {
    // A retailer whose prices the test controls: a local server speaking backcountry's product API.
    const f = await startFakeLiveHarness([fakeProduct('BUR0001', 439.96, 549.95), fakeProduct('BUR0002', 299.95)], SHORT_TTL);
    cleanups.push(() => f.close());
    const listings = f.listings('BUR0001', 'BUR0002');

    const first = await f.service.getLiveMarketData(listings);
    expect(first.offers.get('backcountry:BUR0001')?.price?.amount).toBe(439.96);
    await f.service.idle();
    for (const sku of f.storefront.products.get('BUR0001')!.skus) sku.salePrice = 399; // the retailer cut its price
    await sleep(PAST_TTL_MS);
    await f.service.getLiveMarketData(listings);
    await f.service.idle();
    expect(f.storefront.requests).toBe(2);
    expect(f.changes).toHaveLength(1);
    expect(f.changes[0]).toMatchObject({
      vendor: 'backcountry',
      vendorProductId: 'BUR0001',
      offer: { price: { amount: 399 } },
      previous: { price: { amount: 439.96 } },
    });
  });
});

describe('a delisted product', () => {
  it('a refresh answered NOT_FOUND removes the old price: no offer is served, and the live key is gone', async () => {
    const f = await startFakeLiveHarness([fakeProduct('BUR0001', 439.96), fakeProduct('BUR0002', 299.95)], SHORT_TTL);
    cleanups.push(() => f.close());
    const listings = f.listings('BUR0001', 'BUR0002');
    const liveKey = tierKeys.live('backcountry', 'BUR0001');

    const first = await f.service.getLiveMarketData(listings);
    expect(first.offers.get('backcountry:BUR0001')?.price?.amount).toBe(439.96);
    await f.service.idle();
    expect(await f.store.get(liveKey)).not.toBeNull();

    f.storefront.products.delete('BUR0001'); // the retailer stopped selling it
    await sleep(PAST_TTL_MS);
    await f.service.getLiveMarketData(listings); // served stale (nobody knows yet); the refresh gets the 404
    await f.service.idle();
    expect(f.storefront.requests).toBe(2);

    const after = await f.service.getLiveMarketData(listings);
    expect(after.offers.has('backcountry:BUR0001')).toBe(false);
    expect(after.listingStatuses.get('backcountry:BUR0001')).toMatchObject({ status: 'NOT_FOUND', message: expect.stringMatching(/^NOT_FOUND/) });
    expect(after.statuses.get('backcountry')?.status).toBe('OK'); // BUR0002 is still sold
    expect(after.offers.get('backcountry:BUR0002')?.price?.amount).toBe(299.95);
    expect(await f.store.get(liveKey)).toBeNull();
    expect(await f.store.get(tierKeys.liveNegative('backcountry', 'BUR0001'))).not.toBeNull();
  });
});

describe('live loader', () => {
  it('batches the loads of one tick into one agent batch per retailer, results in key order', async () => {
    h = await startLiveHarness();
    const [e1] = h.evoListings;
    const [b1] = h.backcountryListings;
    const gone = { vendor: 'evo', vendorProductId: 'no-such-board-2026', url: '/outlet/no-such-board-2026', title: 'No Such Board' };
    const loader = createLiveLoader(h.service);
    const results = await Promise.all([b1!, gone, e1!, b1!].map((l) => loader.load(l)));
    expect(h.requests()).toEqual({ evo: 2, backcountry: 1 }); // evo: two pages, one batch
    expect(results.map((r) => r && `${r.vendor}:${r.vendorProductId}`)).toEqual([keyOf(b1!), null, keyOf(e1!), keyOf(b1!)]);
    expect(loader.statusOf(gone)).toMatchObject({ vendor: 'evo', status: 'NOT_FOUND', message: expect.stringMatching(/^NOT_FOUND/) });
    expect(loader.statusOf(e1!)).toEqual({ vendor: 'evo', status: 'OK', message: null });
  });
});

describe('Redis outage', () => {
  it('live data still comes from the retailers, and concurrent calls still share one fetch', async () => {
    h = await startLiveHarness();
    const dead = RedisStore.fromUrl('redis://127.0.0.1:1', `test:live:${randomUUID()}:`);
    dead.client.on('error', () => undefined);
    const service = new LiveMarketService({ store: dead, agents: h.agents, config: h.config, logger });
    cleanups.push(async () => {
      await service.idle();
      await dead.close();
    });
    h.sandbox.evo.configure({ latencyMs: 300 });
    h.sandbox.backcountry.configure({ latencyMs: 300 });
    const first = service.getLiveMarketData(h.listings);
    // The first batch is at the retailers (no lease could be taken) before the others arrive.
    await until(() => h!.requests().evo === 3 && h!.requests().backcountry === 1);
    const results = await Promise.all([first, ...Array.from({ length: 4 }, () => service.getLiveMarketData(h!.listings))]);
    expect(h.requests()).toEqual({ evo: 3, backcountry: 1 });
    for (const r of results) {
      expect(r.offers.size).toBe(5);
      expect(r.statuses.get('evo')?.status).toBe('OK');
    }
  });
});
