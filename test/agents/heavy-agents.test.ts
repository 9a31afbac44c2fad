import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeavyAgent, type HeavyVendorAgent } from '../../src/agents/heavy/index.js';
import { loadConfig, type RetailerKind } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { sandboxCatalog, startSandbox, type Sandbox, type SandboxProduct } from '../../src/sandbox/index.js';
import type { CrawlResult } from '../../src/agents/types.js';

const config = loadConfig({ AGENT_QUERY_TIMEOUT: '5' });
const logger = createLogger('silent');
let sandbox: Sandbox;
const agents: HeavyVendorAgent[] = [];

function agent(kind: RetailerKind, id: string = kind): HeavyVendorAgent {
  const a = createHeavyAgent({ id, kind, baseUrl: sandbox[kind].baseUrl }, config, logger);
  agents.push(a);
  return a;
}

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  agents.forEach((a) => a.client.shutdown());
  await sandbox.close();
});

describe.each(['evo', 'backcountry'] as const)('%s heavy agent crawls the whole sandbox catalog', (kind) => {
  const catalog = sandboxCatalog().filter((p) => p[kind] !== null);
  let result: CrawlResult;
  let pathHits: Record<string, number>;
  beforeAll(async () => {
    sandbox[kind].resetStats();
    // A configured id that is not the kind: identity comes from configuration, never from the host.
    result = await agent(kind, `${kind}-mirror`).crawlCatalog();
    pathHits = sandbox[kind].stats().requests;
  });
  const listing = (p: SandboxProduct) => p[kind]!;

  it('finds every product the retailer lists, with no failures', () => {
    expect(result.failures).toEqual([]);
    expect(result.records.map((r) => r.vendorProductId).sort()).toEqual(catalog.map((p) => listing(p).vendorProductId).sort());
    expect(new Set(result.records.map((r) => r.vendor))).toEqual(new Set([`${kind}-mirror`]));
  });

  it('reads each product page exactly once', () => {
    for (const p of catalog) expect(pathHits[listing(p).path], listing(p).path).toBe(1);
  });

  it('records carry title, brand, category, specs, sizes, prices and reviews as the retailer shows them', () => {
    const byId = new Map(result.records.map((r) => [r.vendorProductId, r]));
    for (const p of catalog) {
      const l = listing(p);
      const r = byId.get(l.vendorProductId)!;
      expect(r.title).toBe(l.title);
      expect(r.brand).toBe(l.brand);
      expect(r.category).toBe(p.category);
      expect(r.gender).toBe(p.gender);
      expect(r.sizes).toEqual(l.sizes.map((s) => s.name));
      expect(r.specs.length).toBeGreaterThan(0);
      expect(r.price).toEqual({ amount: l.minSalePrice, currencyCode: 'USD' });
      expect(r.listPrice).toEqual({ amount: l.minListPrice, currencyCode: 'USD' });
      expect(r.mpn ?? p.mpn).toBe(p.mpn);
      expect(r.reviews).toHaveLength(l.reviews.length);
      if (l.reviews.length > 0) {
        expect(r.rating).toEqual({ average: l.ratingAverage, count: l.reviews.length });
        expect(r.reviews[0]).toEqual({ ...l.reviews[0] });
      }
    }
  });

  it('a product without reviews has rating null and reviews []', () => {
    const unreviewed = catalog.filter((p) => listing(p).reviews.length === 0);
    expect(unreviewed.length).toBeGreaterThan(0);
    for (const p of unreviewed) {
      const r = result.records.find((x) => x.vendorProductId === listing(p).vendorProductId)!;
      expect(r.rating).toBeNull();
      expect(r.reviews).toEqual([]);
    }
  });

  it('reads the year from the title when the title states one', () => {
    for (const r of result.records) {
      const p = catalog.find((x) => listing(x).vendorProductId === r.vendorProductId)!;
      if (p.year !== null && r.title.includes(String(p.year))) expect(r.year).toBe(p.year);
    }
  });
});

describe('a category the retailer lacks', () => {
  it('is skipped (404), not a failure, and never trips the breaker', async () => {
    const bc = agent('backcountry');
    sandbox.backcountry.resetStats();
    for (let i = 0; i < 8; i++) {
      const result = await bc.crawlCatalog({ categories: ['GOGGLE'] });
      expect(result).toEqual({ records: [], failures: [] });
    }
    expect(sandbox.backcountry.stats().requests['/ski-goggles?page=1']).toBe(8);
    expect(bc.client.isOpen()).toBe(false);
    const helmets = await bc.crawlCatalog({ categories: ['HELMET'] });
    expect(helmets.records.length).toBe(sandboxCatalog().filter((p) => p.category === 'HELMET' && p.backcountry).length);
  });
});

describe('a failing product page', () => {
  it('goes into failures and the crawl continues', async () => {
    const evo = agent('evo');
    const expected = sandboxCatalog().filter((p) => p.category === 'HELMET' && p.evo).length;
    // Every request fails: the listing page breaks, which is a failure (not a skipped 404).
    sandbox.evo.configure({ failureRate: 1, failureMode: 'status500' });
    const broken = await evo.crawlCatalog({ categories: ['HELMET'] });
    sandbox.evo.configure({ failureRate: 0 });
    expect(broken.records).toEqual([]);
    expect(broken.failures).toEqual([expect.objectContaining({ kind: 'ERROR' })]);
    const ok = await agent('evo').crawlCatalog({ categories: ['HELMET'] });
    expect(ok.records).toHaveLength(expected);
  });

  it('fetchProduct reads one page in full; a malformed page is MALFORMED', async () => {
    const p = sandboxCatalog().find((x) => x.evo && x.evo.reviews.length > 0)!;
    const evo = agent('evo');
    const record = await evo.fetchProduct(`${sandbox.evo.baseUrl}${p.evo!.path}`);
    expect(record).toMatchObject({ vendor: 'evo', vendorProductId: p.evo!.vendorProductId, title: p.evo!.title, description: p.description });
    expect(record.features).toEqual(p.features);
    sandbox.evo.configure({ failureRate: 1, failureMode: 'malformed' });
    await expect(evo.fetchProduct(p.evo!.path)).rejects.toMatchObject({ kind: 'MALFORMED' });
    sandbox.evo.configure({ failureRate: 0 });
  });
});
