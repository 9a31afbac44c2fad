import { describe, expect, it } from 'vitest';
import { backcountryOffer, readBackcountryApi } from '../../src/agents/pages/backcountry.js';
import { readEvoOffer } from '../../src/agents/pages/evo.js';
import { backcountryProfile } from '../../src/agents/sites/backcountry.js';
import { evoProfile } from '../../src/agents/sites/evo.js';
import { MalformedBodyError } from '../../src/agents/vendor-client.js';
import { apiProduct } from '../../src/sandbox/backcountry-data.js';
import { evoProductPage } from '../../src/sandbox/evo-pages.js';
import { sandboxCatalog, type RetailListing, type RetailSize, type SandboxProduct, type StockStatus } from '../../src/sandbox/index.js';
import {
  backcountryApiWithoutSkus, backcountryApiWithoutStock, evoPageWithoutJsonLdOffers, evoPageWithoutOffers, evoPageWithoutStock,
} from '../support/storefront-rewrites.js';

/**
 * The light agents' offer readers: a read that states neither a price nor any availability is
 * not an offer (MalformedBodyError); one that states either is, with what it does not state
 * left null or UNKNOWN, never taken as "out of stock".
 */

const BASE = 'http://evo.test';
const board = (kind: 'evo' | 'backcountry'): SandboxProduct => sandboxCatalog().find((p) => p.category === 'SNOWBOARD' && p[kind] && p[kind].sizes.length >= 3)!;

/** The listing with its sizes' stock set as given, in size order (the retailer's own data model). */
function withStock(l: RetailListing, statuses: StockStatus[]): RetailListing {
  const sizes: RetailSize[] = statuses.map((status, i) => ({ ...l.sizes[i % l.sizes.length]!, name: `15${i}`, sku: `${l.vendorProductId}-${i}`, status }));
  return { ...l, sizes };
}

const evoPage = (l: RetailListing) => evoProductPage(board('evo'), l, BASE);
const readEvo = (html: string, l: RetailListing) => readEvoOffer(html, `${BASE}${l.path}`, 'evo', l.vendorProductId, evoProfile);
const readBc = (product: Record<string, unknown>, l: RetailListing) => backcountryOffer(product, 'backcountry', l.vendorProductId, l.path, backcountryProfile);

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
}

describe('evo: a page that says nothing is not an offer', () => {
  const l = board('evo').evo!;

  it('offer markup gone (no JSON-LD offers, no size tiles): MalformedBodyError saying the page cannot be read', () => {
    const html = evoPageWithoutOffers(evoPage(l));
    expect(html).not.toContain('pdp-selection-text');
    expect(html).toContain('application/ld+json'); // still a complete product page with its Product and title
    const err = thrown(() => readEvo(html, l));
    expect(err).toBeInstanceOf(MalformedBodyError);
    expect(err.message).toMatch(/unreadable offer: the page states neither a price nor any availability/);
  });

  it('a bot wall (complete HTML, no product on it): MalformedBodyError', () => {
    const wall = '<!doctype html><html><head><title>Access denied</title></head><body><h1>Please verify you are a human</h1></body></html>';
    expect(thrown(() => readEvo(wall, l))).toBeInstanceOf(MalformedBodyError);
  });

  it('a price without any stock is an offer: the price, availability UNKNOWN, every size null', () => {
    const html = evoPageWithoutStock(evoPage(withStock(l, ['inStock', 'outOfStock', 'backorder'])));
    const offer = readEvo(html, l);
    expect(offer.price?.amount).toBeGreaterThan(0);
    expect(offer.availability).toBe('UNKNOWN');
    expect(offer.sizes.map((s) => s.inStock)).toEqual([null, null, null]);
  });

  it('stock without a price is an offer: sizes marked unavailable are false, unmarked ones null, price null', () => {
    const html = evoPageWithoutJsonLdOffers(evoPage(withStock(l, ['outOfStock', 'inStock', 'outOfStock'])));
    const offer = readEvo(html, l);
    expect(offer.price).toBeNull();
    expect(offer.sizes).toEqual([
      { size: '150', inStock: false, quantity: null },
      { size: '151', inStock: null, quantity: null },
      { size: '152', inStock: false, quantity: null },
    ]);
    expect(offer.availability).toBe('UNKNOWN');
  });

  it('every size tile marked unavailable and no offer availability: OUT_OF_STOCK, as the page shows it', () => {
    const page = evoPage(withStock(l, ['outOfStock', 'outOfStock']));
    const noAvailability = page.replace(/"availability":"[^"]*",?/g, '');
    const offer = readEvo(noAvailability, l);
    expect(offer.sizes.map((s) => s.inStock)).toEqual([false, false]);
    expect(offer.availability).toBe('OUT_OF_STOCK');
  });

  it('a backorder size is known not to be in stock now: false, not null', () => {
    const offer = readEvo(evoPage(withStock(l, ['backorder', 'inStock'])), l);
    expect(offer.sizes.map((s) => s.inStock)).toEqual([false, true]);
  });
});

