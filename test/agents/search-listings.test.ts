import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLightAgent, type LightVendorAgent } from '../../src/agents/light/index.js';
import { VendorError } from '../../src/agents/types.js';
import { loadConfig, type Config, type RetailerKind } from '../../src/config.js';
import { findBrand } from '../../src/domain/brands.js';
import type { VendorProductRecord } from '../../src/domain/product.js';
import { createLogger } from '../../src/logger.js';
import { sandboxCatalog, startSandbox, type RetailListing, type Sandbox, type SandboxProduct } from '../../src/sandbox/index.js';
import { startFrontServer, type FrontServer } from './support/front-server.js';

/**
 * The search-miss call (LightAgent.searchListings): one request per retailer to its own search
 * page, basic records from the cards only. Real HTTP to the sandbox storefronts, requests counted
 * at the storefront; the sandbox's catalog is the retailer's truth the expectations come from.
 */
const logger = createLogger('silent');
let sandbox: Sandbox;
const agents: LightVendorAgent[] = [];
const catalog = sandboxCatalog();

function agent(kind: RetailerKind, baseUrl = sandbox[kind].baseUrl, config: Config = loadConfig({ AGENT_QUERY_TIMEOUT: '5' })): LightVendorAgent {
  const a = createLightAgent({ id: kind, kind, baseUrl }, config, logger);
  agents.push(a);
  return a;
}

/** The sandbox product and its listing at `kind` behind a record. */
function truth(kind: RetailerKind, record: VendorProductRecord): { product: SandboxProduct; listing: RetailListing } {
  const product = catalog.find((p) => p[kind]?.vendorProductId === record.vendorProductId);
  expect(product, `${kind} lists ${record.vendorProductId}`).toBeDefined();
  return { product: product!, listing: product![kind]! };
}

async function rejection(p: Promise<unknown>): Promise<VendorError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(VendorError);
  return err as VendorError;
}

/** What no card says: every one of these stays null or empty. */
const UNSAID = { description: null, specs: [], features: [], sizes: [], reviews: [], gtin: null, mpn: null };

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  agents.forEach((a) => a.client.shutdown());
  await sandbox.close();
});
beforeEach(() => {
  for (const kind of ['evo', 'backcountry'] as const) {
    sandbox[kind].configure({ failureRate: 0, latencyMs: 0, failureMode: 'status500' });
    sandbox[kind].resetStats();
  }
});

describe('one light search call per retailer', () => {
  it('evo: exactly one request, to /shop?text=<words>', async () => {
    const records = await agent('evo').searchListings('  burton   custom ');
    expect(sandbox.evo.stats()).toEqual({ requests: { '/shop?text=burton+custom': 1 }, total: 1 });
    expect(records.length).toBeGreaterThan(1);
    expect(sandbox.backcountry.stats().total).toBe(0);
  });

  it('backcountry: exactly one request, to /search?q=<words>, page 1 only although the results have more pages', async () => {
    const records = await agent('backcountry').searchListings('snowboard');
    expect(sandbox.backcountry.stats()).toEqual({ requests: { '/search?q=snowboard': 1 }, total: 1 });
    // Every board, binding and boot matches ("Snowboards", "Snowboard Bindings", "Snowboard Boots").
    const matching = catalog.filter((p) => p.backcountry && ['SNOWBOARD', 'BINDING', 'BOOT'].includes(p.category));
    expect(matching.length).toBeGreaterThan(30); // more than one page of results exists
    expect(records).toHaveLength(30); // the first page's 30 products, no second request
  });

  it('limit keeps the first N in page order, still one request', async () => {
    const a = agent('evo');
    const all = await a.searchListings('snowboard');
    const first5 = await a.searchListings('snowboard', { limit: 5 });
    expect(first5).toEqual(all.slice(0, 5).map((r, i) => ({ ...r, fetchedAt: first5[i]!.fetchedAt })));
    expect(sandbox.evo.stats().total).toBe(2);
    await expect(a.searchListings('snowboard', { limit: 0 })).rejects.toBeInstanceOf(RangeError);
  });

  it('an empty query asks no retailer', async () => {
    expect(await agent('evo').searchListings('   ')).toEqual([]);
    expect(await agent('backcountry').searchListings('')).toEqual([]);
    expect(sandbox.evo.stats().total + sandbox.backcountry.stats().total).toBe(0);
  });
});

