import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLightAgent, type LightVendorAgent } from '../../src/agents/light/index.js';
import { VendorError } from '../../src/agents/types.js';
import { loadConfig, type Config, type RetailerKind } from '../../src/config.js';
import type { LiveOffer } from '../../src/domain/live.js';
import type { Listing } from '../../src/domain/product.js';
import { createLogger } from '../../src/logger.js';
import { sandboxCatalog, startSandbox, type RetailListing, type Sandbox } from '../../src/sandbox/index.js';
import { backcountryApiWithoutSkus, evoPageWithoutOffers } from '../support/storefront-rewrites.js';
import { startFrontServer, type FrontServer } from './support/front-server.js';

const logger = createLogger('silent');
let sandbox: Sandbox;
const agents: LightVendorAgent[] = [];

function agent(kind: RetailerKind, config: Config = loadConfig({ AGENT_QUERY_TIMEOUT: '5' })): LightVendorAgent {
  const a = createLightAgent({ id: kind, kind, baseUrl: sandbox[kind].baseUrl }, config, logger);
  agents.push(a);
  return a;
}

const retail = (kind: RetailerKind): RetailListing[] => sandboxCatalog().flatMap((p) => (p[kind] ? [p[kind]] : []));
const toListing = (kind: RetailerKind, l: RetailListing): Listing => ({
  vendor: kind,
  vendorProductId: l.vendorProductId,
  url: `${sandbox[kind].baseUrl}${l.path}`,
  title: l.title,
});
const batch = (kind: RetailerKind, n: number, from = 0) => retail(kind).slice(from, from + n).map((l) => toListing(kind, l));

async function rejection(p: Promise<unknown>): Promise<VendorError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(VendorError);
  return err as VendorError;
}

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  agents.forEach((a) => a.client.shutdown());
  await sandbox.close();
});
beforeEach(() => {
  for (const kind of ['evo', 'backcountry'] as const) {
    sandbox[kind].configure({ failureRate: 0, latencyMs: 0 });
    sandbox[kind].resetStats();
  }
});

/** What the retailer's own data says the offer is (the sandbox is the retailer). */
function expectedPrice(l: RetailListing) {
  const buyable = l.sizes.filter((s) => s.status === 'inStock' || s.status === 'lowStock');
  const basis = buyable.length > 0 ? buyable : l.sizes;
  return Math.min(...basis.map((s) => s.salePrice));
}

describe('backcountry light agent', () => {
  it('a batch of 20 listings is exactly ONE request (the batch API)', async () => {
    const listings = batch('backcountry', 20);
    const offers = (await agent('backcountry').getLiveMarketData(listings)) as LiveOffer[];
    const stats = sandbox.backcountry.stats();
    expect(stats.total).toBe(1);
    expect(Object.keys(stats.requests)[0]).toBe(`/api/products/${listings.map((l) => l.vendorProductId).join(',')}`);
    expect(offers).toHaveLength(20);
    retail('backcountry').slice(0, 20).forEach((l, i) => {
      const o = offers[i]!;
      expect(o).not.toBeInstanceOf(VendorError);
      expect(o.vendorProductId).toBe(l.vendorProductId);
      expect(o.price).toEqual({ amount: expectedPrice(l), currencyCode: 'USD' });
      expect(o.sizes).toEqual(l.sizes.map((s) => ({ size: s.name, inStock: s.status === 'inStock' || s.status === 'lowStock', quantity: s.stockLevel })));
      expect(o.shipping).toBeNull(); // backcountry does not state shipping
    });
  });

  it('an unknown id is that slot NOT_FOUND; the others still answer', async () => {
    const listings = [...batch('backcountry', 2), { vendor: 'backcountry', vendorProductId: 'NOPE000', url: '/nope', title: 'x' }];
    const slots = await agent('backcountry').getLiveMarketData(listings);
    expect(sandbox.backcountry.stats().total).toBe(1);
    expect(slots[0]).not.toBeInstanceOf(VendorError);
    expect(slots[1]).not.toBeInstanceOf(VendorError);
    expect(slots[2]).toBeInstanceOf(VendorError);
    expect((slots[2] as VendorError).kind).toBe('NOT_FOUND');
  });

  it('more than 50 ids → one request per 50', async () => {
    const slots = await agent('backcountry').getLiveMarketData(batch('backcountry', 60));
    expect(sandbox.backcountry.stats().total).toBe(2);
    expect(slots.filter((s) => s instanceof VendorError)).toEqual([]);
  });
});

