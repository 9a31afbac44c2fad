import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestApp, REDIS_URL, type TestApp } from '../support/test-app.js';
import { startTcpProxy, redisTarget, type TcpProxy } from '../support/tcp-proxy.js';
import { histogramCount, sampleValue, scrapeMetrics } from '../support/prometheus.js';
import { LiveSearchDocument } from '../gql/graphql.js';
import { METRIC } from '../../src/monitoring/metrics.js';

let app: TestApp | undefined;
let proxy: TcpProxy | undefined;
let server: Server | undefined;
afterEach(async () => {
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = undefined;
  await app?.close();
  app = undefined;
  await proxy?.close();
  proxy = undefined;
});

/** Serve the app's yoga over real HTTP on 127.0.0.1, as `npm start` does; resolves with its origin. */
async function serveOnLoopback(a: TestApp): Promise<string> {
  server = createServer(a.yoga);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

async function ready(a: TestApp) {
  const response = await a.yoga.fetch('http://yoga/ready');
  return { status: response.status, body: (await response.json()) as { ready: boolean; checks: Record<string, string> } };
}

describe('GET /metrics', () => {
  it('parses as Prometheus text, and a live search moves the retailer, cache and operation counters', async () => {
    app = await startTestApp();
    const { scrape: before, contentType } = await scrapeMetrics(app.yoga);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    // prom-client's default process metrics are on the app's own registry.
    expect(before.get('process_cpu_user_seconds_total')?.type).toBe('COUNTER');
    expect(before.get('nodejs_heap_size_used_bytes')?.type).toBe('GAUGE');
    expect(histogramCount(before, METRIC.operationDuration)).toBe(0);

    const { errors } = await app.execute(LiveSearchDocument, { query: 'beginner snowboard', first: 2 });
    expect(errors).toBeUndefined();
    const { scrape: after } = await scrapeMetrics(app.yoga);

    // Every request the storefronts received during the search was counted, per retailer.
    const atStorefronts = app.retailerRequests();
    expect(atStorefronts.evo).toBeGreaterThan(0);
    for (const vendor of ['evo', 'backcountry'] as const) {
      const ok = (s: typeof after) => sampleValue(s, METRIC.retailerRequests, { vendor, outcome: 'ok' }) ?? 0;
      expect(ok(after) - ok(before)).toBe(atStorefronts[vendor]);
    }
    expect(after.get(METRIC.retailerRequests)?.type).toBe('COUNTER');
    // A cold live tier: the search's offers were misses, then read back from the retailers.
    const liveMisses = (s: typeof after) => sampleValue(s, METRIC.cacheReads, { tier: 'live', outcome: 'miss' }) ?? 0;
    expect(liveMisses(after)).toBeGreaterThan(liveMisses(before));
    expect(after.get(METRIC.cacheReads)?.type).toBe('COUNTER');
    expect(histogramCount(after, METRIC.operationDuration)).toBe(1);
    expect(histogramCount(after, METRIC.operationFirstPayload)).toBe(1);
    expect(sampleValue(after, METRIC.breakerOpen, { vendor: 'evo' })).toBe(0);
    expect(sampleValue(after, METRIC.queueJobs, { state: 'failed' })).toBe(0);
  });

  it('counts a retailer failure under its outcome', async () => {
    app = await startTestApp();
    const { scrape: before } = await scrapeMetrics(app.yoga);
    app.sandbox.evo.configure({ failureRate: 1 });
    await app.execute(LiveSearchDocument, { query: 'beginner snowboard', first: 1 });
    const { scrape: after } = await scrapeMetrics(app.yoga);
    const errors = (s: typeof after) => sampleValue(s, METRIC.retailerRequests, { vendor: 'evo', outcome: 'ERROR' }) ?? 0;
    expect(errors(after)).toBeGreaterThan(errors(before));
  });
});

describe('GET /ready', () => {
  it('answers 503 naming Redis and the queue while Redis cannot be reached, and 200 once it is back', async () => {
    // A proxy in front of the shared Redis: cutting it stops Redis for this app only.
    proxy = await startTcpProxy(redisTarget(REDIS_URL));
    app = await startTestApp({ crawl: false, env: { REDIS_URL: proxy.url } });
    expect(await ready(app)).toEqual({ status: 200, body: { ready: true, checks: { redis: 'ok', queue: 'ok' } } });

    proxy.down();
    await vi.waitFor(async () => expect((await ready(app!)).status).toBe(503), { timeout: 15_000, interval: 100 });
    const down = await ready(app);
    expect(down.body.ready).toBe(false);
    expect(down.body.checks.redis).toMatch(/^redis is /);
    expect(down.body.checks.queue).not.toBe('ok');

    proxy.up();
    await vi.waitFor(async () => expect(await ready(app!)).toEqual({ status: 200, body: { ready: true, checks: { redis: 'ok', queue: 'ok' } } }), {
      timeout: 15_000,
      interval: 200,
    });
  });
});

describe('/admin/*', () => {
  const TOKEN = 'test-admin-token-1234';

  it('with ADMIN_TOKEN set, answers 401 without the bearer token and 200 with it', async () => {
    app = await startTestApp({ crawl: false, env: { ADMIN_TOKEN: TOKEN } });
    for (const path of ['/admin/performance', '/admin/cache-stats']) {
      for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${TOKEN}`]) {
        const response = await app.yoga.fetch(`http://yoga${path}`, { headers: authorization ? { authorization } : {} });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
        expect(await response.json()).toEqual({ error: expect.stringMatching(/Bearer/) });
      }
    }
    const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
    const cache = await app.yoga.fetch('http://yoga/admin/cache-stats', auth);
    expect(cache.status).toBe(200);
    const stats = await cache.json();
    expect(stats.cache.live).toMatchObject({ hits: 0, misses: 0, corrupt: 0, errors: 0 });
    expect(stats.inProcessRecords).toEqual(app.services.records.stats());
    const perf = await app.yoga.fetch('http://yoga/admin/performance', auth);
    expect(perf.status).toBe(200);
    expect(await perf.json()).toMatchObject({ performance: { operations: 0 }, queue: { failed: 0 } });

    // The token is required from loopback too.
    const origin = await serveOnLoopback(app);
    expect((await fetch(`${origin}/admin/cache-stats`)).status).toBe(401);
    expect((await fetch(`${origin}/admin/cache-stats`, auth)).status).toBe(200);
  });

  it('without ADMIN_TOKEN, answers loopback peers only', async () => {
    app = await startTestApp({ crawl: false });
    // In-process: no peer address, so not loopback.
    const inProcess = await app.yoga.fetch('http://yoga/admin/cache-stats');
    expect(inProcess.status).toBe(403);
    expect(await inProcess.json()).toEqual({ error: expect.stringMatching(/loopback/) });

    const origin = await serveOnLoopback(app);
    const overHttp = await fetch(`${origin}/admin/performance`);
    expect(overHttp.status).toBe(200);
    expect(await overHttp.json()).toMatchObject({ performance: { operations: 0 } });
  });
});
