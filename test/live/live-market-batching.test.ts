import { afterEach, describe, expect, it } from 'vitest';
import { tierKeys } from '../../src/cache/tiers.js';
import { keyOf, startLiveHarness, until, type LiveHarness } from './support/harness.js';

let h: LiveHarness;
afterEach(async () => {
  await h?.close();
});

/** Paths the sandbox storefront served, with counts. */
const paths = (h: LiveHarness, vendor: 'evo' | 'backcountry') => h.sandbox[vendor].stats().requests;

describe('cold and warm batches', () => {
  it('a cold batch costs one agent batch per retailer (evo: each page once; backcountry: one API call); a warm one costs nothing', async () => {
    h = await startLiveHarness();
    const cold = await h.service.getLiveMarketData(h.listings);
    expect(paths(h, 'evo')).toEqual(Object.fromEntries(h.evoListings.map((l) => [l.url, 1])));
    expect(paths(h, 'backcountry')).toEqual({
      [`/api/products/${h.backcountryListings.map((l) => l.vendorProductId).join(',')}`]: 1,
    });
    expect([...cold.offers.keys()].sort()).toEqual(h.listings.map(keyOf).sort());
    for (const offer of cold.offers.values()) {
      expect(offer.stale).toBe(false);
      expect(offer.price?.amount).toBeGreaterThan(0);
    }
    expect(cold.statuses.get('evo')).toEqual({ vendor: 'evo', status: 'OK', message: null });
    expect(cold.statuses.get('backcountry')).toEqual({ vendor: 'backcountry', status: 'OK', message: null });

    await h.service.idle();
    const before = h.requests();
    const warm = await h.service.getLiveMarketData(h.listings);
    expect(h.requests()).toEqual(before);
    expect(new Map([...warm.offers].map(([k, o]) => [k, o.price]))).toEqual(new Map([...cold.offers].map(([k, o]) => [k, o.price])));
  });

  it('stores each listing under its live key with the live TTL plus the stale grace', async () => {
    h = await startLiveHarness({ LIVE_CACHE_TTL_MINUTES: '15', LIVE_STALE_GRACE_MINUTES: '60' });
    await h.service.getLiveMarketData(h.listings);
    await h.service.idle();
    const first = h.evoListings[0]!;
    const ttl = await h.store.ttlSeconds(tierKeys.live('evo', first.vendorProductId));
    expect(ttl).not.toBeNull();
    expect(ttl!).toBeGreaterThan(15 * 60);
    expect(ttl!).toBeLessThanOrEqual(75 * 60);
  });

  it('fetches only the misses of a partly warm batch', async () => {
    h = await startLiveHarness();
    await h.service.getLiveMarketData([h.evoListings[0]!]);
    await h.service.idle();
    await h.service.getLiveMarketData(h.listings);
    expect(paths(h, 'evo')).toEqual(Object.fromEntries(h.evoListings.map((l) => [l.url, 1])));
    expect(h.requests().backcountry).toBe(1);
  });
});

describe('coalescing', () => {
  it('10 concurrent identical calls on a cold tier cost the retailers what one call costs', async () => {
    h = await startLiveHarness();
    const results = await Promise.all(Array.from({ length: 10 }, () => h.service.getLiveMarketData(h.listings)));
    expect(h.requests()).toEqual({ evo: 3, backcountry: 1 });
    for (const r of results) expect(r.offers.size).toBe(5);
  });

  it('a call arriving while the same listings are in flight joins that fetch', async () => {
    h = await startLiveHarness();
    h.sandbox.evo.configure({ latencyMs: 300 });
    h.sandbox.backcountry.configure({ latencyMs: 300 });
    const first = h.service.getLiveMarketData(h.listings);
    await until(() => h.requests().evo === 3 && h.requests().backcountry === 1); // the first batch is at the retailers
    const second = await h.service.getLiveMarketData(h.listings);
    await first;
    expect(h.requests()).toEqual({ evo: 3, backcountry: 1 });
    expect(second.offers.size).toBe(5);
  });

  it('concurrent calls for different listings of one retailer share one batch', async () => {
    h = await startLiveHarness();
    const [a, b] = h.backcountryListings;
    await Promise.all([h.service.getLiveMarketData([a!]), h.service.getLiveMarketData([b!])]);
    expect(paths(h, 'backcountry')).toEqual({ [`/api/products/${a!.vendorProductId},${b!.vendorProductId}`]: 1 });
  });

  it('two processes on one Redis: a lease makes one of them the caller, the other reads its answer', async () => {
    h = await startLiveHarness();
    h.sandbox.evo.configure({ latencyMs: 300 }); // so the first process is still at the retailers when the other asks
    h.sandbox.backcountry.configure({ latencyMs: 300 });
    const other = h.otherProcess();
    const first = h.service.getLiveMarketData(h.listings);
    await until(() => h.requests().evo === 3 && h.requests().backcountry === 1); // the first process holds the leases
    const [a, b] = await Promise.all([first, other.getLiveMarketData(h.listings)]);
    expect(h.requests()).toEqual({ evo: 3, backcountry: 1 });
    expect(a.offers.size).toBe(5);
    expect(b.offers.size).toBe(5);
    expect(b.statuses.get('evo')?.status).toBe('OK');
  });
});

