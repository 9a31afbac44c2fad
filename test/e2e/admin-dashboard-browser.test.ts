import { mkdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumMissing, launchLocalChromium, LOCAL_HOSTS } from '../support/browser.js';
import { LiveSearchDocument } from '../gql/graphql.js';

/**
 * The /admin dashboard as an operator on the host sees it: Debian's Chromium, headless, over
 * loopback (no ADMIN_TOKEN: the loopback rule), every request off this machine aborted.
 * The screenshot goes to test-results/admin-dashboard.png (gitignored).
 */
const SCREENSHOT = join(process.cwd(), 'test-results', 'admin-dashboard.png');

let app: TestApp;
let server: Server;
let origin: string;
let browser: Browser;

const missing = chromiumMissing('the dashboard browser test');

beforeAll(async () => {
  if (missing) return;
  app = await startTestApp({ env: { LIVE_DEADLINE_MS: '15000' } });
  server = createServer(app.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchLocalChromium();
});
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await app?.close();
});

describe('/admin dashboard in Chromium', () => {
  it('shows real figures after some searches, with the latency chart, and writes a screenshot', async () => {
    if (missing) throw new Error(missing);
    // A slowed retailer so the live figures are well above zero; the second round reads the live tier.
    app.sandbox.evo.configure({ latencyMs: 30 });
    for (const query of ['beginner snowboard', 'powder skis', 'beginner snowboard']) {
      const { errors } = await app.execute(LiveSearchDocument, { query, first: 2 });
      expect(errors).toBeUndefined();
    }
    const atStorefront = app.retailerRequests().evo;
    expect(atStorefront).toBeGreaterThan(0);

    const context = await browser.newContext({ viewport: { width: 1200, height: 1400 } });
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const requested = route.request().url();
      if (LOCAL_HOSTS.has(new URL(requested).host.replace(/:\d+$/, ''))) return route.continue();
      blocked.push(requested);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const response = await page.goto(`${origin}/admin`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);

    const kpi = (id: string) => page.locator(`[data-kpi="${id}"]`).innerText();
    expect(Number(await kpi('operations'))).toBe(3);
    const p95 = /^(\d+) ms$/.exec(await kpi('p95'));
    expect(p95).not.toBeNull();
    expect(Number(p95![1])).toBeGreaterThan(0);
    // The repeated search read the live tier: a hit rate above zero.
    const liveHitRate = /^([\d.]+) %$/.exec(await page.locator('[data-hit-rate="live"]').innerText());
    expect(liveHitRate).not.toBeNull();
    expect(Number(liveHitRate![1])).toBeGreaterThan(0);
    // The hour's requests to evo: the start-up crawl's and every one the searches made.
    expect(Number(await page.locator('[data-retailer-requests="evo"]').innerText())).toBeGreaterThanOrEqual(atStorefront);
    expect(await page.locator('[data-queue="waiting"]').innerText()).toMatch(/^\d+$/);
    // The start-up crawl's merges ran the offline review analyzer (no OPENAI_API_KEY): its calls, no cost.
    expect(await page.locator('[data-ai="figures"]').innerText()).toMatch(/^offline analyzer \(offline:[^)]+\): [1-9]\d* calls .* [1-9]\d* products analysed.*estimated cost \$0\.0000/);
    expect(await page.locator('[data-alerts="none"]').count()).toBe(1);
    // The chart drew this minute's p50 and p95 (a path with at least one point each).
    expect(await page.locator('svg path[data-series="p95"]').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+/);
    expect(await page.locator('svg path[data-series="p50"]').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+/);
    expect(await page.locator('meta[http-equiv="refresh"]').getAttribute('content')).toBe('10');
    expect(blocked).toEqual([]);

    mkdirSync(join(process.cwd(), 'test-results'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    await context.close();
  });

  it('answers 403 to a peer that is not on loopback when ADMIN_TOKEN is unset (the /admin/* rule)', async () => {
    if (missing) throw new Error(missing);
    // In-process fetch has no peer address: not treated as loopback.
    const response = await app.yoga.fetch('http://yoga/admin');
    expect(response.status).toBe(403);
  });
});
