import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createServices, type AppServices } from '../../src/services.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { until } from '../live/support/harness.js';
import { redisTarget, startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { deleteKeys, REDIS_URL } from '../support/test-app.js';
import { searchThrough } from '../support/search-through.js';

const SEARCH = '{ search(query: "Burton Custom", first: 3) { totalCount edges { node { id brand } } catalog { state productCount } } }';

type Answer = { totalCount: number; edges: { node: { id: string; brand: string } }[]; catalog: { state: string; productCount: number } };
const search = (services: AppServices) => searchThrough<Answer>(services, SEARCH);

/**
 * Three servers on one Redis prefix and one pair of sandbox storefronts, none crawling at
 * start: a writer, a reader on Redis, and a reader whose every Redis connection goes
 * through a proxy the test cuts while the writer crawls.
 */
describe('a catalog that follows itself: servers follow another server\u2019s crawl without a restart', () => {
  const prefix = `test:follows:${randomUUID()}:`;
  let sandbox: Sandbox;
  let proxy: TcpProxy;
  let writer: AppServices;
  let reader: AppServices;
  let cutOff: AppServices;
  let crawlRequests: number;
  const requests = () => sandbox.evo.stats().total + sandbox.backcountry.stats().total;

  beforeAll(async () => {
    sandbox = await startSandbox({ host: '127.0.0.1' });
    proxy = await startTcpProxy(redisTarget(REDIS_URL));
    const start = (env: Record<string, string>) =>
      createServices(
        loadConfig({
          REDIS_URL,
          REDIS_KEY_PREFIX: prefix,
          EVO_BASE_URL: sandbox.evo.baseUrl,
          BACKCOUNTRY_BASE_URL: sandbox.backcountry.baseUrl,
          CRAWL_ON_START: 'false',
          LOG_LEVEL: 'silent',
          ...env,
        }),
        createLogger('silent'),
      );
    // A long interval for the reader: what it learns, it learns by message.
    reader = await start({ CATALOG_SYNC_INTERVAL_SECONDS: '60' });
    cutOff = await start({ REDIS_URL: proxy.url, CATALOG_SYNC_INTERVAL_SECONDS: '0.2' });
    writer = await start({});
  });

  afterAll(async () => {
    await Promise.all([writer, reader, cutOff].map((s) => s?.close()));
    await proxy?.close();
    await sandbox?.close();
    await deleteKeys(prefix);
  });

  it('a crawl by one server makes another\u2019s search answer the crawled products within seconds, with one crawl in all', async () => {
    // (Before the crawl a search is a miss, answered from the retailers' search pages: not the catalog.)
    expect((await search(reader)).catalog).toEqual({ state: 'EMPTY', productCount: 0 });
    proxy.down(); // the cut-off server hears nothing of this crawl (next test)
    const summary = await writer.heavyProcessor.runOnce();
    crawlRequests = requests();
    expect(summary.products).toBeGreaterThan(0);

    await until(async () => (await search(reader)).catalog.productCount > 0);
    const answer = await search(reader);
    expect(answer.catalog).toEqual({ state: 'READY', productCount: writer.catalog.size });
    expect(answer.edges[0]!.node.brand).toBe('Burton');
    expect(answer).toEqual(await search(writer));
    expect(reader.catalog.version).toBe(writer.catalog.version);
    // By message (one per retailer's ingest), no reload, and no crawl of its own.
    expect(reader.catalogEvents.stats()).toMatchObject({ received: 2, rebuilds: 1 });
    expect(requests()).toBe(crawlRequests);
  });

  it('a server cut off from Redis during that crawl catches up through the version key once it is back', async () => {
    expect(cutOff.catalog.size).toBe(0);
    proxy.up();
    await until(async () => (await search(cutOff)).catalog.productCount === writer.catalog.size, 20_000);
    expect(await search(cutOff)).toEqual(await search(writer));
    expect(cutOff.catalogEvents.stats().received).toBe(0);
    expect(cutOff.catalogEvents.stats().rebuilds).toBeGreaterThanOrEqual(2);
    expect(requests()).toBe(crawlRequests);
  });
});
