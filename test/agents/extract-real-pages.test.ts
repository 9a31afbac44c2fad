import { readFileSync } from 'node:fs';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import {
  extractSchemaProduct, lowestOffer, parseAvailability, parseFreeShippingThreshold, parsePriceText, readCards,
  readOpenGraph, readPageReviews, toRating, type CardSpec,
} from '../../src/agents/extract/index.js';

const page = (name: string) => readFileSync(new URL(`../fixtures/real/${name}`, import.meta.url), 'utf8');

describe('JSON-LD Product on a real REI page', () => {
  const p = extractSchemaProduct(page('rei-product-jsonld.html'));
  it('reads name, brand object, description, offers and rating', () => {
    expect(p?.source).toBe('json-ld');
    expect(p?.name).toBe('Lynx Leverlock Modular Crampons');
    expect(p?.brand).toBe('Petzl');
    expect(p?.description).toMatch(/^From snow couloirs to mixed climbing routes, the 14-point Petzl Lynx/);
    expect(p?.url).toBe('https://www.rei.com/product/100170/petzl-lynx-leverlock-modular-crampons');
    expect(p?.offers).toEqual([
      expect.objectContaining({ sku: '1001700001', price: 249.95, priceCurrency: 'USD', availability: 'IN_STOCK' }),
    ]);
    expect(lowestOffer(p!)).toEqual({ amount: 249.95, currencyCode: 'USD' });
    expect(p?.rating).toEqual({ value: 5, best: 5, count: 3 });
    expect(toRating(p!.rating)).toEqual({ average: 5, count: 3 });
    // The page's JSON-LD has no product-level image and no reviews: none are made up.
    expect(p?.images).toEqual([]);
    expect(p?.reviews).toEqual([]);
  });
});

describe('microdata Product on real backcountry 2019 pages', () => {
  it('full price: name, brand Organization, offers per variant, rating and reviews', () => {
    const p = extractSchemaProduct(page('backcountry-2019-product-microdata.html'), 'https://www.backcountry.com/grivel-g12-new-classic-crampon');
    expect(p?.source).toBe('microdata');
    expect(p?.name).toBe('Grivel G12 Crampon');
    expect(p?.brand).toBe('Grivel');
    expect(p?.images).toEqual([
      'https://content.backcountry.com/images/items/900/GRV/GRV0050/COM.jpg',
      'https://content.backcountry.com/images/items/900/GRV/GRV0050/NC.jpg',
      'https://content.backcountry.com/images/items/900/GRV/GRV0050/NM.jpg',
      'https://content.backcountry.com/images/items/900/GRV/GRV0050/COM_D1.jpg',
    ]);
    expect(p?.offers.map((o) => [o.sku, o.price, o.priceCurrency, o.availability])).toEqual([
      ['GRV0050-COM-ONSI', 174.95, 'USD', 'IN_STOCK'],
      ['GRV0050-NC-ONSI', 174.95, 'USD', 'IN_STOCK'],
      ['GRV0050-NM-ONSI', 174.95, 'USD', 'IN_STOCK'],
    ]);
    expect(toRating(p!.rating)).toEqual({ average: 5, count: 36 });
    // 20 review items on the page; one is a video post without text, so 19 readable reviews.
    expect(p?.reviews).toHaveLength(19);
    expect(p?.reviews[0]).toMatchObject({ author: 'Ana Stamenkovic', rating: 5, title: 'Sharp AF', date: '2019-02-22' });
    expect(p?.reviews[0]?.body).toMatch(/^I bought these as a gift for my boyfriend/);
    expect(p?.reviews[1]).toMatchObject({ author: 'Alexey Pelevin', rating: 4, title: 'Little problem with small boots', date: '2018-06-21' });
    expect(p?.reviews.at(-1)).toMatchObject({ author: 'Meng Sun', rating: 4, title: 'Not Long enough for Scarpa Inverno 13', date: '2013-06-10' });
  });

  it('sale: the offer price is the sale price; reviews with star ratings from the widget class', () => {
    const p = extractSchemaProduct(page('backcountry-2019-product-sale-microdata.html'));
    expect(p?.name).toBe('Black Diamond Serac Strap Crampon');
    expect(p?.brand).toBe('Black Diamond');
    expect(p?.offers).toEqual([expect.objectContaining({ sku: 'BLD00EV-POL-ONESIZ', price: 179.95, availability: 'IN_STOCK' })]);
    expect(toRating(p!.rating)).toEqual({ average: 4.5, count: 2 });
    expect(p?.reviews.map((r) => [r.author, r.rating, r.title, r.date])).toEqual([
      ['Brent H.', 5, 'Works great', '2016-06-23'],
      ['Ian', 4, 'Seemed Nice Just Not For Snowboard Boots', '2016-06-18'],
    ]);
  });
});