describe('backcountry: an API product that says nothing is not an offer', () => {
  const l = board('backcountry').backcountry!;
  const product = () => apiProduct(withStock(l, ['inStock', 'outOfStock', 'backorder']));
  const edited = (edit: (body: string) => string) => JSON.parse(edit(JSON.stringify(product()))) as Record<string, unknown>;

  it('no skus and no price minimums: MalformedBodyError, alone and as the whole answer', () => {
    const silent = edited(backcountryApiWithoutSkus);
    expect(thrown(() => readBc(silent, l)).message).toMatch(/unreadable offer/);
    const whole = thrown(() => readBackcountryApi({ products: [silent], notFound: [] }, [l.vendorProductId]));
    expect(whole).toBeInstanceOf(MalformedBodyError);
    expect(whole.message).toMatch(/unreadable offer/);
    expect(thrown(() => readBackcountryApi(silent, [l.vendorProductId]))).toBeInstanceOf(MalformedBodyError);
  });

  it('an answer with one silent product among readable ones is read (the silent one fails alone)', () => {
    const answer = readBackcountryApi({ products: [edited(backcountryApiWithoutSkus), { ...product(), id: 'OTHER01' }], notFound: [] }, [l.vendorProductId, 'OTHER01']);
    expect(answer.products).toHaveLength(2);
  });

  it('an empty body or an answer that names none of the asked ids is unreadable; one that lists them as unknown is an answer', () => {
    expect(thrown(() => readBackcountryApi({}, ['A1']))).toBeInstanceOf(MalformedBodyError);
    expect(thrown(() => readBackcountryApi({ products: [], notFound: [] }, ['A1', 'B2']))).toBeInstanceOf(MalformedBodyError);
    expect(readBackcountryApi({ products: [], notFound: ['A1'] }, ['A1', 'B2']).notFound).toEqual(['A1']);
  });

  it('prices without any stock are an offer: availability UNKNOWN, every size null with no quantity', () => {
    const offer = readBc(edited(backcountryApiWithoutStock), l);
    expect(offer.price?.amount).toBeGreaterThan(0);
    expect(offer.availability).toBe('UNKNOWN');
    expect(offer.sizes).toEqual(['150', '151', '152'].map((size) => ({ size, inStock: null, quantity: null })));
  });

  it('stock without any price is an offer: price null, sizes as stated', () => {
    const p = product();
    for (const sku of p['skus'] as Record<string, unknown>[]) delete sku['salePrice'];
    delete p['minSalePrice'];
    const offer = readBc(p, l);
    expect(offer.price).toBeNull();
    expect(offer.sizes.map((s) => s.inStock)).toEqual([true, false, false]);
    expect(offer.availability).toBe('IN_STOCK');
  });

  it('two skus of one size: in stock when either is; out of stock only when both say so; unknown otherwise', () => {
    const p = product();
    const skus = p['skus'] as Record<string, unknown>[];
    const status = (i: number) => (skus[i]!['availability'] as Record<string, unknown>);
    const sized = (names: string[], statuses: (string | null)[]) => {
      names.forEach((n, i) => {
        skus[i]!['size'] = { name: n };
        if (statuses[i] === null) delete skus[i]!['availability'];
        else status(i)['status'] = statuses[i];
      });
      return readBc(p, l).sizes.map((s) => [s.size, s.inStock]);
    };
    expect(sized(['M', 'M', 'L'], ['outOfStock', 'outOfStock', 'inStock'])).toEqual([['M', false], ['L', true]]);
    expect(sized(['M', 'M', 'L'], ['outOfStock', null, 'inStock'])).toEqual([['M', null], ['L', true]]);
  });

  it('skus out of stock and unknown: the offer is UNKNOWN, not OUT_OF_STOCK (the unknown one may be in stock)', () => {
    const p = product();
    const skus = p['skus'] as Record<string, unknown>[];
    (skus[0]!['availability'] as Record<string, unknown>)['status'] = 'outOfStock';
    delete skus[2]!['availability'];
    expect(readBc(p, l).availability).toBe('UNKNOWN');
  });
});
