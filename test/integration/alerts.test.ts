import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { sampleValue, scrapeMetrics } from '../support/prometheus.js';
import { LiveSearchDocument } from '../gql/graphql.js';
import { METRIC } from '../../src/monitoring/metrics.js';
import type { AlertEvent } from '../../src/monitoring/alerts.js';

let app: TestApp | undefined;
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  await app?.close();
  app = undefined;
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A local webhook receiver: every JSON body POSTed to it, in arrival order; answers `status`. */
async function startReceiver(status = 204): Promise<{ url: string; events: AlertEvent[] }> {
  const events: AlertEvent[] = [];
  const url = await listen(
    createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (req.method === 'POST' && req.headers['content-type'] === 'application/json') events.push(JSON.parse(body) as AlertEvent);
        res.writeHead(status).end();
      });
    }),
  );
  return { url: `${url}/hooks/hexar`, events };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Thresholds low enough for a sandbox slowed to 1 s; a window of 3 s so recovery shows within seconds.
const ALERT_ENV = {
  ALERT_P95_MS: '500',
  ALERT_AVG_MS: '600000',
  ALERT_MIN_HIT_RATE: '0',
  ALERT_MAX_ERROR_RATE: '1',
  ALERT_MIN_SAMPLES: '1',
  ALERT_EVALUATION_SECONDS: '0.1',
  ALERT_WINDOW_MINUTES: '0.05',
};

describe('alerts', () => {
  it('a retailer slowed past ALERT_P95_MS raises p95_latency (webhook, /admin/performance, gauge); it clears when the retailer recovers', async () => {
    const receiver = await startReceiver();
    app = await startTestApp({ env: { ...ALERT_ENV, ALERT_WEBHOOK_URL: receiver.url } });
    const origin = await listen(createServer(app.yoga));
    const adminPerformance = async () => (await (await fetch(`${origin}/admin/performance`)).json()) as any;

    // Nothing has run: an idle server raises nothing.
    await app.services.alerts.evaluate();
    expect(app.services.alerts.active()).toEqual([]);

    app.sandbox.evo.configure({ latencyMs: 1000 });
    const { errors } = await app.execute(LiveSearchDocument, { query: 'beginner snowboard', first: 2 });
    expect(errors).toBeUndefined();
    expect(app.retailerRequests().evo).toBeGreaterThan(0);

    const raised = await until('the raised event', () => receiver.events.find((e) => e.alert === 'p95_latency'));
    expect(raised).toMatchObject({ event: 'raised', alert: 'p95_latency', threshold: 500 });
    expect(raised.value).toBeGreaterThan(500);
    expect(raised.message).toContain('p95');
    expect(Date.parse(raised.at)).not.toBeNaN();

    const shown = await adminPerformance();
    expect(shown.alerts.active.map((a: { alert: string }) => a.alert)).toContain('p95_latency');
    expect(shown.rolling.latency.operations).toBeGreaterThanOrEqual(1);
    expect(shown.rolling.retailers.evo.requests).toBeGreaterThan(0);
    // The start-up crawl's merges ran the offline review analyzer: calls counted, no tokens, no cost.
    expect(shown.ai).toMatchObject({ analyzer: 'offline', tokens: { input: 0, output: 0 }, costUsd: 0, note: null });
    expect(shown.ai.calls).toBeGreaterThan(0);
    const { scrape } = await scrapeMetrics(app.yoga);
    expect(sampleValue(scrape, METRIC.alertActive, { alert: 'p95_latency' })).toBe(1);
    expect(sampleValue(scrape, METRIC.alertActive, { alert: 'avg_latency' })).toBe(0);
    expect(sampleValue(scrape, METRIC.alertActive, { alert: 'breaker_open:evo' })).toBe(0);

    // The retailer recovers; once the slow search has left the window, fast searches clear the alert.
    app.sandbox.evo.configure({ latencyMs: 0 });
    app.resetRetailerStats();
    const cleared = await until('the cleared event', async () => {
      await app!.execute(LiveSearchDocument, { query: 'beginner snowboard', first: 2 });
      return receiver.events.find((e) => e.alert === 'p95_latency' && e.event === 'cleared');
    });
    expect(cleared.value).toBeLessThanOrEqual(500);
    expect(cleared.since).toBe(raised.since);
    expect(receiver.events.filter((e) => e.alert === 'p95_latency').map((e) => e.event)).toEqual(['raised', 'cleared']);
    expect((await adminPerformance()).alerts.active).toEqual([]);
    const { scrape: after } = await scrapeMetrics(app.yoga);
    expect(sampleValue(after, METRIC.alertActive, { alert: 'p95_latency' })).toBe(0);
  });

  it('a failing or unreachable webhook never breaks evaluation: the alert is raised and listed all the same', async () => {
    const refusing = await startReceiver(500);
    // A port that was free a moment ago and is closed now: connection refused.
    const closed = createServer();
    const closedUrl = await listen(closed);
    servers.pop();
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    for (const webhook of [refusing.url, `${closedUrl}/hook`]) {
      app = await startTestApp({ env: { ...ALERT_ENV, ALERT_EVALUATION_SECONDS: '3600', ALERT_WEBHOOK_URL: webhook } });
      app.sandbox.evo.configure({ latencyMs: 1000 });
      await app.execute(LiveSearchDocument, { query: 'beginner snowboard', first: 2 });
      await expect(app.services.alerts.evaluate()).resolves.toBeUndefined();
      expect(app.services.alerts.active().map((a) => a.alert)).toEqual(['p95_latency']);
      // close() waits for the post to end (refused or answered 500), and does not throw.
      await app.close();
      app = undefined;
    }
    expect(refusing.events.map((e) => e.event)).toEqual(['raised']);
  });
});