describe('evo light agent', () => {
  it('requests each product page exactly once, inside one agent call', async () => {
    const listings = batch('evo', 20);
    const twice = [...listings, listings[0]!]; // the same listing twice is still one page
    const offers = (await agent('evo').getLiveMarketData(twice)) as LiveOffer[];
    const stats = sandbox.evo.stats();
    expect(stats.total).toBe(20);
    for (const l of retail('evo').slice(0, 20)) expect(stats.requests[l.path]).toBe(1);
    retail('evo').slice(0, 20).forEach((l, i) => {
      const o = offers[i]!;
      expect(o.price).toEqual({ amount: expectedPrice(l), currencyCode: 'USD' });
      expect(o.listPrice).toEqual({ amount: l.minListPrice, currencyCode: 'USD' });
      expect(o.sizes).toEqual(l.sizes.map((s) => ({ size: s.name, inStock: s.status === 'inStock' || s.status === 'lowStock', quantity: null })));
      expect(o.shipping?.freeShippingThreshold).toEqual({ amount: 50, currencyCode: 'USD' });
      expect(o.shipping?.estimatedDaysMin).toBe(2);
      expect(o.shipping?.estimatedDaysMax).toBe(5);
    });
    expect(offers[20]).toEqual(offers[0]);
  });

  it('a missing product page is that slot NOT_FOUND', async () => {
    const listings = [...batch('evo', 1), { vendor: 'evo', vendorProductId: 'gone', url: '/snowboards/gone', title: 'x' }];
    const slots = await agent('evo').getLiveMarketData(listings);
    expect(slots[0]).not.toBeInstanceOf(VendorError);
    expect((slots[1] as VendorError).kind).toBe('NOT_FOUND');
  });
});

describe.each(['evo', 'backcountry'] as const)('%s: a whole-batch failure rejects with the right kind', (kind) => {
  it('status500 → ERROR', async () => {
    sandbox[kind].configure({ failureRate: 1, failureMode: 'status500' });
    expect((await rejection(agent(kind).getLiveMarketData(batch(kind, 5)))).kind).toBe('ERROR');
  });
  it('hang → TIMEOUT (short timeout config)', async () => {
    sandbox[kind].configure({ failureRate: 1, failureMode: 'hang' });
    const a = agent(kind, loadConfig({ AGENT_QUERY_TIMEOUT: '0.2' }));
    expect((await rejection(a.getLiveMarketData(batch(kind, 5)))).kind).toBe('TIMEOUT');
  });
  it('hang → TIMEOUT at the deadline, with no retry past it', async () => {
    sandbox[kind].configure({ failureRate: 1, failureMode: 'hang' });
    const a = agent(kind);
    const err = await rejection(a.getLiveMarketData(batch(kind, 3), { deadlineMs: Date.now() + 200 }));
    expect(err.kind).toBe('TIMEOUT');
    expect(sandbox[kind].stats().total).toBe(kind === 'evo' ? 3 : 1);
  });
  it('malformed → MALFORMED', async () => {
    sandbox[kind].configure({ failureRate: 1, failureMode: 'malformed' });
    expect((await rejection(agent(kind).getLiveMarketData(batch(kind, 5)))).kind).toBe('MALFORMED');
  });
  it('the breaker opens after repeated failures, then rejects with CIRCUIT_OPEN without a request', async () => {
    const a = agent(kind);
    sandbox[kind].configure({ failureRate: 1, failureMode: 'status500' });
    for (let i = 0; i < 5 && !a.client.isOpen(); i++) await rejection(a.getLiveMarketData(batch(kind, 2)));
    expect(a.client.isOpen()).toBe(true);
    sandbox[kind].configure({ failureRate: 0 });
    sandbox[kind].resetStats();
    expect((await rejection(a.getLiveMarketData(batch(kind, 2)))).kind).toBe('CIRCUIT_OPEN');
    expect(sandbox[kind].stats().total).toBe(0);
  });
});

