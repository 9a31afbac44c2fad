import { describe, expect, it } from 'vitest';
import { aggregateStatuses, offerChanged, statusOfKind } from '../../src/live/live-entries.js';
import { bestOffer, priceRange, productInStock, sortOffers } from '../../src/live/offer-summary.js';
import type { LiveOfferView } from '../../src/live/types.js';

const usd = (amount: number) => ({ amount, currencyCode: 'USD' });
const offer = (vendor: string, price: number | null, shippingCost: number | null | 'unstated', availability: LiveOfferView['availability'] = 'IN_STOCK'): LiveOfferView => ({
  vendor,
  vendorProductId: `${vendor}-1`,
  url: `https://${vendor}.example/p`,
  price: price === null ? null : usd(price),
  listPrice: null,
  discountPercent: null,
  availability,
  sizes: [],
  shipping:
    shippingCost === 'unstated'
      ? null
      : { cost: shippingCost === null ? null : usd(shippingCost), freeShippingThreshold: null, estimatedDaysMin: null, estimatedDaysMax: null },
  fetchedAt: '2026-11-24T00:00:00.000Z',
  stale: false,
});

describe('offer ordering and best offer', () => {
  it('never takes unstated shipping as free: at an equal price the stated shipping comes first', () => {
    const sorted = sortOffers([offer('backcountry', 400, 'unstated'), offer('evo', 400, 7.95)]);
    expect(sorted.map((o) => o.vendor)).toEqual(['evo', 'backcountry']);
  });

  it('orders by price first', () => {
    const sorted = sortOffers([offer('evo', 400, 0), offer('backcountry', 399, 'unstated'), new Error('failed'), null]);
    expect(sorted.map((o) => o.vendor)).toEqual(['backcountry', 'evo']);
  });

  it('the best offer is the cheapest in stock with a price; none in stock is null', () => {
    expect(bestOffer([offer('evo', 300, 0, 'OUT_OF_STOCK'), offer('backcountry', 350, 'unstated', 'LOW_STOCK')])?.vendor).toBe('backcountry');
    expect(bestOffer([offer('evo', 300, 0, 'OUT_OF_STOCK'), offer('backcountry', null, 'unstated')])).toBeNull();
  });

  it('prefers an offer known in stock over a cheaper one of unknown stock', () => {
    expect(bestOffer([offer('evo', 300, 0, 'UNKNOWN'), offer('backcountry', 350, 'unstated', 'IN_STOCK')])?.vendor).toBe('backcountry');
  });

  it('with none known in stock, the cheapest of unknown stock; never one out of stock or on backorder', () => {
    const loaded = [offer('evo', 280, 0, 'OUT_OF_STOCK'), offer('x', 290, 0, 'BACKORDER'), offer('backcountry', 350, 'unstated', 'UNKNOWN'), offer('y', 400, 0, 'UNKNOWN')];
    expect(bestOffer(loaded)?.vendor).toBe('backcountry');
    expect(bestOffer([offer('evo', 280, 0, 'OUT_OF_STOCK'), offer('x', 290, 0, 'BACKORDER')])).toBeNull();
    expect(bestOffer([offer('evo', null, 0, 'UNKNOWN')])).toBeNull();
  });

  it('the price range spans the retailers that gave a price', () => {
    expect(priceRange([offer('evo', 420, 0), offer('backcountry', 399.95, 'unstated'), offer('x', null, 'unstated')])).toEqual({
      min: usd(399.95),
      max: usd(420),
    });
    expect(priceRange([offer('evo', null, 0)])).toBeNull();
  });
});

describe('Product.inStock: true, false or unknown', () => {
  const a = (availability: LiveOfferView['availability'], vendor = 'evo') => offer(vendor, 300, 0, availability);

  it('true when some offer is in stock, whatever the others say', () => {
    expect(productInStock([a('OUT_OF_STOCK'), a('LOW_STOCK', 'backcountry')])).toBe(true);
    expect(productInStock([a('UNKNOWN'), a('IN_STOCK', 'backcountry')])).toBe(true);
  });

  it('false only when every offer says it cannot be bought now (out of stock or backorder)', () => {
    expect(productInStock([a('OUT_OF_STOCK'), a('BACKORDER', 'backcountry')])).toBe(false);
    expect(productInStock([a('OUT_OF_STOCK')])).toBe(false);
  });

  it('null when no offer loaded, or some are unknown and none in stock', () => {
    expect(productInStock([])).toBeNull();
    expect(productInStock([new Error('failed'), null])).toBeNull();
    expect(productInStock([a('OUT_OF_STOCK'), a('UNKNOWN', 'backcountry')])).toBeNull();
    expect(productInStock([a('UNKNOWN')])).toBeNull();
  });
});

describe('live statuses', () => {
  it('a retailer that no longer lists a product shows NOT_FOUND, a status of its own', () => {
    expect(statusOfKind('NOT_FOUND')).toBe('NOT_FOUND');
    expect(statusOfKind('MALFORMED')).toBe('ERROR');
  });

  it('per retailer, NOT_FOUND shows only when no other listing there says more', () => {
    const s = (vendor: string, status: 'OK' | 'NOT_FOUND' | 'ERROR' | 'STALE', message: string | null = null) => ({ vendor, status, message });
    const statuses = aggregateStatuses([
      s('evo', 'NOT_FOUND', 'NOT_FOUND: gone'), s('evo', 'OK'),
      s('backcountry', 'NOT_FOUND', 'NOT_FOUND: gone'), s('backcountry', 'ERROR', 'MALFORMED: unreadable'),
      s('x', 'NOT_FOUND', 'NOT_FOUND: a'), s('x', 'NOT_FOUND', 'NOT_FOUND: b'),
    ]);
    expect(statuses.get('evo')).toEqual(s('evo', 'OK'));
    expect(statuses.get('backcountry')?.status).toBe('ERROR');
    expect(statuses.get('x')).toEqual(s('x', 'NOT_FOUND', 'NOT_FOUND: a'));
  });
});

describe('offer changes', () => {
  it('a size going from unknown to out of stock (or back) is a change', () => {
    const withSize = (inStock: boolean | null) => ({ ...offer('evo', 300, 0, 'UNKNOWN'), sizes: [{ size: '156', inStock, quantity: null }] });
    expect(offerChanged(withSize(null), withSize(false))).toBe(true);
    expect(offerChanged(withSize(false), withSize(null))).toBe(true);
    expect(offerChanged(withSize(null), withSize(null))).toBe(false);
  });
});