describe('review texts on every real page that carries them (the shared review reader)', () => {
  const reviewsOf = (name: string) => readPageReviews(load(page(name)));

  it('backcountry 2019, full price: the 19 microdata reviews with text, first and last as the page orders them', () => {
    const reviews = reviewsOf('backcountry-2019-product-microdata.html');
    expect(reviews).toHaveLength(19);
    expect(reviews[0]).toMatchObject({ author: 'Ana Stamenkovic', rating: 5, title: 'Sharp AF', date: '2019-02-22' });
    expect(reviews[0]?.body).toMatch(/^I bought these as a gift for my boyfriend and here's what he had to say!/);
    expect(reviews[1]?.body).toMatch(/^I bought a G12 for Zamberlan 39 EU\./);
    expect(reviews.at(-1)).toMatchObject({ author: 'Meng Sun', rating: 4, date: '2013-06-10' });
    expect(reviews.at(-1)?.body).toMatch(/^Awesome crampons! Only problem/);
  });

  it('backcountry 2019, sale: both microdata reviews', () => {
    const reviews = reviewsOf('backcountry-2019-product-sale-microdata.html');
    expect(reviews.map((r) => [r.author, r.rating, r.title, r.date])).toEqual([
      ['Brent H.', 5, 'Works great', '2016-06-23'],
      ['Ian', 4, 'Seemed Nice Just Not For Snowboard Boots', '2016-06-18'],
    ]);
    expect(reviews[0]?.body).toMatch(/^These work great on my climbing boots\./);
    expect(reviews[1]?.body).toMatch(/^Would not stay on my size 11 snowboard boots\./);
  });

  it('The Good Ride: the three hReview customer reviews, stars from `abbr.rating`, dates from `abbr.dtreviewed`', () => {
    const reviews = reviewsOf('the-good-ride-review.html');
    expect(reviews.map((r) => [r.author, r.rating, r.title, r.date])).toEqual([
      ['Jon Brown', 5, 'Super versatile!', '2021-07-03'],
      ['albert calsina', 4, 'Still great', '2019-04-12'],
      ['Craig', 5, "'19 Burton Custom 166W", '2018-10-14'],
    ]);
    expect(reviews[0]?.body).toMatch(/^I think you guys made some good points in this review\./);
    expect(reviews[2]?.body).toMatch(/^Just got back from a few weeks down the Australian "Alps\?\?\?"/);
    expect(reviews[2]?.body).toMatch(/Such an easy 5 Stars \*+$/);
  });

  it('REI and lib-tech count reviews (3 and 42) whose texts the page does not carry (a script loads them): none read', () => {
    // Exactly the case where "no reviews" would be untrue: the rating counts them, the page holds no text.
    expect(toRating(extractSchemaProduct(page('rei-product-jsonld.html'))!.rating)?.count).toBe(3);
    expect(reviewsOf('rei-product-jsonld.html')).toEqual([]);
    expect(toRating(extractSchemaProduct(page('lib-tech-product-page.html'))!.rating)?.count).toBe(42);
    expect(reviewsOf('lib-tech-product-page.html')).toEqual([]);
  });

  it('pages without reviews give none', () => {
    expect(reviewsOf('burton-product-page.html')).toEqual([]);
    expect(reviewsOf('backcountry-2019-category.html')).toEqual([]);
  });
});

describe('listing cards on a real backcountry 2019 category page (the generic card engine)', () => {
  // The 2019 markup, described as data the way a site profile describes a current site.
  const spec: CardSpec = {
    card: 'div.product[data-product-id]',
    id: { selector: '', attr: 'data-product-id' },
    link: { selector: 'a.ui-pl-link', attr: 'href' },
    title: { selector: 'a.ui-pl-link', attr: 'title' },
    brand: '.ui-pl-name-brand',
    price: '.ui-pl-offers',
  };
  const cards = readCards(load(page('backcountry-2019-category.html')), spec);
  it('reads every card with id, title, brand, price and link', () => {
    expect(cards).toHaveLength(40);
    expect(cards[0]).toMatchObject({ id: 'GRV0050', title: 'Grivel G12 Crampon', brand: 'Grivel', price: { list: 174.95, sale: null, current: 174.95 } });
    expect(cards[0]?.href).toMatch(/^\/grivel-g12-new-classic-crampon\?skid=GRV0050-COM-ONSI/);
    expect(cards[1]).toMatchObject({ id: 'BLD1066', title: 'Black Diamond Contact Strap Crampon', brand: 'Black Diamond', price: { current: 129.95 } });
    expect(cards[39]).toMatchObject({ id: 'BLD0850', title: 'Black Diamond Crampon Bag', price: { current: 19.95 } });
  });
});

describe('brand pages', () => {
  it('lib-tech: microdata name, sku, a percent-scale rating and a placeholder price read as missing', () => {
    const p = extractSchemaProduct(page('lib-tech-product-page.html'));
    expect(p?.name).toBe('Skate Banana');
    expect(p?.sku).toBe('skate-banana2');
    expect(p?.brand).toBeNull(); // the page's markup names none
    expect(p?.rating).toEqual({ value: 99, best: 100, count: 42 });
    expect(toRating(p!.rating)).toEqual({ average: 4.95, count: 42 });
    // The page prints $579.99 but its microdata says price 0: a placeholder, not a price.
    expect(p?.offers).toEqual([expect.objectContaining({ price: null, priceCurrency: 'USD' })]);
    expect(lowestOffer(p!)).toBeNull();
  });

  it('burton: no schema.org Product at all (only WebSite), so nothing is extracted; OpenGraph says what it is', () => {
    const html = page('burton-product-page.html');
    expect(extractSchemaProduct(html)).toBeNull();
    expect(readOpenGraph(load(html))).toEqual({
      type: 'product',
      title: "Men's Burton Custom X Camber Snowboard | All Mountain | Burton.com Winter 2025",
      url: 'https://www.burton.com/us/en/p/mens-burton-custom-x-camber-snowboard/W25-106891.html',
      image: 'https://www.burton.com/static/product/W25/10689111000150_1.png?impolicy=bgwhite&imwidth=360',
      siteName: 'Burton Snowboards',
      description: "Shop the Men's Custom X Camber Snowboard and other all mountain, park, and powder boards from Burton. Fast shipping.",
    });
  });
});

describe('JSON-LD shapes: ProductGroup, @graph, AggregateOffer, ImageObject, shippingDetails', () => {
  const html = (ld: unknown) => `<html><head><script type="application/ld+json">${JSON.stringify(ld)}</script></head><body></body></html>`;
  it('ProductGroup in an @graph with variants, review[] and ImageObject', () => {
    const p = extractSchemaProduct(
      html({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'BreadcrumbList' },
          {
            '@type': 'ProductGroup', name: 'Custom Camber Snowboard', brand: 'Burton', productGroupID: 'BUR00AB',
            image: { '@type': 'ImageObject', url: 'https://img/x.jpg' },
            aggregateRating: { ratingValue: 4.3, reviewCount: 12 },
            review: [{ author: { name: 'kim' }, reviewRating: { ratingValue: 4 }, name: 'Good', reviewBody: 'Stiff but fun', datePublished: '2024-01-02' }],
            hasVariant: [
              { '@type': 'Product', sku: 'S1', size: '150', gtin13: '0123456789012', offers: { price: '499.95', priceCurrency: 'USD', availability: 'https://schema.org/OutOfStock' } },
              { '@type': 'Product', sku: 'S2', size: '154', offers: { price: 449.95, priceCurrency: 'USD', availability: 'https://schema.org/LimitedAvailability' } },
            ],
          },
        ],
      }),
    );
    expect(p).toMatchObject({ type: 'ProductGroup', name: 'Custom Camber Snowboard', brand: 'Burton', productGroupId: 'BUR00AB', images: ['https://img/x.jpg'] });
    expect(p?.offers.map((o) => [o.sku, o.size, o.price, o.availability, o.gtin])).toEqual([
      ['S1', '150', 499.95, 'OUT_OF_STOCK', '0123456789012'],
      ['S2', '154', 449.95, 'LOW_STOCK', null],
    ]);
    expect(p?.reviews).toEqual([{ author: 'kim', rating: 4, title: 'Good', body: 'Stiff but fun', date: '2024-01-02' }]);
    expect(lowestOffer(p!, true)).toEqual({ amount: 449.95, currencyCode: 'USD' });
  });

  it('AggregateOffer range and shippingDetails', () => {
    const p = extractSchemaProduct(
      html([{ '@type': ['Product'], name: 'X', image: ['a.jpg', { contentUrl: 'b.jpg' }], offers: {
        '@type': 'AggregateOffer', lowPrice: '399.95', highPrice: 549.95, priceCurrency: 'USD',
        offers: [{ '@type': 'Offer', price: 399.95, priceCurrency: 'USD', availability: 'InStock', shippingDetails: {
          '@type': 'OfferShippingDetails', shippingRate: { value: 0, currency: 'USD' },
          deliveryTime: { transitTime: { minValue: 2, maxValue: 5, unitCode: 'DAY' } } } }] } }]),
      'https://shop.test/p/x',
    );
    expect(p?.images).toEqual(['https://shop.test/p/a.jpg', 'https://shop.test/p/b.jpg']);
    expect(p?.priceRange).toEqual({ low: 399.95, high: 549.95, currency: 'USD' });
    expect(p?.offers[0]?.shipping).toEqual({ rate: { amount: 0, currencyCode: 'USD' }, transitDaysMin: 2, transitDaysMax: 5 });
  });
});

