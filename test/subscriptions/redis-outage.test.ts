import { afterAll, describe, expect, it } from 'vitest';
import { tierKeys } from '../../src/cache/tiers.js';
import { startTcpProxy, redisTarget, type TcpProxy } from '../support/tcp-proxy.js';
import { REDIS_URL, startTestApp, type TestApp } from '../support/test-app.js';
import { listingAt, movePrice, productAtBothRetailers, until } from './support.js';

describe('a Redis outage under live subscriptions', () => {
  let proxy: TcpProxy | undefined;
  let app: TestApp | undefined;
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
  });

  it('the server keeps serving while Redis is cut, and changes reach subscribers again once it is back', async () => {
    proxy = await startTcpProxy(redisTarget(REDIS_URL));
    app = await startTestApp({ env: { REDIS_URL: proxy.url, LIVE_POLL_INTERVAL_SECONDS: '3600', LIVE_DEADLINE_MS: '10000' } });
    const product = await productAtBothRetailers(app);
    const bc = listingAt(product, 'backcountry');
    const { refresher } = app.services.liveTrack;
    const updates = (await app.services.subscriptions.offerUpdates([product.id], ['backcountry']))[Symbol.asyncIterator]();
    let next = updates.next();
    await until(() => refresher.stats().subscribers === 1);
    await refresher.tick();
    const cached = (await app.services.cache.live.get(tierKeys.live('backcountry', bc.vendorProductId)))!;

    proxy.down();
    await until(() => app!.services.store.unavailableReason() !== null, 15_000);
    await movePrice(app.sandbox.backcountry.baseUrl, { vendorProductId: bc.vendorProductId, price: 123.45 });
    await refresher.tick(); // cannot read who follows what: a logged failure, nothing else
    // A change seen while Redis is cut (as a request-path read would report it): its PUBLISH fails, logged, never thrown.
    const lower = { ...cached, price: { amount: cached.price!.amount - 1, currencyCode: 'USD' }, fetchedAt: new Date().toISOString() };
    app.services.subscriptions.observe([{ listing: bc, previous: cached, outcome: { kind: 'offer', offer: lower } }]);
    await new Promise((r) => setTimeout(r, 200));
    const health = await app.yoga.fetch('http://yoga/health');
    expect(health.status).toBe(200);
    expect(((await health.json()) as any).subscriptions.refresher).toMatchObject({ subscribers: 1, watched: 1 });

    proxy.up();
    await until(() => app!.services.store.unavailableReason() === null, 15_000);
    // Each attempt is a new price, so a message lost while the pub/sub connections come back is followed by another.
    let received: any;
    for (let attempt = 0; attempt < 40 && !received; attempt++) {
      const price = 100 + attempt;
      await movePrice(app.sandbox.backcountry.baseUrl, { vendorProductId: bc.vendorProductId, price });
      await refresher.tick();
      received = await Promise.race([next.then((r) => r.value), new Promise((r) => setTimeout(() => r(undefined), 250))]);
    }
    expect(received).toMatchObject({ productId: product.id, vendor: 'backcountry', offer: { price: { currencyCode: 'USD' } } });
    expect(['PRICE_DROP', 'PRICE_RISE']).toContain(received.change);
    next = updates.next();
    await updates.return?.();
    void next;
  }, 90_000);
});
