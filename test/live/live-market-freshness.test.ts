import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/cache/redis-store.js';
import { tierKeys } from '../../src/cache/tiers.js';
import type { LiveOffer } from '../../src/domain/live.js';
import { createLiveLoader } from '../../src/live/live-loader.js';
import { LiveMarketService } from '../../src/live/live-market-service.js';
import { createLogger } from '../../src/logger.js';
import { listing, startLiveHarness, type LiveHarness } from './support/harness.js';

let h: LiveHarness;
afterEach(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** LIVE_CACHE_TTL_MINUTES=0.02 is a 1 s live TTL; waiting past it makes entries stale. */
const SHORT_TTL = { LIVE_CACHE_TTL_MINUTES: '0.02' };
const PAST_TTL_MS = 1200;

describe('stale-while-revalidate', () => {
  it('serves a stale entry at once, marked stale, while exactly one background refresh runs', async () => {
    h = await startLiveHarness(SHORT_TTL);
    await h.service.getLiveMarketData(h.listings);
    await h.service.idle();
    h.retailers.evo.products.get('E1')!.skus[0]!.salePrice = 399.0; // the retailer cut a price meanwhile
    await sleep(PAST_TTL_MS);

    const results = await Promise.all(Array.from({ length: 3 }, () => h.service.getLiveMarketData(h.listings)));
    for (const r of results) {
      expect(r.offers.get('evo:E1')).toMatchObject({ price: { amount: 439.96 }, stale: true });
      expect(r.statuses.get('evo')?.status).toBe('STALE');
      expect(r.statuses.get('backcountry')?.status).toBe('STALE');
    }
    await h.service.idle();
    expect(h.requests()).toEqual({ evo: 2, backcountry: 2 });

    const fresh = await h.service.getLiveMarketData(h.listings);
    expect(fresh.offers.get('evo:E1')).toMatchObject({ price: { amount: 399 }, stale: false });
    expect(fresh.statuses.get('evo')?.status).toBe('OK');
    expect(h.requests()).toEqual({ evo: 2, backcountry: 2 });
  });

  it('publishes the price change the refresh saw, with the previous offer', async () => {
    h = await startLiveHarness(SHORT_TTL);
    await h.service.getLiveMarketData([listing('evo', 'E1'), listing('evo', 'E2')]);
    await h.service.idle();
    h.retailers.evo.products.get('E1')!.skus[0]!.salePrice = 399.0;
    await sleep(PAST_TTL_MS);
    await h.service.getLiveMarketData([listing('evo', 'E1'), listing('evo', 'E2')]);
    await h.service.idle();
    expect(h.changes).toHaveLength(1); // E2 did not change
    expect(h.changes[0]).toMatchObject({
      vendor: 'evo',
      vendorProductId: 'E1',
      offer: { price: { amount: 399 } },
      previous: { price: { amount: 439.96 } },
    });
  });

  it('stale-if-error: when the refresh fails the stale offer keeps being served, and the retailer is not hammered', async () => {
    h = await startLiveHarness(SHORT_TTL);
    await h.service.getLiveMarketData(h.listings);
    await h.service.idle();
    h.retailers.backcountry.failureMode = 'status500';
    await sleep(PAST_TTL_MS);
    await h.service.getLiveMarketData(h.listings); // triggers the failing refresh
    await h.service.idle();
    const result = await h.service.getLiveMarketData(h.listings);
    expect(result.offers.get('backcountry:B1')).toMatchObject({ price: { amount: 399.95 }, stale: true });
    expect(result.statuses.get('backcountry')).toMatchObject({ status: 'STALE', message: expect.stringContaining('HTTP 500') });
    await h.service.idle();
    expect(h.requests().backcountry).toBe(2);
    // The stale data survived the failure: failures never overwrite data.
    expect(await h.store.get(tierKeys.live('backcountry', 'B1'))).not.toBeNull();
  });

  it('LIVE_STALE_GRACE_MINUTES=0: an entry past its TTL is not served stale; the call waits for fresh data', async () => {
    h = await startLiveHarness({ ...SHORT_TTL, LIVE_STALE_GRACE_MINUTES: '0' });
    await h.service.getLiveMarketData(h.listings);
    await h.service.idle();
    await sleep(PAST_TTL_MS);
    const result = await h.service.getLiveMarketData(h.listings);
    expect(h.requests()).toEqual({ evo: 2, backcountry: 2 });
    expect([...result.offers.values()].every((o) => !o.stale)).toBe(true);
    expect(result.statuses.get('evo')?.status).toBe('OK');
  });
});

describe('prices from the heavy crawl', () => {
  const crawled = (id: string, fetchedAt: Date): LiveOffer => ({
    vendor: 'evo',
    vendorProductId: id,
    url: `/test-board-${id.toLowerCase()}`,
    price: { amount: 420, currencyCode: 'USD' },
    listPrice: null,
    discountPercent: null,
    availability: 'UNKNOWN',
    sizes: [],
    shipping: null,
    fetchedAt: fetchedAt.toISOString(),
  });

  it('are served as live data with their fetch time; an offer past the stale grace is not written', async () => {
    h = await startLiveHarness();
    const written = await h.service.primeFromCrawl([crawled('E1', new Date()), crawled('E2', new Date(Date.now() - 3 * 3600_000))]);
    expect(written).toBe(1);
    const result = await h.service.getLiveMarketData([listing('evo', 'E1')]);
    expect(result.offers.get('evo:E1')).toMatchObject({ price: { amount: 420 }, stale: false });
    expect(h.requests().evo).toBe(0);
    expect(await h.store.get(tierKeys.live('evo', 'E2'))).toBeNull();
  });

  it('never replace a newer light-agent offer', async () => {
    h = await startLiveHarness();
    await h.service.getLiveMarketData([listing('evo', 'E1')]);
    await h.service.idle();
    expect(await h.service.primeFromCrawl([crawled('E1', new Date(Date.now() - 60_000))])).toBe(0);
    const result = await h.service.getLiveMarketData([listing('evo', 'E1')]);
    expect(result.offers.get('evo:E1')?.price?.amount).toBe(439.96);
  });
});

describe('live loader', () => {
  it('batches the loads of one tick into one request per retailer, results in key order', async () => {
    h = await startLiveHarness();
    const loader = createLiveLoader(h.service);
    const keys = [listing('backcountry', 'B2'), listing('evo', 'GONE'), listing('evo', 'E1'), listing('backcountry', 'B2')];
    const results = await Promise.all(keys.map((k) => loader.load(k)));
    expect(h.requests()).toEqual({ evo: 1, backcountry: 1 });
    expect(results.map((r) => r && `${r.vendor}:${r.vendorProductId}`)).toEqual(['backcountry:B2', null, 'evo:E1', 'backcountry:B2']);
    expect(loader.statusOf(listing('evo', 'GONE'))?.message).toMatch(/^NOT_FOUND/);
    expect(loader.vendorStatuses.get('evo')?.status).toBe('OK');
  });
});

describe('Redis outage', () => {
  it('live data still comes from the retailers, and concurrent calls still share one fetch', async () => {
    h = await startLiveHarness();
    const dead = RedisStore.fromUrl('redis://127.0.0.1:1', `test:live:${randomUUID()}:`);
    dead.client.on('error', () => undefined);
    const service = new LiveMarketService({ store: dead, agents: h.agents, config: h.config, logger: createLogger('silent') });
    try {
      h.retailers.evo.latencyMs = 300;
      h.retailers.backcountry.latencyMs = 300;
      const first = service.getLiveMarketData(h.listings);
      await sleep(100); // the first batch is at the retailer; no lease could be taken
      const results = await Promise.all([first, ...Array.from({ length: 4 }, () => service.getLiveMarketData(h.listings))]);
      expect(h.requests()).toEqual({ evo: 1, backcountry: 1 });
      expect(h.retailers.evo.batches).toEqual([['E1', 'E2', 'E3']]);
      for (const r of results) {
        expect(r.offers.size).toBe(5);
        expect(r.statuses.get('evo')?.status).toBe('OK');
      }
      await service.idle();
    } finally {
      await dead.close();
    }
  });
});
