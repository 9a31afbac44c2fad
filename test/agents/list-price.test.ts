import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeavyAgent } from '../../src/agents/heavy/index.js';
import { createLightAgent } from '../../src/agents/light/index.js';
import { backcountryOffer, readBackcountryProduct } from '../../src/agents/pages/backcountry.js';
import { readEvoOffer, readEvoProduct } from '../../src/agents/pages/evo.js';
import { backcountryProfile } from '../../src/agents/sites/backcountry.js';
import { evoProfile } from '../../src/agents/sites/evo.js';
import { VendorError } from '../../src/agents/types.js';
import { loadConfig } from '../../src/config.js';
import type { LiveOffer } from '../../src/domain/live.js';
import { createLogger } from '../../src/logger.js';
import { apiProduct, nextDataProduct } from '../../src/sandbox/backcountry-data.js';
import { evoProductPage } from '../../src/sandbox/evo-pages.js';
import { sandboxCatalog, startSandbox, type RetailListing, type RetailSize, type Sandbox, type SandboxProduct } from '../../src/sandbox/index.js';

/**
 * A list price is what the retailer prints as the regular price of the offer we report:
 * null when it prints none, never below the price, and from the same basis as the price.
 */

const BASE = 'http://evo.test';
const boardOf = (kind: 'evo' | 'backcountry'): SandboxProduct => sandboxCatalog().find((p) => p.category === 'SNOWBOARD' && p[kind] && p[kind].sizes.length >= 2)!;

/** A retailer listing with the given sizes (the sandbox data model, so the page is the retailer's own format). */
function withSizes(l: RetailListing, sizes: Pick<RetailSize, 'listPrice' | 'salePrice' | 'status'>[]): RetailListing {
  const full = sizes.map((s, i) => ({ ...l.sizes[i % l.sizes.length]!, name: `15${i}`, sku: `${l.vendorProductId}-${i}`, ...s, stockLevel: s.status === 'inStock' ? 5 : 0, backorderLevel: 0 }));
  return {
    ...l,
    sizes: full,
    minListPrice: Math.min(...full.map((s) => s.listPrice)),
    minSalePrice: Math.min(...full.map((s) => s.salePrice)),
    onSale: full.some((s) => s.salePrice < s.listPrice),
  };
}

describe('evo: list price only as printed, never below the offer price', () => {
  const p = boardOf('evo');
  const page = (l: RetailListing) => evoProductPage(p, l, BASE);
  const url = (l: RetailListing) => `${BASE}${l.path}`;

  it('no .pdp-price-regular on the page → listPrice null and discountPercent null (not the sale price)', () => {
    const l = withSizes(p.evo!, [{ listPrice: 500, salePrice: 400, status: 'inStock' }, { listPrice: 500, salePrice: 400, status: 'inStock' }]);
    const html = page(l).replace(/<span class="pdp-price-regular">[^<]*<\/span>/, '');
    expect(html).not.toContain('pdp-price-regular');
    const offer = readEvoOffer(html, url(l), 'evo', l.vendorProductId, evoProfile);
    expect(offer.price).toEqual({ amount: 400, currencyCode: 'USD' });
    expect(offer.listPrice).toBeNull();
    expect(offer.discountPercent).toBeNull();
    const record = readEvoProduct(html, url(l), 'evo', evoProfile);
    expect(record.price).toEqual({ amount: 400, currencyCode: 'USD' });
    expect(record.listPrice).toBeNull();
  });

  it('printed regular (lowest list over sizes) below the in-stock offer price → listPrice null, discountPercent null', () => {
    // The cheap size is sold out; the printed regular price is the sold-out size's, lower than what can be bought.
    const l = withSizes(p.evo!, [{ listPrice: 400, salePrice: 300, status: 'outOfStock' }, { listPrice: 600, salePrice: 550, status: 'inStock' }]);
    const html = page(l);
    expect(html).toContain('<span class="pdp-price-regular">$400.00</span>');
    const offer = readEvoOffer(html, url(l), 'evo', l.vendorProductId, evoProfile);
    expect(offer.price).toEqual({ amount: 550, currencyCode: 'USD' });
    expect(offer.listPrice).toBeNull();
    expect(offer.discountPercent).toBeNull();
  });

  it('the printed regular price at or above the offer price is the list price, with its discount', () => {
    const l = withSizes(p.evo!, [{ listPrice: 500, salePrice: 400, status: 'inStock' }, { listPrice: 500, salePrice: 500, status: 'inStock' }]);
    const offer = readEvoOffer(page(l), url(l), 'evo', l.vendorProductId, evoProfile);
    expect(offer.price).toEqual({ amount: 400, currencyCode: 'USD' });
    expect(offer.listPrice).toEqual({ amount: 500, currencyCode: 'USD' });
    expect(offer.discountPercent).toBe(20);
    const record = readEvoProduct(page(l), url(l), 'evo', evoProfile);
    expect(record.listPrice).toEqual({ amount: 500, currencyCode: 'USD' });
  });
});

