import * as cheerio from 'cheerio';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVO_LISTING_PATHS, sandboxCatalog, startSandbox, type Sandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
const catalog = sandboxCatalog();
const bcId = catalog.find((p) => p.backcountry)!.backcountry!.vendorProductId;
const evoPath = catalog.find((p) => p.evo)!.evo!.path;

beforeEach(async () => {
  sandbox = await startSandbox();
});
afterEach(async () => {
  await sandbox.close();
});

describe('request counters', () => {
  it('count per path including the query string, and reset', async () => {
    const bc = sandbox.backcountry.baseUrl;
    await fetch(`${bc}/snowboards?page=1`).then((r) => r.text());
    await fetch(`${bc}/snowboards?page=1`).then((r) => r.text());
    await fetch(`${bc}/snowboards?page=2`).then((r) => r.text());
    await fetch(`${bc}/api/products/${bcId}`).then((r) => r.text());
    expect(sandbox.backcountry.stats()).toEqual({
      requests: { '/snowboards?page=1': 2, '/snowboards?page=2': 1, [`/api/products/${bcId}`]: 1 },
      total: 4,
    });
    expect(sandbox.evo.stats().total).toBe(0);
    sandbox.backcountry.resetStats();
    expect(sandbox.backcountry.stats()).toEqual({ requests: {}, total: 0 });
  });

  it('are readable and resettable over HTTP, and control calls are not counted', async () => {
    const evo = sandbox.evo.baseUrl;
    await fetch(`${evo}${EVO_LISTING_PATHS.SKI}/rpp_200`).then((r) => r.text());
    const stats = await fetch(`${evo}/__sandbox/stats`).then((r) => r.json());
    expect(stats).toEqual({ requests: { [`${EVO_LISTING_PATHS.SKI}/rpp_200`]: 1 }, total: 1 });
    expect((await fetch(`${evo}/__sandbox/reset`, { method: 'POST' })).status).toBe(200);
    expect(await fetch(`${evo}/__sandbox/stats`).then((r) => r.json())).toEqual({ requests: {}, total: 0 });
  });
});

describe('failure injection', () => {
  it('status500 fails every request at failureRate 1, but control endpoints keep working', async () => {
    sandbox.backcountry.configure({ failureRate: 1, failureMode: 'status500' });
    expect((await fetch(`${sandbox.backcountry.baseUrl}/api/products/${bcId}`)).status).toBe(500);
    expect((await fetch(`${sandbox.backcountry.baseUrl}/__sandbox/stats`)).status).toBe(200);
    sandbox.backcountry.configure({ failureRate: 0 });
    expect((await fetch(`${sandbox.backcountry.baseUrl}/api/products/${bcId}`)).status).toBe(200);
  });

  it('malformed answers 200 with broken JSON from the API and a page cut inside its JSON-LD', async () => {
    sandbox.backcountry.configure({ failureRate: 1, failureMode: 'malformed' });
    const api = await fetch(`${sandbox.backcountry.baseUrl}/api/products/${bcId}`);
    expect(api.status).toBe(200);
    const text = await api.text();
    expect(() => JSON.parse(text)).toThrow();

    const config = await fetch(`${sandbox.evo.baseUrl}/__sandbox/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failureRate: 1, failureMode: 'malformed' }),
    });
    expect(config.status).toBe(200);
    const res = await fetch(sandbox.evo.baseUrl + evoPath);
    expect(res.status).toBe(200);
    const $ = cheerio.load(await res.text());
    const ld = $('script[type="application/ld+json"]').text();
    expect(() => JSON.parse(ld)).toThrow();
    expect($('.pdp-header-title').length).toBe(0);
  });

  it('hang never answers: the client times out, and close() still ends promptly', async () => {
    sandbox.evo.configure({ failureRate: 1, failureMode: 'hang' });
    const attempt = fetch(sandbox.evo.baseUrl + evoPath, { signal: AbortSignal.timeout(300) });
    await expect(attempt).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(sandbox.evo.stats().total).toBe(1);
    // A request left hanging while the sandbox closes is cut off rather than kept open.
    const pending = fetch(sandbox.evo.baseUrl + evoPath).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 50));
    await sandbox.close();
    expect(await pending).toBe('cut');
  });

  it('latency applies to the API too: a client that gives up first gets no answer', async () => {
    await fetch(`${sandbox.backcountry.baseUrl}/__sandbox/config`, { method: 'POST', body: JSON.stringify({ latencyMs: 5_000 }) });
    const attempt = fetch(`${sandbox.backcountry.baseUrl}/api/products/${bcId}`, { signal: AbortSignal.timeout(200) });
    await expect(attempt).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(sandbox.backcountry.stats().requests[`/api/products/${bcId}`]).toBe(1);
  });

  it('rejects a bad config with 400 and keeps the old one', async () => {
    const res = await fetch(`${sandbox.evo.baseUrl}/__sandbox/config`, { method: 'POST', body: JSON.stringify({ failureRate: 3 }) });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/failureRate/);
    expect((await fetch(sandbox.evo.baseUrl + evoPath)).status).toBe(200);
  });

  it('a partial failure rate fails some requests and serves the rest', async () => {
    const s2 = await startSandbox({ failureRate: 0.5 });
    try {
      const statuses = await Promise.all(Array.from({ length: 40 }, () => fetch(`${s2.backcountry.baseUrl}/api/products/${bcId}`).then((r) => r.status)));
      expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(5);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(5);
    } finally {
      await s2.close();
    }
  });
});
