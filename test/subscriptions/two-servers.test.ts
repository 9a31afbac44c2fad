import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/cache/redis-store.js';
import { tierKeys } from '../../src/cache/tiers.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createServices } from '../../src/services.js';
import { sandboxCatalog, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { graphqlOver, graphqlUrlOf, startProcess, stopProcesses } from '../support/processes.js';
import { deleteKeys, REDIS_URL } from '../support/test-app.js';
import { collect, movePrice, requestsTo, sseClient, until } from './support.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ host: '127.0.0.1' });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(stopProcesses);

describe('two API server processes on one Redis', () => {
  it('a graphql-sse client subscribed on server A receives a price drop that a refresh on server B saw, with the previous price', async () => {
    const keyPrefix = `test:subs:${randomUUID()}:`;
    const env = {
      REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      EVO_BASE_URL: sandbox.evo.baseUrl,
      BACKCOUNTRY_BASE_URL: sandbox.backcountry.baseUrl,
      CRAWL_ON_START: 'false',
      LOG_FORMAT: 'json',
    };
    try {
      // Fill the static tier once, as a worker would.
      const filler = await createServices(loadConfig({ ...env, LOG_LEVEL: 'silent' }), createLogger('silent'));
      await filler.heavyProcessor.runOnce();
      await filler.close();

      // A never refreshes on its own (an hour between rounds); B every second.
      const a = startProcess({ ...env, LIVE_POLL_INTERVAL_SECONDS: '3600' });
      const b = startProcess({ ...env, LIVE_POLL_INTERVAL_SECONDS: '1' });
      const [urlA, urlB] = await Promise.all([graphqlUrlOf(a), graphqlUrlOf(b)]);

      const found = await graphqlOver(urlA, '{ search(query: "beginner snowboard", first: 20) { edges { node { id listings { vendor url } } } } }');
      const bcPaths = new Map(sandboxCatalog().flatMap((p) => (p.backcountry ? [[p.backcountry.path, p.backcountry] as const] : [])));
      const node = found.search.edges.map((e: any) => e.node).find((n: any) => n.listings.some((l: any) => l.vendor === 'backcountry'));
      const bcUrl: string = node.listings.find((l: any) => l.vendor === 'backcountry').url;
      const listing = [...bcPaths.entries()].find(([path]) => bcUrl.endsWith(path))![1];

      const store = RedisStore.fromUrl(REDIS_URL, keyPrefix);
      await store.connect();
      const client = sseClient(urlA);
      const sub = collect(client, 'subscription($ids: [ID!]!) { offerUpdates(productIds: $ids) { productId vendor change previousPrice { amount } offer { price { amount } } } }', { ids: [node.id] });
      try {
        const calls = () => requestsTo(sandbox.backcountry.stats(), (p) => p.startsWith('/api/products/') && p.includes(listing.vendorProductId));
        sandbox.backcountry.resetStats();
        // B counts A's subscriber (the interest registry) and reads the product: the live tier now holds its price.
        await until(() => calls() >= 1, 30_000);
        const liveKey = tierKeys.live('backcountry', listing.vendorProductId);
        await until(async () => (await store.get(liveKey)) !== null, 30_000);
        const before = listing.minSalePrice;
        const drop = Math.round(before * 0.75 * 100) / 100;
        await movePrice(sandbox.backcountry.baseUrl, { vendorProductId: listing.vendorProductId, price: drop });
        await sub.next(1, 30_000);
        expect(sub.results[0]!.errors).toBeUndefined();
        expect(sub.results[0]!.data.offerUpdates).toEqual({
          productId: node.id,
          vendor: 'backcountry',
          change: 'PRICE_DROP',
          previousPrice: { amount: before },
          offer: { price: { amount: drop } },
        });
        // The refresh was B's: A never ran a round, B did, and A counts the subscriber.
        const health = async (url: string) => ((await (await fetch(url.replace(/\/graphql$/, '/health'))).json()) as any).subscriptions.refresher;
        const [ha, hb] = await Promise.all([health(urlA), health(urlB)]);
        expect(ha).toMatchObject({ ticks: 0, watched: 1 });
        expect(hb.ticks).toBeGreaterThan(0);
        expect(hb.watched).toBe(0);
      } finally {
        sub.dispose();
        await client.dispose();
        await store.close();
      }
    } finally {
      await stopProcesses();
      await deleteKeys(keyPrefix);
    }
  }, 120_000);
});
