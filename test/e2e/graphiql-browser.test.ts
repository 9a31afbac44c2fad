import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumMissing, launchLocalChromium, LOCAL_HOSTS } from '../support/browser.js';

/**
 * GraphiQL as a partner sees it: Debian's Chromium (never a downloaded browser), headless,
 * against a real HTTP server of the app, with every request that leaves this machine aborted.
 */
const SEARCH = 'beginner snowboard under $400';

let app: TestApp;
let server: Server;
let url: string;
let browser: Browser;

const missing = chromiumMissing('the GraphiQL browser test');

/** Each test fails (never skips) with the reason when the browser is not there. */
function requireChromium(): void {
  if (missing) throw new Error(missing);
}

beforeAll(async () => {
  if (missing) return;
  app = await startTestApp({ env: { LIVE_DEADLINE_MS: '15000' } });
  server = createServer(app.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  browser = await launchLocalChromium();
});
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await app?.close();
});

interface OpenedGraphiQL {
  context: BrowserContext;
  page: Page;
  /** Every URL the page asked for, local or not. */
  requests: string[];
  /** Requests for anything off this machine; each was aborted. */
  blocked: string[];
}

/** A fresh browser profile (no stored tabs) with a route that records every request and aborts non-local ones. */
async function openGraphiQL(): Promise<OpenedGraphiQL> {
  requireChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const requests: string[] = [];
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const requested = route.request().url();
    requests.push(requested);
    if (LOCAL_HOSTS.has(new URL(requested).host.replace(/:\d+$/, ''))) return route.continue();
    blocked.push(requested);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('.graphiql-execute-button').waitFor({ timeout: 20_000 }).catch((error: Error) => {
    throw new Error(`GraphiQL did not render (${error.message}); requests that left localhost, aborted: ${JSON.stringify(blocked)}`);
  });
  return { context, page, requests, blocked };
}

/** The text an editor shows (Monaco lays spaces out as no-break spaces). */
async function shownText(page: Page, selector: string): Promise<string> {
  return (await page.locator(`${selector} .view-lines`).innerText()).replace(/\u00a0/g, ' ');
}

/** The whole result pane as a person copies it (the editor shows only the lines in view). */
async function copyResult(page: Page): Promise<string> {
  await page.locator('.graphiql-response .monaco-editor').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+C');
  return page.evaluate(() => navigator.clipboard.readText());
}

describe('GraphiQL without a CDN', () => {
  it('renders from our server alone: no request leaves localhost, and it opens on the deferred search', async () => {
    const { context, page, requests, blocked } = await openGraphiQL();
    try {
      expect(blocked).toEqual([]);
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.every((r) => r.startsWith(new URL(url).origin))).toBe(true);
      // The editor came up, which needs GraphiQL's script, its Monaco workers and the schema.
      await expect.poll(() => shownText(page, '.graphiql-query-editor')).toContain('query BeginnerBoardsWithLivePrices {');
      expect(await page.locator('.graphiql-tab-button').allInnerTexts()).toEqual(['BeginnerBoardsWithLivePrices', 'BeginnerBoards', 'PowderSkis']);
      expect(await page.locator('.graphiql-tab-active').innerText()).toBe('BeginnerBoardsWithLivePrices');
    } finally {
      await context.close();
    }
  });
});

describe('GraphiQL runs the deferred search with the run button', () => {
  it('shows product names at once, then each product’s offers as they stream in', async () => {
    requireChromium();
    const expected = await app.graphql(`{ search(query: ${JSON.stringify(SEARCH)}, first: 5) { edges { node { name } } } }`);
    const names: string[] = expected.data.search.edges.map((e: any) => e.node.name);
    expect(names.length).toBeGreaterThan(0);

    // Live prices must come from the retailers, slowed, so the static payload lands well before them.
    await app.services.store.delete(...(await app.services.store.keys('live:')));
    app.sandbox.evo.configure({ latencyMs: 2000 });
    app.sandbox.backcountry.configure({ latencyMs: 2000 });
    app.resetRetailerStats();
    const { context, page, blocked } = await openGraphiQL();
    try {
      // Every text the result pane shows, in order, as it changes.
      await page.evaluate(() => {
        const pane = document.querySelector('.graphiql-response')!;
        const seen: string[] = [];
        (window as any).resultPaneTexts = seen;
        new MutationObserver(() => {
          const text = (pane as HTMLElement).innerText.replace(/\u00a0/g, ' ');
          if (seen.at(-1) !== text) seen.push(text);
        }).observe(pane, { subtree: true, childList: true, characterData: true });
      });
      await page.locator('.graphiql-execute-button').click();
      await page.locator('.graphiql-response').getByText('"offers"').first().waitFor({ timeout: 25_000 });
      // Each product's offers are in the pane once every product has its liveStatus.
      await expect
        .poll(async () => (JSON.parse(await copyResult(page)) as any).data.search.edges.every((e: any) => e.node.liveStatus), { timeout: 10_000 })
        .toBe(true);

      const result = JSON.parse(await copyResult(page));
      expect(result.errors).toBeUndefined();
      const nodes = result.data.search.edges.map((e: any) => e.node);
      expect(nodes.map((n: any) => n.name)).toEqual(names);
      for (const node of nodes) {
        expect(node.offers.length).toBeGreaterThan(0);
        for (const offer of node.offers) {
          expect(['evo', 'backcountry']).toContain(offer.vendor);
          expect(offer.price.amount).toBeGreaterThan(0);
          expect(offer.price.currencyCode).toBe('USD');
        }
        expect(node.liveStatus.length).toBeGreaterThan(0);
        expect(node.liveStatus.every((s: any) => s.status === 'OK')).toBe(true);
      }
      // The retailers were asked now, for this run: the offers are live, not left over.
      expect(app.retailerRequests().evo).toBeGreaterThan(0);
      expect(app.retailerRequests().backcountry).toBeGreaterThan(0);

      // Streamed: the pane showed the first product's name without offers before it showed offers.
      const texts: string[] = await page.evaluate(() => (window as any).resultPaneTexts);
      const staticOnly = texts.findIndex((t) => t.includes(`"name": ${JSON.stringify(names[0])}`) && !t.includes('"offers"'));
      const withOffers = texts.findIndex((t) => t.includes('"offers"'));
      expect(staticOnly).toBeGreaterThanOrEqual(0);
      expect(withOffers).toBeGreaterThan(staticOnly);
      expect(await page.getByRole('menu').count()).toBe(0); // no "which operation?" menu
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