describe('backcountry: price and list price from the same sku', () => {
  const p = boardOf('backcountry');

  it('the list price is the chosen sku\'s, so the discount is that sku\'s', () => {
    // Cheapest buyable sku: 350 off 500 (30%). The lowest list price (400) belongs to another sku.
    const l = withSizes(p.backcountry!, [{ listPrice: 500, salePrice: 350, status: 'inStock' }, { listPrice: 400, salePrice: 400, status: 'inStock' }]);
    const offer = backcountryOffer(apiProduct(l), 'backcountry', l.vendorProductId, l.path, backcountryProfile);
    expect(offer.price).toEqual({ amount: 350, currencyCode: 'USD' });
    expect(offer.listPrice).toEqual({ amount: 500, currencyCode: 'USD' });
    expect(offer.discountPercent).toBe(30);
  });

  it('a sku whose list price is below its sale price → listPrice null, discountPercent null', () => {
    const l = withSizes(p.backcountry!, [{ listPrice: 300, salePrice: 350, status: 'inStock' }, { listPrice: 500, salePrice: 450, status: 'inStock' }]);
    const offer = backcountryOffer(apiProduct(l), 'backcountry', l.vendorProductId, l.path, backcountryProfile);
    expect(offer.price).toEqual({ amount: 350, currencyCode: 'USD' });
    expect(offer.listPrice).toBeNull();
    expect(offer.discountPercent).toBeNull();
  });

  it('the crawl record takes its list price from the same sku as its price', () => {
    const l = withSizes(p.backcountry!, [{ listPrice: 500, salePrice: 350, status: 'outOfStock' }, { listPrice: 400, salePrice: 400, status: 'inStock' }]);
    const nextData = { props: { pageProps: { product: nextDataProduct(p, l) } } };
    const html = `<!doctype html><html><head></head><body><script id="__NEXT_DATA__" type="application/json">${JSON.stringify(nextData)}</script></body></html>`;
    const record = readBackcountryProduct(html, `http://bc.test${l.path}`, 'backcountry', backcountryProfile);
    expect(record.price).toEqual({ amount: 350, currencyCode: 'USD' });
    expect(record.listPrice).toEqual({ amount: 500, currencyCode: 'USD' });
  });
});

describe.each(['evo', 'backcountry'] as const)('%s on the sandbox: list price and discount agree with the offer priced', (kind) => {
  const config = loadConfig({ AGENT_QUERY_TIMEOUT: '5' });
  const logger = createLogger('silent');
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('live offers: listPrice ≥ price, and discountPercent is the priced size\'s own discount', async () => {
    const listings = sandboxCatalog().flatMap((p) => (p[kind] ? [p[kind]] : [])).slice(0, 40);
    const a = createLightAgent({ id: kind, kind, baseUrl: sandbox[kind].baseUrl }, config, logger);
    const offers = await a.getLiveMarketData(listings.map((l) => ({ vendor: kind, vendorProductId: l.vendorProductId, url: l.path, title: l.title })));
    a.client.shutdown();
    let discounted = 0;
    listings.forEach((l, i) => {
      const o = offers[i] as LiveOffer;
      expect(o).not.toBeInstanceOf(VendorError);
      const buyable = l.sizes.filter((s) => s.status === 'inStock' || s.status === 'lowStock');
      const basis = buyable.length > 0 ? buyable : l.sizes;
      const priced = basis.reduce((m, s) => (s.salePrice < m.salePrice ? s : m));
      expect(o.price?.amount).toBe(priced.salePrice);
      expect(o.listPrice?.amount).toBe(priced.listPrice);
      expect(o.listPrice!.amount).toBeGreaterThanOrEqual(o.price!.amount);
      const expected = priced.salePrice < priced.listPrice ? Math.round(((priced.listPrice - priced.salePrice) / priced.listPrice) * 100) : null;
      expect(o.discountPercent).toBe(expected);
      if (expected !== null) discounted++;
    });
    expect(discounted).toBeGreaterThan(0);
  });

  it('crawl records: listPrice ≥ price', async () => {
    const a = createHeavyAgent({ id: kind, kind, baseUrl: sandbox[kind].baseUrl }, config, logger);
    const { records, failures } = await a.crawlCatalog({ categories: ['SNOWBOARD'] });
    a.client.shutdown();
    expect(failures).toEqual([]);
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(r.listPrice!.amount).toBeGreaterThanOrEqual(r.price!.amount);
  });
});
