import { afterEach, describe, expect, it } from 'vitest';
import type { RedisStore } from '../../src/cache/redis-store.js';
import { tierKeys } from '../../src/cache/tiers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../live/support/harness.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;

describe('refresh-ahead', () => {
  it('queues the records expiring within STATIC_REFRESH_AHEAD_DAYS, most-requested first; the refresh reads only their pages and renews them', async () => {
    // 0.005 days = 432 s ahead; records live 30 days, so none is expiring yet.
    app = await startTestApp({ env: { STATIC_REFRESH_AHEAD_DAYS: '0.005' } });
    const { heavyProcessor, demand } = app.services;
    expect(await heavyProcessor.refreshAhead()).toEqual([]);

    const { data } = await app.graphql('{ search(query: "beginner snowboard", first: 3) { edges { node { id } } } }');
    const [a, b, c] = data.search.edges.map((e: { node: { id: string } }) => e.node.id) as string[];
    const redis = (app.services.store as RedisStore).client;
    // Two records close to expiry (as if the crawls had missed them for 29.99 days).
    for (const id of [a!, b!]) await redis.expire(`${app.config.redisKeyPrefix}${tierKeys.staticProduct(rawId(id))}`, 100);
    // b is asked for more often than a, and c (not expiring) most of all.
    for (const id of [b, b, b, a, c, c, c, c]) expect((await app.graphql(`{ product(id: "${id}") { name } }`)).errors).toBeUndefined();
    await demand.flush();

    expect(await heavyProcessor.refreshAhead()).toEqual([rawId(b!), rawId(a!)]);

    app.resetRetailerStats();
    await heavyProcessor.startWorkers();
    await until(async () => (await heavyProcessor.queueStats()).completed === 2, 20_000);
    expect(await heavyProcessor.queueStats()).toMatchObject({ completed: 2, failed: 0 });
    // Only the two products' pages were read (one per listing), and their records live 30 days again.
    const [recA, recB] = await app.services.staticProducts.getProducts([rawId(a!), rawId(b!)]);
    const pages = recA!.listings.length + recB!.listings.length;
    expect(app.retailerRequests().evo + app.retailerRequests().backcountry).toBe(pages);
    for (const left of await app.services.staticProducts.secondsLeft([rawId(a!), rawId(b!)])) expect(left).toBeGreaterThan(29 * 86_400);
  }, 40_000);

  it('is off with STATIC_REFRESH_AHEAD_DAYS=0', async () => {
    app = await startTestApp({ env: { STATIC_REFRESH_AHEAD_DAYS: '0' } });
    const { data } = await app.graphql('{ search(query: "beginner snowboard", first: 1) { edges { node { id } } } }');
    const redis = (app.services.store as RedisStore).client;
    await redis.expire(`${app.config.redisKeyPrefix}${tierKeys.staticProduct(rawId(data.search.edges[0].node.id))}`, 100);
    expect(await app.services.heavyProcessor.refreshAhead()).toEqual([]);
  });
});
