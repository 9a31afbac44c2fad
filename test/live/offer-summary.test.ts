import { describe, expect, it } from 'vitest';
import { bestOffer, priceRange, sortOffers } from '../../src/live/offer-summary.js';
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

  it('the price range spans the retailers that gave a price', () => {
    expect(priceRange([offer('evo', 420, 0), offer('backcountry', 399.95, 'unstated'), offer('x', null, 'unstated')])).toEqual({
      min: usd(399.95),
      max: usd(420),
    });
    expect(priceRange([offer('evo', null, 0)])).toBeNull();
  });
});
