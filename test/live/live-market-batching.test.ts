import { afterEach, describe, expect, it } from 'vitest';
import { tierKeys } from '../../src/cache/tiers.js';
import { listing, startLiveHarness, type LiveHarness } from './support/harness.js';

let h: LiveHarness;
afterEach(async () => {
  await h?.close();
});

describe('cold and warm batches', () => {
  it('a cold batch costs exactly one request per retailer; a warm one costs none', async () => {
    h = await startLiveHarness();
    const cold = await h.service.getLiveMarketData(h.listings);
    expect(h.requests()).toEqual({ evo: 1, backcountry: 1 });
    expect(h.retailers.evo.batches).toEqual([['E1', 'E2', 'E3']]);
    expect(h.retailers.backcountry.batches).toEqual([['B1', 'B2']]);
    expect([...cold.offers.keys()].sort()).toEqual(['backcountry:B1', 'backcountry:B2', 'evo:E1', 'evo:E2', 'evo:E3']);
    expect(cold.offers.get('evo:E1')).toMatchObject({ price: { amount: 439.96 }, listPrice: { amount: 549.95 }, stale: false });
    expect(cold.statuses.get('evo')).toEqual({ vendor: 'evo', status: 'OK', message: null });
    expect(cold.statuses.get('backcountry')).toEqual({ vendor: 'backcountry', status: 'OK', message: null });

    await h.service.idle();
    const warm = await h.service.getLiveMarketData(h.listings);
    expect(h.requests()).toEqual({ evo: 1, backcountry: 1 });
    expect(warm.offers.get('backcountry:B1')).toMatchObject({ price: { amount: 399.95 }, stale: false });
  });

  it('stores each listing under its live key with the live TTL plus the stale grace', async () => {
    h = await startLiveHarness({ LIVE_CACHE_TTL_MINUTES: '15', LIVE_STALE_GRACE_MINUTES: '60' });
    await h.service.getLiveMarketData(h.listings);
    await h.service.idle();
    const ttl = await h.store.ttlSeconds(tierKeys.live('evo', 'E2'));
    expect(ttl).not.toBeNull();
    expect(ttl!).toBeGreaterThan(15 * 60);
    expect(ttl!).toBeLessThanOrEqual(75 * 60);
  });

  it('fetches only the misses of a partly warm batch', async () => {
    h = await startLiveHarness();
    await h.service.getLiveMarketData([listing('evo', 'E1')]);
    await h.service.idle();
    await h.service.getLiveMarketData(h.listings);
    expect(h.retailers.evo.batches).toEqual([['E1'], ['E2', 'E3']]);
    expect(h.retailers.backcountry.batches).toEqual([['B1', 'B2']]);
  });
});

describe('coalescing', () => {
  it('10 concurrent identical calls on a cold tier cost the retailers what one call costs', async () => {
    h = await startLiveHarness();
    const results = await Promise.all(Array.from({ length: 10 }, () => h.service.getLiveMarketData(h.listings)));
    expect(h.requests()).toEqual({ evo: 1, backcountry: 1 });
    expect(h.retailers.evo.batches).toEqual([['E1', 'E2', 'E3']]);
    for (const r of results) expect(r.offers.size).toBe(5);
  });

  it('a call arriving while the same listings are in flight joins that fetch', async () => {
    h = await startLiveHarness();
    h.retailers.evo.latencyMs = 300;
    const first = h.service.getLiveMarketData(h.listings);
    await new Promise((r) => setTimeout(r, 100)); // the first batch is at the retailer now
    expect(h.requests().evo).toBe(1);
    const second = await h.service.getLiveMarketData(h.listings);
    await first;
    expect(h.requests()).toEqual({ evo: 1, backcountry: 1 });
    expect(second.offers.get('evo:E2')).toMatchObject({ price: { amount: 299.95 }, stale: false });
  });

  it('concurrent calls for different listings of one retailer share one batch', async () => {
    h = await startLiveHarness();
    await Promise.all([
      h.service.getLiveMarketData([listing('evo', 'E1')]),
      h.service.getLiveMarketData([listing('evo', 'E2'), listing('evo', 'E3')]),
    ]);
    expect(h.retailers.evo.batches.map((b) => [...b].sort())).toEqual([['E1', 'E2', 'E3']]);
  });

  it('two processes on one Redis: a lease makes one of them the caller, the other reads its answer', async () => {
    h = await startLiveHarness();
    h.retailers.evo.latencyMs = 300; // long enough that both processes overlap
    h.retailers.backcountry.latencyMs = 300;
    const other = h.otherProcess();
    const [a, b] = await Promise.all([h.service.getLiveMarketData(h.listings), other.getLiveMarketData(h.listings)]);
    expect(h.requests()).toEqual({ evo: 1, backcountry: 1 });
    expect(a.offers.size).toBe(5);
    expect(b.offers.size).toBe(5);
    expect(b.statuses.get('evo')?.status).toBe('OK');
  });
});

