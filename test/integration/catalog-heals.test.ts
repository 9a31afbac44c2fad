import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tierKeys } from '../../src/cache/tiers.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createServices, type AppServices } from '../../src/services.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { until } from '../live/support/harness.js';
import { deleteKeys, REDIS_URL } from '../support/test-app.js';
import { searchThrough } from '../support/search-through.js';

const SEARCH = '{ search(query: "Burton Custom", first: 3) { totalCount edges { node { name specs { raw { name } } } } } }';

type Answer = { totalCount: number; edges: { node: { name: string; specs: { raw: unknown[] } } }[] };
const search = (services: AppServices) => searchThrough<Answer>(services, SEARCH);

/** Listing-page requests (the first step of a crawl) the storefronts served. */
const listingWalks = (sandbox: Sandbox) =>
  Object.entries(sandbox.evo.stats().requests)
    .filter(([path]) => path === '/shop/snowboard/snowboards/rpp_200')
    .reduce((n, [, count]) => n + count, 0);

/**
 * Two API servers and one worker on one Redis prefix (BullMQ, Redis catalog events), the
 * catalog crawled once. Then Redis loses the static tier under them.
 */
describe('a catalog that heals itself', () => {
  const prefix = `test:heals:${randomUUID()}:`;
  let sandbox: Sandbox;
  let servers: AppServices[];
  let worker: AppServices;
  let redis: Redis;
  let before: Awaited<ReturnType<typeof search>>;

  beforeAll(async () => {
    sandbox = await startSandbox({ host: '127.0.0.1' });
    redis = new Redis(REDIS_URL);
    const start = () =>
      createServices(
        loadConfig({
          REDIS_URL,
          REDIS_KEY_PREFIX: prefix,
          EVO_BASE_URL: sandbox.evo.baseUrl,
          BACKCOUNTRY_BASE_URL: sandbox.backcountry.baseUrl,
          CATALOG_SYNC_INTERVAL_SECONDS: '0.5',
          LOG_LEVEL: 'silent',
        }),
        createLogger('silent'),
      );
    servers = [await start(), await start()];
    worker = await start();
    await worker.heavyProcessor.startWorkers();
    await worker.heavyProcessor.runOnce();
    await until(() => servers.every((s) => s.catalog.size === worker.catalog.size), 10_000);
    before = await search(servers[0]!);
    expect(before.edges.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    for (const s of [...servers, worker]) await s.close();
    await sandbox.close();
    redis.disconnect();
    await deleteKeys(prefix);
  });

  const flush = async (pattern: string) => {
    const keys = await redis.keys(`${prefix}${pattern}*`);
    if (keys.length > 0) await redis.del(...keys);
  };

  it('static records flushed under running servers: both servers notice on their next reads, ONE crawl runs, and search answers in full again', async () => {
    sandbox.evo.resetStats();
    await flush('static:');
    // The next searches read ids whose records are gone: each server drops them and asks for a crawl.
    await Promise.all(servers.map((s) => search(s)));
    await until(async () => (await worker.heavyProcessor.queueStats()).completed >= 2, 30_000);
    await until(async () => {
      const answers = await Promise.all(servers.map((s) => search(s)));
      return answers.every((a) => a.edges.length === before.edges.length);
    }, 15_000);
    for (const s of servers) expect(await search(s)).toEqual(before);
    // One crawl of evo in all (one listing walk), not one per server or per request.
    expect(listingWalks(sandbox)).toBe(1);
    expect(await redis.exists(`${prefix}${tierKeys.crawlSnapshot('evo')}`)).toBe(1);
  }, 60_000);

  it('Redis restarted empty (the catalog version gone too): servers reload, find the tier empty, and one crawl brings it back', async () => {
    sandbox.evo.resetStats();
    const completed = (await worker.heavyProcessor.queueStats()).completed;
    await flush('static:');
    await flush('catalog:');
    await until(async () => (await worker.heavyProcessor.queueStats()).completed >= completed + 2, 30_000);
    await until(async () => (await Promise.all(servers.map((s) => search(s)))).every((a) => a.edges.length === before.edges.length), 15_000);
    for (const s of servers) expect(await search(s)).toEqual(before);
    expect(listingWalks(sandbox)).toBe(1);
  }, 60_000);
});
