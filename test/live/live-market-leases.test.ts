import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { tierKeys } from '../../src/cache/tiers.js';
import { liveLeaseSeconds } from '../../src/live/live-fetcher.js';
import { LiveMarketService } from '../../src/live/live-market-service.js';
import { startLiveHarness, until, type LiveHarness } from './support/harness.js';

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
    // Server 2 finds the leases taken and waits (in the background) for server 1's answer.
    expect((await other.getLiveMarketData(listings)).statuses.get('backcountry')?.status).toBe('TIMEOUT');
    await other.idle();
    // Asked again once its wait ended, server 2 must not call the retailer while server 1 still may.
    const again = await other.getLiveMarketData(listings);
    await Promise.all([h.service.idle(), other.idle()]);

    const ids = listings.map((l) => l.vendorProductId).join(',');
    expect(backcountryPaths(h)).toEqual({ [`/api/products/${ids}`]: 1 });
    expect(again.offers.size).toBe(2);
    expect(again.statuses.get('backcountry')?.status).toBe('OK');
  }, 30_000);

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