describe('one retailer failing', () => {
  it.each([
    ['status500', 'ERROR', /ERROR: HTTP 500/],
    ['malformed', 'ERROR', /MALFORMED/],
  ] as const)('%s: the other retailer answers, the failure is a status, only a negative entry is stored', async (mode, status, message) => {
    h = await startLiveHarness();
    h.retailers.backcountry.failureMode = mode;
    const result = await h.service.getLiveMarketData(h.listings);
    expect([...result.offers.keys()].sort()).toEqual(['evo:E1', 'evo:E2', 'evo:E3']);
    expect(result.statuses.get('evo')?.status).toBe('OK');
    expect(result.statuses.get('backcountry')?.status).toBe(status);
    expect(result.statuses.get('backcountry')?.message).toMatch(message);
    await h.service.idle();
    expect(await h.store.keys('live:backcountry:')).toEqual([]);
    expect((await h.store.keys('neg:live:backcountry:')).sort()).toEqual(['neg:live:backcountry:B1', 'neg:live:backcountry:B2']);
    expect(await h.store.keys('neg:live:evo:')).toEqual([]);

    // The negative entry answers the next request: the failing retailer is not called again.
    const again = await h.service.getLiveMarketData(h.listings);
    expect(h.requests()).toEqual({ evo: 1, backcountry: 1 });
    expect(again.statuses.get('backcountry')?.status).toBe(status);
    expect(again.offers.has('backcountry:B1')).toBe(false);
  });

  it('hang: the other retailer answers by the deadline, the hanging one is TIMEOUT and gets a negative entry, no data', async () => {
    h = await startLiveHarness();
    h.retailers.evo.failureMode = 'hang';
    const result = await h.service.getLiveMarketData(h.listings, { deadlineMs: 300 });
    expect([...result.offers.keys()].sort()).toEqual(['backcountry:B1', 'backcountry:B2']);
    expect(result.statuses.get('evo')?.status).toBe('TIMEOUT');
    await h.service.idle(); // the agent's own timeout ends the hanging call
    expect(await h.store.keys('live:evo:')).toEqual([]);
    expect((await h.store.keys('neg:live:evo:')).length).toBe(3);
    const again = await h.service.getLiveMarketData(h.listings);
    expect(again.statuses.get('evo')).toMatchObject({ status: 'TIMEOUT', message: expect.stringMatching(/^TIMEOUT: /) });
    expect(h.requests().evo).toBe(1);
  });

  it('a product the retailer lacks is an answer: no offer, status OK, remembered briefly', async () => {
    h = await startLiveHarness();
    const result = await h.service.getLiveMarketData([listing('evo', 'E1'), listing('evo', 'GONE')]);
    expect(result.offers.has('evo:E1')).toBe(true);
    expect(result.offers.has('evo:GONE')).toBe(false);
    expect(result.statuses.get('evo')?.status).toBe('OK');
    expect(result.listingStatuses.get('evo:GONE')?.message).toMatch(/^NOT_FOUND/);
    await h.service.idle();
    expect(await h.store.get(tierKeys.live('evo', 'GONE'))).toBeNull();
    expect(await h.store.get(tierKeys.liveNegative('evo', 'GONE'))).not.toBeNull();
    await h.service.getLiveMarketData([listing('evo', 'GONE')]);
    expect(h.requests().evo).toBe(1);
  });
});

describe('deadline', () => {
  it('a slow retailer is TIMEOUT for this request, and its late answer fills the cache', async () => {
    h = await startLiveHarness();
    h.retailers.evo.latencyMs = 600;
    const result = await h.service.getLiveMarketData(h.listings, { deadlineMs: 150 });
    expect(result.statuses.get('evo')).toMatchObject({ status: 'TIMEOUT', message: expect.stringContaining('150 ms') });
    expect(result.statuses.get('backcountry')?.status).toBe('OK');
    expect(result.offers.has('evo:E1')).toBe(false);
    expect(result.offers.has('backcountry:B1')).toBe(true);

    await h.service.idle();
    expect((await h.store.keys('live:evo:')).sort()).toEqual(['live:evo:E1', 'live:evo:E2', 'live:evo:E3']);
    const later = await h.service.getLiveMarketData(h.listings, { deadlineMs: 150 });
    expect(later.statuses.get('evo')?.status).toBe('OK');
    expect(later.offers.get('evo:E3')).toMatchObject({ price: { amount: 619.95 }, stale: false });
    expect(h.requests().evo).toBe(1);
  });
});
