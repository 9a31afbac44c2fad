import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHeavyAgent } from '../../src/agents/heavy/index.js';
import { createLightAgent, type LightVendorAgent } from '../../src/agents/light/index.js';
import { StaticProductShape } from '../../src/cache/shapes.js';
import { mergeVendorRecords } from '../../src/catalog/matching.js';
import { isProvisional, PROVISIONAL_MESSAGE, provisionalProducts, provisionalProductsDetailed } from '../../src/catalog/provisional-products.js';
import { loadConfig, type RetailerKind } from '../../src/config.js';
import { emptyAnalysis, type StaticProduct } from '../../src/domain/product.js';
import { createLogger } from '../../src/logger.js';
import { sandboxCatalog, startSandbox, type Sandbox } from '../../src/sandbox/index.js';

/**
 * Provisional products: the search-miss answer built from both retailers' search cards (real HTTP
 * to the sandbox storefronts), through the real matching, PENDING until the crawl lands.
 */
const config = loadConfig({ AGENT_QUERY_TIMEOUT: '5' });
const logger = createLogger('silent');
const NOW = new Date('2026-01-15T12:00:00.000Z');
let sandbox: Sandbox;
const agents: LightVendorAgent[] = [];

// A men's board both retailers carry, reviewed at backcountry: the case that shows every rule at once.
const board = sandboxCatalog().find(
  (p) => p.category === 'SNOWBOARD' && p.gender === 'MENS' && p.evo && !p.evo.path.startsWith('/outlet/') && p.backcountry && p.backcountry.reviews.length > 0,
)!;
const query = `${board.brand} ${board.model}`;

const light = (kind: RetailerKind) => {
  const a = createLightAgent({ id: kind, kind, baseUrl: sandbox[kind].baseUrl }, config, logger);
  agents.push(a);
  return a;
};

/** Both retailers' search cards for `words`, one request each. */
async function searchBoth(words: string) {
  const [evo, backcountry] = await Promise.all([light('evo').searchListings(words), light('backcountry').searchListings(words)]);
  return [...evo, ...backcountry];
}

const holding = (products: StaticProduct[], vendor: string, id: string) =>
  products.filter((p) => p.listings.some((l) => l.vendor === vendor && l.vendorProductId === id));

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  agents.forEach((a) => a.client.shutdown());
  await sandbox.close();
});
beforeEach(() => {
  sandbox.evo.resetStats();
  sandbox.backcountry.resetStats();
});

describe('provisional products from the retailers\u2019 search pages', () => {
  it('the same board at both retailers is ONE product with both listings, PENDING, and nothing the cards do not say', async () => {
    const products = provisionalProducts(await searchBoth(query), NOW);
    expect(sandbox.evo.stats().total).toBe(1);
    expect(sandbox.backcountry.stats().total).toBe(1);

    const evo = board.evo!;
    const bc = board.backcountry!;
    const [product] = holding(products, 'evo', evo.vendorProductId);
    expect(holding(products, 'backcountry', bc.vendorProductId)).toEqual([product]);
    expect(product!.listings).toEqual([
      { vendor: 'backcountry', vendorProductId: bc.vendorProductId, url: `${sandbox.backcountry.baseUrl}${bc.path}`, title: bc.title },
      { vendor: 'evo', vendorProductId: evo.vendorProductId, url: `${sandbox.evo.baseUrl}${evo.path}`, title: evo.title },
    ]);
    expect(product).toMatchObject({
      category: 'SNOWBOARD',
      year: board.year,
      gender: 'MENS', // backcountry's link says so; evo's card does not
      description: null,
      reviews: [],
      specs: { flex: null, profile: null, shape: null, terrain: [], skillLevels: [], sizes: [], lengthsCm: [], waistWidthMm: null, raw: [] },
      // Only backcountry's card shows a rating; evo's shows none.
      rating: { average: bc.ratingAverage, count: bc.reviews.length },
      lastKnownPrice: { amount: Math.min(evo.onSale ? evo.minSalePrice : evo.minListPrice, bc.minSalePrice), currencyCode: 'USD' },
      analysis: emptyAnalysis('PENDING', PROVISIONAL_MESSAGE),
      updatedAt: NOW.toISOString(),
    });
    expect(product!.images).toHaveLength(2); // the two cards' pictures
    expect(products.every(isProvisional)).toBe(true);
  });

  it('every provisional product fits the static shape the query tier caches', async () => {
    const products = provisionalProducts(await searchBoth('snowboard'), NOW);
    expect(products.length).toBeGreaterThan(30);
    for (const p of products) expect(StaticProductShape.safeParse(p).error).toBeUndefined();
  });

  it('carries the id the full product has once its crawl lands', async () => {
    const [provisional] = holding(provisionalProducts(await searchBoth(query), NOW), 'evo', board.evo!.vendorProductId);
    const crawled = await Promise.all(
      (['evo', 'backcountry'] as const).map(async (kind) => {
        const heavy = createHeavyAgent({ id: kind, kind, baseUrl: sandbox[kind].baseUrl }, config, logger);
        try {
          return await heavy.fetchProduct(board[kind]!.path);
        } finally {
          heavy.client.shutdown();
        }
      }),
    );
    const [full] = mergeVendorRecords(crawled, NOW);
    expect(full!.specs.raw.length).toBeGreaterThan(0); // the real thing, with what the cards lacked
    expect(isProvisional(full!)).toBe(false);
    expect(provisional!.id).toBe(full!.id);
  });

  it('a card matching cannot name (an unknown brand in the title) is skipped, never guessed', async () => {
    const { products, skipped } = provisionalProductsDetailed(await searchBoth('nidecker rift'), NOW);
    // backcountry states the brand apart, so its card is a product; evo's card names it only in a title
    // whose brand Hexar does not know, so where the brand ends is unknown.
    expect(products.map((p) => [p.brand, p.listings.map((l) => l.vendor)])).toEqual([['Nidecker', ['backcountry']]]);
    expect(skipped).toEqual([{ vendor: 'evo', vendorProductId: 'nidecker-rift-snowboard-boots-2026', reason: 'NO_BRAND' }]);
  });
});