describe('a read that says nothing is MALFORMED, and counts against the retailer only when the whole answer says nothing', () => {
  type Rewrite = (path: string, body: string) => string;
  let rewrite: Rewrite = (_p, b) => b;
  let front: FrontServer;
  beforeAll(async () => {
    front = await startFrontServer({
      upstream: (path) => (path.startsWith('/api/') ? sandbox.backcountry.baseUrl : sandbox.evo.baseUrl),
      rewrite: (path, body) => rewrite(path, body),
    });
  });
  afterAll(async () => {
    await front.close();
  });
  const frontAgent = (kind: RetailerKind) => {
    const a = createLightAgent({ id: kind, kind, baseUrl: front.url }, loadConfig({ AGENT_QUERY_TIMEOUT: '5' }), logger);
    agents.push(a);
    return a;
  };

  it('evo: pages without offer markup reject the batch as MALFORMED "unreadable offer", and open the breaker', async () => {
    rewrite = (path, body) => (path.startsWith('/shop') ? body : evoPageWithoutOffers(body));
    const a = frontAgent('evo');
    const err = await rejection(a.getLiveMarketData(batch('evo', 5)));
    expect(err.kind).toBe('MALFORMED');
    expect(err.message).toMatch(/unreadable offer/);
    expect(a.client.isOpen()).toBe(true); // five pages, five failures
  });

  it('backcountry: an answer in which no product states anything rejects as MALFORMED; five of them open the breaker', async () => {
    rewrite = (_path, body) => backcountryApiWithoutSkus(body);
    const a = frontAgent('backcountry');
    for (let i = 0; i < 5; i++) expect((await rejection(a.getLiveMarketData(batch('backcountry', 3, i * 3)))).kind).toBe('MALFORMED');
    expect(a.client.isOpen()).toBe(true);
  });

  it('backcountry: one silent product among readable ones is that slot MALFORMED; the call is not a breaker failure', async () => {
    const listings = batch('backcountry', 3);
    const silentId = listings[1]!.vendorProductId;
    rewrite = (_path, body) => {
      const answer = JSON.parse(body) as { products: { id: string }[] };
      answer.products = answer.products.map((p) => (p.id === silentId ? (JSON.parse(backcountryApiWithoutSkus(JSON.stringify(p))) as { id: string }) : p));
      return JSON.stringify(answer);
    };
    const a = frontAgent('backcountry');
    for (let i = 0; i < 6; i++) {
      const slots = await a.getLiveMarketData(listings);
      expect(slots[0]).not.toBeInstanceOf(VendorError);
      expect((slots[1] as VendorError).kind).toBe('MALFORMED');
      expect((slots[1] as VendorError).message).toMatch(/unreadable offer/);
      expect(slots[2]).not.toBeInstanceOf(VendorError);
    }
    expect(a.client.isOpen()).toBe(false);
  });

  it('backcountry: an id the answer neither returns nor lists as unknown is MALFORMED, not NOT_FOUND (silence is no delisting)', async () => {
    const listings = batch('backcountry', 2);
    rewrite = (_path, body) => {
      const answer = JSON.parse(body) as { products: { id: string }[]; notFound?: string[] };
      return JSON.stringify({ products: answer.products.slice(0, 1) });
    };
    const slots = await frontAgent('backcountry').getLiveMarketData(listings);
    expect(slots[0]).not.toBeInstanceOf(VendorError);
    expect((slots[1] as VendorError).kind).toBe('MALFORMED');
  });
});
