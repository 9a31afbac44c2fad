import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PriceBook, sandboxCatalog, startSandbox, type Sandbox } from '../../src/sandbox/index.js';

const listings = sandboxCatalog().flatMap((p) => (p.backcountry ? [p.backcountry] : []));

describe('sandbox price moves: a deterministic schedule', () => {
  it('two processes at the same time show the same moves; about one listing in ten moves per step; no move without a schedule', () => {
    const at = Date.parse('2026-12-01T10:00:00Z');
    const a = new PriceBook(120_000, () => at);
    const b = new PriceBook(120_000, () => at + 30_000); // same two-minute step
    const moved = listings.filter((l) => a.view('backcountry', l) !== l);
    expect(listings.map((l) => JSON.stringify(a.view('backcountry', l)))).toEqual(listings.map((l) => JSON.stringify(b.view('backcountry', l))));
    expect(moved.length).toBeGreaterThan(listings.length * 0.04);
    expect(moved.length).toBeLessThan(listings.length * 0.2);
    for (const l of moved) {
      const shown = a.view('backcountry', l);
      const changed = shown.sizes.some((s, i) => s.salePrice !== l.sizes[i]!.salePrice || s.status !== l.sizes[i]!.status);
      expect(changed).toBe(true);
      for (const s of shown.sizes) expect(s.salePrice).toBeLessThanOrEqual(s.listPrice);
    }
    const next = new PriceBook(120_000, () => at + 120_000);
    expect(listings.filter((l) => next.view('backcountry', l) !== l)).not.toEqual(moved);
    const off = new PriceBook(null, () => at);
    expect(listings.every((l) => off.view('backcountry', l) === l)).toBe(true);
  });
});

describe('POST /__sandbox/price', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });
  const post = (base: string, body: unknown) =>
    fetch(`${base}/__sandbox/price`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('sets a price and a size stock that the product API then shows; bad input is a 4xx with a message', async () => {
    const l = listings[0]!;
    const price = Math.round(l.minSalePrice * 0.5 * 100) / 100;
    const size = l.sizes[0]!.name;
    expect((await post(sandbox.backcountry.baseUrl, { vendorProductId: l.vendorProductId, price })).status).toBe(200);
    expect((await post(sandbox.backcountry.baseUrl, { vendorProductId: l.vendorProductId, size, status: 'outOfStock' })).status).toBe(200);
    const api = (await (await fetch(`${sandbox.backcountry.baseUrl}/api/products/${l.vendorProductId}`)).json()) as any;
    expect(api.minSalePrice).toBe(price);
    expect(api.skus.find((s: any) => s.size.name === size).availability.status).toBe('outOfStock');
    expect((await post(sandbox.backcountry.baseUrl, { vendorProductId: 'NOPE000', price: 10 })).status).toBe(404);
    const bad = await post(sandbox.backcountry.baseUrl, { vendorProductId: l.vendorProductId, price: -1 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error).toMatch(/price must be a number > 0/);
    expect((await post(sandbox.backcountry.baseUrl, { vendorProductId: l.vendorProductId, size: 'XXL-nope', status: 'inStock' })).status).toBe(400);
    // evo's product page shows its own moves.
    const evo = sandboxCatalog().find((p) => p.evo)!.evo!;
    expect((await post(sandbox.evo.baseUrl, { vendorProductId: evo.vendorProductId, price: 12.34 })).status).toBe(200);
    expect(await (await fetch(`${sandbox.evo.baseUrl}${evo.path}`)).text()).toContain('"price":"12.34"');
  });
});
