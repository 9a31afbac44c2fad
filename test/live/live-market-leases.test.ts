import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { tierKeys } from '../../src/cache/tiers.js';
import { liveLeaseSeconds } from '../../src/live/live-fetcher.js';
import { LiveMarketService } from '../../src/live/live-market-service.js';
import { sandboxListings, startLiveHarness, until, type LiveHarness } from './support/harness.js';
import { CountingStore } from '../catalog/helpers.js';

let h: LiveHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Paths the backcountry sandbox served, with counts. */
const backcountryPaths = (h: LiveHarness) => h.sandbox.backcountry.stats().requests;

describe('cross-process lease', () => {
  it('outlives a slow retailer batch: two servers on one Redis call the retailer once for each product', async () => {
    // A 6 s retailer under a 10 s agent timeout: longer than the old fixed 5 s lease.
    h = await startLiveHarness({ AGENT_QUERY_TIMEOUT: '10', LIVE_DEADLINE_MS: '100' });
    h.sandbox.backcountry.configure({ latencyMs: 6000 });
    const other = h.otherProcess();
    const listings = h.backcountryListings;

    // Server 1 takes the leases and calls the retailer; its request returns at the deadline.
    expect((await h.service.getLiveMarketData(listings)).statuses.get('backcountry')?.status).toBe('TIMEOUT');
    await until(() => h!.requests().backcountry > 0);
    // The lease lasts the batch's budget (one attempt and one retry of 10 s) plus a margin.
    const leaseTtl = await h.store.ttlSeconds(tierKeys.liveLease('backcountry', listings[0]!.vendorProductId));
    expect(leaseTtl).toBeGreaterThanOrEqual(liveLeaseSeconds(h.config) - 1);
    expect(liveLeaseSeconds(h.config)).toBeGreaterThan((2 * 10_000) / 1000);
    // Server 2 finds the leases taken and waits for server 1's answer until its own deadline.
    expect((await other.getLiveMarketData(listings)).statuses.get('backcountry')?.status).toBe('TIMEOUT');
    await other.idle();
    // Asked again once its wait ended, server 2 must not call the retailer while server 1 still may.
    expect((await other.getLiveMarketData(listings)).statuses.get('backcountry')?.status).toBe('TIMEOUT');
    await Promise.all([h.service.idle(), other.idle()]);
    // Server 1's late answer filled the shared tier: server 2 serves it.
    const after = await other.getLiveMarketData(listings);

    const ids = listings.map((l) => l.vendorProductId).join(',');
    expect(backcountryPaths(h)).toEqual({ [`/api/products/${ids}`]: 1 });
    expect(after.offers.size).toBe(2);
    expect(after.statuses.get('backcountry')?.status).toBe('OK');
  }, 30_000);

  it('a server waiting on another server\u2019s lease gets that server\u2019s answer, one retailer call in all', async () => {
    h = await startLiveHarness({ LIVE_DEADLINE_MS: '5000' });
    h.sandbox.backcountry.configure({ latencyMs: 300 });
    const listings = h.backcountryListings;
    const first = h.service.getLiveMarketData(listings);
    await until(() => h!.requests().backcountry > 0);
    const second = await h.otherProcess().getLiveMarketData(listings);
    expect(second.statuses.get('backcountry')).toMatchObject({ status: 'OK' });
    expect(second.offers.size).toBe(2);
    expect((await first).offers.size).toBe(2);
    expect(h.requests().backcountry).toBe(1);
  });

  it('waiting on another server\u2019s lease costs a few reads per batch, not one per listing every 100 ms, and ends at the request\u2019s deadline', async () => {
    h = await startLiveHarness({ AGENT_QUERY_TIMEOUT: '10', LIVE_DEADLINE_MS: '100' });
    h.sandbox.backcountry.configure({ latencyMs: 4000 });
    const listings = [...h.backcountryListings, ...sandboxListings('backcountry', 6).slice(2)];
    void h.service.getLiveMarketData(listings);
    await until(() => h!.requests().backcountry > 0);
    const counting = new CountingStore(h.store);
    const other = h.otherProcess(counting);
    const waited = await other.getLiveMarketData(listings, { deadlineMs: 1500 });
    await other.idle();
    expect(waited.statuses.get('backcountry')).toMatchObject({ status: 'TIMEOUT' });
    // The wait ended at the deadline, long before server 1's retailer answered: nothing cached yet.
    expect(await h.store.keys(tierKeys.liveVendorPrefix('backcountry'))).toEqual([]);
    // One read of the cached state, then one read per poll for all six listings together
    // (50, 100, 200, 400, 800 ms, then the deadline): the old loop made 6 × 15 = 90.
    expect(counting.calls.mget).toBeGreaterThanOrEqual(3);
    expect(counting.calls.mget).toBeLessThanOrEqual(8);
    expect(h.requests().backcountry).toBe(1);
  }, 20_000);

  it('close() ends waits on leases other servers hold, at once, without caching anything', async () => {
    h = await startLiveHarness({ AGENT_QUERY_TIMEOUT: '10', LIVE_DEADLINE_MS: '100' });
    h.sandbox.backcountry.configure({ latencyMs: 4000 });
    const listings = h.backcountryListings;
    void h.service.getLiveMarketData(listings);
    await until(() => h!.requests().backcountry > 0);
    const other = h.otherProcess();
    const waiting = other.getLiveMarketData(listings, { deadlineMs: 20_000 });
    await until(async () => (await h!.store.ttlSeconds(tierKeys.liveLease('backcountry', listings[0]!.vendorProductId))) !== null);
    await other.close();
    const result = await waiting;
    expect(result.statuses.get('backcountry')).toMatchObject({ status: 'TIMEOUT', message: expect.stringContaining('shutting down') });
    expect(await h.store.keys(tierKeys.liveNegativeVendorPrefix('backcountry'))).toEqual([]);
    expect(await h.store.keys(tierKeys.liveVendorPrefix('backcountry'))).toEqual([]);
  }, 20_000);

  it('a lease another server now holds is not deleted when the first holder releases its own', async () => {
    h = await startLiveHarness({ LIVE_DEADLINE_MS: '50' });
    h.sandbox.backcountry.configure({ latencyMs: 300 });
    const [listing] = h.backcountryListings;
    const lease = tierKeys.liveLease('backcountry', listing!.vendorProductId);
    await h.service.getLiveMarketData([listing!]);
    await until(() => h!.requests().backcountry > 0);
    // As if this server's lease had expired and another server had taken the listing's lease since.
    await h.store.set(lease, 'another-server', 60);
    await h.service.idle();
    expect(await h.store.get(lease)).toBe('another-server');
  });

  it('releases its own lease once the answer is cached', async () => {
    h = await startLiveHarness();
    const [listing] = h.backcountryListings;
    await h.service.getLiveMarketData([listing!]);
    await h.service.idle();
    expect(await h.store.get(tierKeys.live('backcountry', listing!.vendorProductId))).not.toBeNull();
    expect(await h.store.get(tierKeys.liveLease('backcountry', listing!.vendorProductId))).toBeNull();
  });
});

describe('background work', () => {
  it('never becomes an unhandled rejection, even when logging itself fails; callers still get their answer', async () => {
    h = await startLiveHarness();
    h.sandbox.backcountry.configure({ failureRate: 1, failureMode: 'status500' });
    // A log sink that throws on every write, as a closed stdout pipe does (EPIPE).
    const brokenLogger = pino({ level: 'info' }, { write: () => { throw new Error('EPIPE: log sink closed'); } });
    const service = new LiveMarketService({ store: h.store, agents: h.agents, config: h.config, logger: brokenLogger });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const result = await service.getLiveMarketData(h.backcountryListings, { deadlineMs: 5000 });
      await service.idle();
      await new Promise((r) => setTimeout(r, 50)); // unhandled rejections are reported a tick after they happen
      expect(unhandled).toEqual([]);
      expect(result.statuses.get('backcountry')?.status).toBe('ERROR');
      expect(h.requests().backcountry).toBeGreaterThan(0);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
