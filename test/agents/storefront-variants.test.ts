import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeavyAgent } from '../../src/agents/heavy/index.js';
import { createLightAgent } from '../../src/agents/light/index.js';
import { VendorError } from '../../src/agents/types.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { evoListingPage } from '../../src/sandbox/evo-pages.js';
import { sandboxCatalog, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startFrontServer, type FrontServer } from './support/front-server.js';

/**
 * Storefronts that speak docs/storefronts.md but differ from the sandbox in what the doc allows:
 * an evo listing spread over several `rpp_200` pages, a backcountry that refuses comma lists.
 * A small HTTP server in front of the sandbox serves the difference and forwards the rest.
 */
const config = loadConfig({ AGENT_QUERY_TIMEOUT: '5' });
const logger = createLogger('silent');
let sandbox: Sandbox;
let front: FrontServer;
const helmets = () => sandboxCatalog().flatMap((p) => (p.category === 'HELMET' && p.evo ? [p.evo] : []));

beforeAll(async () => {
  sandbox = await startSandbox();
  front = await startFrontServer({
    upstream: (path) => (path.startsWith('/api/') ? sandbox.backcountry.baseUrl : sandbox.evo.baseUrl),
    answer: (path, res) => {
      const all = helmets();
      const pages: Record<string, { from: number; to: number; next: string | null }> = {
        '/shop/ski/helmets/rpp_200': { from: 0, to: 5, next: '/shop/ski/helmets/rpp_200/p_2' },
        '/shop/ski/helmets/rpp_200/p_2': { from: 5, to: all.length, next: '/shop/ski/helmets/rpp_200/p_3' },
        '/shop/ski/helmets/rpp_200/p_3': { from: all.length, to: all.length, next: null },
      };
      const page = pages[path];
      if (page) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(evoListingPage({ heading: 'Helmets', crumbs: '', listings: all.slice(page.from, page.to), nextHref: page.next }));
        return true;
      }
      if (path.startsWith('/api/products/') && path.includes(',')) {
        res.writeHead(400).end('{"error":"one id"}');
        return true;
      }
      return false;
    },
  });
});
afterAll(async () => {
  await front.close();
  await sandbox.close();
});

describe('evo listing pagination (rpp_200, p_N)', () => {
  it('walks every page until one has no cards, and reads each product once', async () => {
    const a = createHeavyAgent({ id: 'evo', kind: 'evo', baseUrl: front.url }, config, logger);
    front.hits.length = 0;
    const result = await a.crawlCatalog({ categories: ['HELMET'] });
    a.client.shutdown();
    expect(result.failures).toEqual([]);
    expect(result.records.map((r) => r.vendorProductId).sort()).toEqual(helmets().map((h) => h.vendorProductId).sort());
    expect(front.hits.filter((h) => h.startsWith('/shop/ski/helmets'))).toEqual([
      '/shop/ski/helmets/rpp_200', '/shop/ski/helmets/rpp_200/p_2', '/shop/ski/helmets/rpp_200/p_3',
    ]);
    for (const h of helmets()) expect(front.hits.filter((x) => x === h.path)).toHaveLength(1);
  });
});

describe('backcountry batch endpoint refused', () => {
  it('falls back to one request per id; unknown ids are NOT_FOUND', async () => {
    const a = createLightAgent({ id: 'backcountry', kind: 'backcountry', baseUrl: front.url }, config, logger);
    const listings = sandboxCatalog()
      .flatMap((p) => (p.backcountry ? [p.backcountry] : []))
      .slice(0, 4)
      .map((l) => ({ vendor: 'backcountry', vendorProductId: l.vendorProductId, url: l.path, title: l.title }));
    front.hits.length = 0;
    const slots = await a.getLiveMarketData([...listings, { vendor: 'backcountry', vendorProductId: 'NOPE000', url: '/x', title: 'x' }]);
    a.client.shutdown();
    expect(front.hits.filter((h) => h.includes(','))).toHaveLength(1);
    expect(front.hits.filter((h) => h.startsWith('/api/products/') && !h.includes(','))).toHaveLength(5);
    expect(slots.slice(0, 4).every((s) => !(s instanceof VendorError))).toBe(true);
    expect((slots[4] as VendorError).kind).toBe('NOT_FOUND');
    expect(a.client.isOpen()).toBe(false);
  });
});