describe('the records carry what the cards say, and nulls elsewhere', () => {
  it('evo: title, brand read off the title, category by the URL folder, printed prices, the thumbnail', async () => {
    const records = await agent('evo').searchListings('snowboard');
    expect(records.length).toBeGreaterThan(30);
    for (const r of records) {
      const { product, listing } = truth('evo', r);
      expect(r).toMatchObject({
        ...UNSAID,
        vendor: 'evo',
        url: `${sandbox.evo.baseUrl}${listing.path}`,
        title: listing.title,
        // evo titles begin with the brand; a brand Hexar does not know cannot be cut off the title.
        brand: findBrand(listing.brand) ? listing.brand : null,
        category: listing.path.startsWith('/outlet/') ? null : product.category,
        rating: null, // evo's cards show no rating
        price: { amount: listing.onSale ? listing.minSalePrice : listing.minListPrice, currencyCode: 'USD' },
        listPrice: { amount: listing.minListPrice, currencyCode: 'USD' },
        year: /\d{4}$/.test(listing.title) ? product.year : null,
        gender: product.gender === 'WOMENS' || product.gender === 'KIDS' ? product.gender : null,
      });
      expect(r.images).toEqual([expect.stringMatching(new RegExp(`/imgp/250/.*/${listing.vendorProductId}-primary\\.jpg$`))]);
    }
    expect(records.some((r) => r.category === null)).toBe(true); // outlet cards are in there
    expect(records.some((r) => r.listPrice!.amount > r.price!.amount)).toBe(true); // and sale cards
  });

  it('evo: everyday-word brands (Ride) are read off the title too; unknown brands stay null', async () => {
    const a = agent('evo');
    const [ride] = await a.searchListings('ride wildlife');
    expect(ride).toMatchObject({ brand: 'Ride', title: 'Ride Wildlife Snowboard 2026' });
    const [nidecker] = await a.searchListings('nidecker rift');
    expect(nidecker).toMatchObject({ brand: null, title: 'Nidecker Rift Snowboard Boots 2026', category: 'BOOT' });
  });

  it('backcountry: name, brand, category word, gender by the link, sale and list price, image, rating where counted', async () => {
    const records = await agent('backcountry').searchListings('snowboard');
    for (const r of records) {
      const { product, listing } = truth('backcountry', r);
      expect(r).toMatchObject({
        ...UNSAID,
        vendor: 'backcountry',
        url: `${sandbox.backcountry.baseUrl}${listing.path}`,
        title: listing.title,
        brand: listing.brand,
        category: product.category,
        price: { amount: listing.minSalePrice, currencyCode: 'USD' },
        listPrice: { amount: listing.minListPrice, currencyCode: 'USD' },
        rating: listing.ratingAverage === null ? null : { average: listing.ratingAverage, count: listing.reviews.length },
        // Unisex products' links end without a gender, and their titles name none.
        gender: product.gender === 'UNISEX' ? null : product.gender,
      });
      expect(r.images).toEqual([expect.stringContaining(`/${listing.vendorProductId}/`)]);
    }
    expect(records.some((r) => r.rating !== null)).toBe(true);
    expect(records.some((r) => r.rating === null)).toBe(true);
  });
});

describe('no match is an answer, not a fault', () => {
  it.each(['evo', 'backcountry'] as const)('%s: a query nothing matches gives [], one request each, and the breaker stays closed', async (kind) => {
    const a = agent(kind);
    for (let i = 0; i < 8; i++) expect(await a.searchListings('zzzz nothing like this')).toEqual([]);
    expect(sandbox[kind].stats().total).toBe(8);
    expect(a.client.isOpen()).toBe(false);
    expect(await a.searchListings('snowboard')).not.toEqual([]);
  });

  describe('a storefront without a search page (404)', () => {
    let front: FrontServer;
    beforeAll(async () => {
      front = await startFrontServer({
        upstream: () => sandbox.evo.baseUrl,
        answer: (path, res) => {
          if (!path.startsWith('/shop')) return false;
          res.writeHead(404, { 'content-type': 'text/html' });
          res.end('<!DOCTYPE html><html><body><h1>Not found</h1></body></html>');
          return true;
        },
      });
    });
    afterAll(async () => {
      await front.close();
    });

    it('gives [] every time and never opens the breaker', async () => {
      const a = agent('evo', front.url);
      for (let i = 0; i < 8; i++) expect(await a.searchListings('burton custom')).toEqual([]);
      expect(front.hits).toHaveLength(8);
      expect(a.client.isOpen()).toBe(false);
    });
  });
});

describe.each(['evo', 'backcountry'] as const)('%s: a failing storefront rejects with a VendorError', (kind) => {
  it('status500 → ERROR (the vendor client retries once while the deadline leaves room)', async () => {
    sandbox[kind].configure({ failureRate: 1, failureMode: 'status500' });
    expect((await rejection(agent(kind).searchListings('burton custom'))).kind).toBe('ERROR');
    expect(sandbox[kind].stats().total).toBe(2);
  });

  it('malformed page → MALFORMED', async () => {
    sandbox[kind].configure({ failureRate: 1, failureMode: 'malformed' });
    expect((await rejection(agent(kind).searchListings('burton custom'))).kind).toBe('MALFORMED');
  });

  it('hang → TIMEOUT at the deadline, one request, no retry past it', async () => {
    sandbox[kind].configure({ failureRate: 1, failureMode: 'hang' });
    const err = await rejection(agent(kind).searchListings('burton custom', { deadlineMs: Date.now() + 200 }));
    expect(err.kind).toBe('TIMEOUT');
    expect(sandbox[kind].stats().total).toBe(1);
  });

  it('repeated failures open the breaker; then CIRCUIT_OPEN without a request', async () => {
    const a = agent(kind);
    sandbox[kind].configure({ failureRate: 1, failureMode: 'status500' });
    for (let i = 0; i < 5 && !a.client.isOpen(); i++) await rejection(a.searchListings('burton custom'));
    expect(a.client.isOpen()).toBe(true);
    sandbox[kind].configure({ failureRate: 0 });
    sandbox[kind].resetStats();
    expect((await rejection(a.searchListings('burton custom'))).kind).toBe('CIRCUIT_OPEN');
    expect(sandbox[kind].stats().total).toBe(0);
  });
});