describe('one retailer failing', () => {
  it.each([
    ['status500', 'ERROR', /^ERROR: /],
    ['malformed', 'ERROR', /^MALFORMED: /],
    ['hang', 'TIMEOUT', /^TIMEOUT: /],
  ] as const)('%s: the other retailer answers, the failure is a status, only a negative entry is stored', async (failureMode, status, message) => {
    h = await startLiveHarness();
    h.sandbox.backcountry.configure({ failureRate: 1, failureMode });
    // A hang meets the request deadline first; the agent's own timeout ends it later.
    const result = await h.service.getLiveMarketData(h.listings, { deadlineMs: 1000 });
    expect([...result.offers.keys()].sort()).toEqual(h.evoListings.map(keyOf).sort());
    expect(result.statuses.get('evo')?.status).toBe('OK');
    expect(result.statuses.get('backcountry')?.status).toBe(status);
    if (failureMode !== 'hang') expect(result.statuses.get('backcountry')?.message).toMatch(message);
    await h.service.idle();
    expect(await h.store.keys(tierKeys.liveVendorPrefix('backcountry'))).toEqual([]);
    expect((await h.store.keys(tierKeys.liveNegativeVendorPrefix('backcountry'))).sort()).toEqual(
      h.backcountryListings.map((l) => tierKeys.liveNegative('backcountry', l.vendorProductId)).sort(),
    );
    expect(await h.store.keys(tierKeys.liveNegativeVendorPrefix('evo'))).toEqual([]);

    // The negative entry answers the next request: the failing retailer is not called again.
    const before = h.requests();
    const again = await h.service.getLiveMarketData(h.listings);
    expect(h.requests()).toEqual(before);
    expect(again.statuses.get('backcountry')).toMatchObject({ status, message: expect.stringMatching(message) });
    expect(again.offers.size).toBe(3);
  });

  it('a product the retailer lacks is an answer: no offer, status NOT_FOUND for that listing, remembered briefly', async () => {
    h = await startLiveHarness();
    const gone = { vendor: 'evo', vendorProductId: 'no-such-board-2026', url: '/outlet/no-such-board-2026', title: 'No Such Board' };
    const result = await h.service.getLiveMarketData([h.evoListings[0]!, gone]);
    expect(result.offers.has(keyOf(h.evoListings[0]!))).toBe(true);
    expect(result.offers.has(keyOf(gone))).toBe(false);
    // The retailer still sells the other listing: its offer is what the shopper sees for evo.
    expect(result.statuses.get('evo')?.status).toBe('OK');
    expect(result.listingStatuses.get(keyOf(gone))).toMatchObject({ vendor: 'evo', status: 'NOT_FOUND', message: expect.stringMatching(/^NOT_FOUND/) });
    await h.service.idle();
    expect(await h.store.get(tierKeys.live('evo', gone.vendorProductId))).toBeNull();
    expect(await h.store.get(tierKeys.liveNegative('evo', gone.vendorProductId))).not.toBeNull();
    const again = await h.service.getLiveMarketData([gone]);
    expect(again.statuses.get('evo')?.status).toBe('NOT_FOUND'); // its only listing: the retailer shows NOT_FOUND
    expect(paths(h, 'evo')[gone.url]).toBe(1);
  });
});

describe('deadline', () => {
  it('a slow retailer is TIMEOUT for this request, and its late answer fills the cache', async () => {
    h = await startLiveHarness();
    h.sandbox.evo.configure({ latencyMs: 600 });
    const result = await h.service.getLiveMarketData(h.listings, { deadlineMs: 150 });
    expect(result.statuses.get('evo')).toMatchObject({ status: 'TIMEOUT', message: expect.stringContaining('150 ms') });
    expect(result.statuses.get('backcountry')?.status).toBe('OK');
    expect(result.offers.size).toBe(2);

    await h.service.idle();
    expect((await h.store.keys(tierKeys.liveVendorPrefix('evo'))).sort()).toEqual(h.evoListings.map((l) => tierKeys.live('evo', l.vendorProductId)).sort());
    const later = await h.service.getLiveMarketData(h.listings, { deadlineMs: 150 });
    expect(later.statuses.get('evo')?.status).toBe('OK');
    expect(later.offers.size).toBe(5);
    expect(h.requests().evo).toBe(3);
  });
});