describe('money and availability helpers', () => {
  it('reads evo card prices list-first and the-house prices sale-first', () => {
    expect(parsePriceText('$549.95 $439.96 Sale')).toEqual({ list: 549.95, sale: 439.96, current: 439.96, isFrom: false });
    expect(parsePriceText('$469.99')).toEqual({ list: 469.99, sale: null, current: 469.99, isFrom: false });
    expect(parsePriceText('From: $399.95')).toEqual({ list: null, sale: null, current: 399.95, isFrom: true });
    expect(parsePriceText('$261.95 $379.95 (31% Off)', 'sale-first')).toEqual({ list: 379.95, sale: 261.95, current: 261.95, isFrom: false });
    expect(parsePriceText('$1,299.95').current).toBe(1299.95);
    expect(parsePriceText('$0.00').current).toBeNull();
  });

  it('reads every real the-house price without a made-up value', () => {
    const rows = JSON.parse(page('the-house-2020-snowboards.json')) as { price: string }[];
    const parsed = rows.map((r) => parsePriceText(r.price, 'sale-first'));
    expect(parsed.filter((p) => p.current === null)).toHaveLength(rows.filter((r) => /^\$0\.00$/.test(r.price.trim())).length);
    for (const p of parsed) if (p.sale !== null && p.list !== null) expect(p.sale).toBeLessThan(p.list);
  });

  it('maps schema.org availability URLs and backcountry statuses', () => {
    expect(parseAvailability('https://schema.org/InStock')).toBe('IN_STOCK');
    expect(parseAvailability('http://schema.org/LimitedAvailability')).toBe('LOW_STOCK');
    expect(parseAvailability('https://schema.org/OutOfStock')).toBe('OUT_OF_STOCK');
    expect(parseAvailability('https://schema.org/BackOrder')).toBe('BACKORDER');
    expect(parseAvailability('lowStock')).toBe('LOW_STOCK');
    expect(parseAvailability('somethingElse')).toBe('UNKNOWN');
    expect(parseFreeShippingThreshold('Free Shipping on orders over $50')).toBe(50);
    expect(parseFreeShippingThreshold('Ships in 2 days')).toBeNull();
  });
});
