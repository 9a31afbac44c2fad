import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVO_LISTING_PATHS, sandboxCatalog, startSandbox, type Sandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
const catalog = sandboxCatalog();

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

async function page(path: string): Promise<{ status: number; $: cheerio.CheerioAPI; body: string }> {
  const res = await fetch(sandbox.evo.baseUrl + path);
  const body = await res.text();
  return { status: res.status, $: cheerio.load(body), body };
}

const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const PRICE = /^\$\d{1,3}(,\d{3})*\.\d{2}( \$\d{1,3}(,\d{3})*\.\d{2} Sale)?$/;

describe('evo listing pages', () => {
  it('lists every evo snowboard as a card with title, href and a price in evo format', async () => {
    const { status, $ } = await page(`${EVO_LISTING_PATHS.SNOWBOARD}/rpp_200`);
    expect(status).toBe(200);
    const expected = catalog.filter((p) => p.category === 'SNOWBOARD' && p.evo);
    const cards = $('.product-thumb');
    expect(cards.length).toBe(expected.length);
    const first = expected[0]!.evo!;
    const card = $(`.product-thumb[data-productid="${first.vendorProductId}"]`);
    expect(card.find('.product-thumb-title').text()).toBe(first.title);
    expect(card.find('a.product-thumb-link').attr('href')).toBe(first.path);
    cards.each((_, el) => {
      expect($(el).find('.product-thumb-price').text()).toMatch(PRICE);
    });
    const onSale = expected.find((p) => p.evo!.onSale)!.evo!;
    expect($(`.product-thumb[data-productid="${onSale.vendorProductId}"] .product-thumb-price`).text()).toMatch(/ Sale$/);
    expect($('a.pagination-next').length).toBe(0);
  });

  it('paginates with rpp_N/p_M, a Next link while more remain, and no cards past the last page', async () => {
    const total = catalog.filter((p) => p.category === 'SKI' && p.evo).length;
    const p1 = await page(`${EVO_LISTING_PATHS.SKI}/rpp_24`);
    expect(p1.$('.product-thumb').length).toBe(Math.min(24, total));
    expect(p1.$('a.pagination-next').attr('href')).toBe(`${EVO_LISTING_PATHS.SKI}/rpp_24/p_2`);
    const p2 = await page(`${EVO_LISTING_PATHS.SKI}/rpp_24/p_2`);
    expect(p2.$('.product-thumb').length).toBe(total - 24);
    expect(p2.$('a.pagination-next').length).toBe(0);
    const ids1 = p1.$('.product-thumb').map((_, e) => p1.$(e).attr('data-productid')).get();
    const ids2 = p2.$('.product-thumb').map((_, e) => p2.$(e).attr('data-productid')).get();
    expect(ids1.filter((id) => ids2.includes(id))).toEqual([]);
    const past = await page(`${EVO_LISTING_PATHS.SKI}/rpp_24/p_9`);
    expect(past.status).toBe(200);
    expect(past.$('.product-thumb').length).toBe(0);
  });

  it('answers 404 for a category path it does not have', async () => {
    expect((await page('/shop/snowboard/splitboards/rpp_200')).status).toBe(404);
    expect((await page('/snowboards/no-such-board-2026')).status).toBe(404);
  });

  it('searches all categories with /shop?text=', async () => {
    const { $ } = await page('/shop?text=burton%20custom');
    const titles = $('.product-thumb-title').map((_, e) => $(e).text()).get();
    expect(titles.length).toBeGreaterThan(0);
    for (const t of titles) expect(t.toLowerCase()).toMatch(/burton.*custom/);
  });
});

describe('evo product pages', () => {
  const reviewed = catalog.find((p) => p.evo && p.evo.reviews.length >= 3 && p.evo.sizes.length >= 3)!;
  const unreviewed = catalog.find((p) => p.evo && p.evo.reviews.length === 0)!;

  it('carries a parseable schema.org Product with one Offer per size and shipping details', async () => {
    const { status, $ } = await page(reviewed.evo!.path);
    expect(status).toBe(200);
    const ld = JSON.parse($('script[type="application/ld+json"]').first().text());
    expect(ld['@type']).toBe('Product');
    expect(ld.name).toBe(reviewed.evo!.title);
    expect(ld.brand).toEqual({ '@type': 'Brand', name: reviewed.brand });
    expect(ld.mpn).toBe(reviewed.mpn);
    expect(ld.offers.map((o: { name: string }) => o.name)).toEqual(reviewed.sizes);
    expect(ld.offers.map((o: { price: string }) => Number(o.price))).toEqual(reviewed.evo!.sizes.map((s) => s.salePrice));
    expect(ld.offers[0].shippingDetails.shippingRate.value).toBe(0);
    expect(ld.offers[0].shippingDetails.deliveryTime.transitTime).toMatchObject({ minValue: 2, maxValue: 5, unitCode: 'DAY' });
    expect(ld.aggregateRating.reviewCount).toBe(reviewed.evo!.reviews.length);
    expect($('.pdp-shipping-message').text()).toBe('Free Shipping on orders over $50');
    expect($('h1.pdp-header-title').text()).toBe(reviewed.evo!.title);
  });

  it('shows specs, sizes with unavailable ones marked, a size chart and PowerReviews markup', async () => {
    const { $ } = await page(reviewed.evo!.path);
    const specs = Object.fromEntries(
      $('.pdp-spec-list-item').map((_, e) => [[$(e).find('.pdp-spec-list-title').text(), $(e).find('.pdp-spec-list-description').text()]]).get(),
    );
    if (reviewed.specs.abilityLevels.length > 0) expect(specs['Ability Level']).toBeTruthy();
    expect($('.pdp-selection .pdp-selection-text').map((_, e) => $(e).text()).get()).toEqual(reviewed.sizes);
    const out = reviewed.evo!.sizes.filter((s) => s.status === 'outOfStock').length;
    expect($('.pdp-selection.pdp-selection-unavailable').length).toBe(out);
    expect($('.pr-review').length).toBe(reviewed.evo!.reviews.length);
    expect($('.pr-snippet-review-count').text()).toBe(`${reviewed.evo!.reviews.length} Reviews`);
    expect(Number($('.pr-snippet-rating-decimal').text())).toBe(reviewed.evo!.ratingAverage);
    const r0 = reviewed.evo!.reviews[0]!;
    expect($('.pr-review').first().find('.pr-rd-description-text').text()).toBe(r0.body);
    expect($('.pr-review').first().find('.pr-rd-star-rating').attr('data-rating')).toBe(String(r0.rating));
    expect($('.pr-review').first().find('time').attr('datetime')).toBe(r0.date);
  });

  it('has no review widget and no aggregateRating for a product without reviews', async () => {
    const { $ } = await page(unreviewed.evo!.path);
    expect($('.pr-snippet').length).toBe(0);
    expect($('.pr-review').length).toBe(0);
    expect(JSON.parse($('script[type="application/ld+json"]').text()).aggregateRating).toBeUndefined();
  });

  it('shows list and sale price for a product on sale', async () => {
    const sale = catalog.find((p) => p.evo?.onSale)!;
    const { $ } = await page(sale.evo!.path);
    expect($('.pdp-price-regular').text()).toBe(usd(sale.evo!.minListPrice));
    expect($('.pdp-price-sale').text()).toBe(usd(sale.evo!.minSalePrice));
  });
});
