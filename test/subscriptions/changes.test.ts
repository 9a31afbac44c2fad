import { describe, expect, it } from 'vitest';
import type { LiveOffer } from '../../src/domain/live.js';
import { alertFires, classifyOfferChange } from '../../src/subscriptions/changes.js';

const offer = (over: Partial<LiveOffer> = {}): LiveOffer => ({
  vendor: 'backcountry',
  vendorProductId: 'BUR00AB',
  url: '/burton-custom',
  price: { amount: 500, currencyCode: 'USD' },
  listPrice: { amount: 600, currencyCode: 'USD' },
  discountPercent: 17,
  availability: 'IN_STOCK',
  sizes: [
    { size: '154', inStock: true, quantity: 3 },
    { size: '158', inStock: false, quantity: 0 },
  ],
  shipping: null,
  fetchedAt: '2026-12-01T10:00:00.000Z',
  ...over,
});

describe('what a live read says changed', () => {
  it('price drops and rises, stock between stated states, one size flipped, a delisting', () => {
    expect(classifyOfferChange(offer(), offer({ price: { amount: 450, currencyCode: 'USD' } }))).toEqual([{ kind: 'PRICE_DROP', size: null }]);
    expect(classifyOfferChange(offer(), offer({ price: { amount: 550, currencyCode: 'USD' } }))).toEqual([{ kind: 'PRICE_RISE', size: null }]);
    expect(classifyOfferChange(offer({ availability: 'OUT_OF_STOCK' }), offer())).toContainEqual({ kind: 'BACK_IN_STOCK', size: null });
    expect(classifyOfferChange(offer(), offer({ availability: 'BACKORDER' }))).toContainEqual({ kind: 'OUT_OF_STOCK', size: null });
    const back = offer({ sizes: [{ size: '154', inStock: true, quantity: 3 }, { size: '158', inStock: true, quantity: 1 }] });
    expect(classifyOfferChange(offer(), back)).toEqual([{ kind: 'SIZE_STOCK', size: '158' }]);
    expect(classifyOfferChange(offer(), null)).toEqual([{ kind: 'DELISTED', size: null }]);
    expect(classifyOfferChange(offer(), offer({ fetchedAt: '2026-12-01T11:00:00.000Z' }))).toEqual([]);
  });

  it('UNKNOWN availability never fires a back-in-stock, neither for the offer nor for a size', () => {
    expect(classifyOfferChange(offer({ availability: 'UNKNOWN' }), offer())).toEqual([]);
    expect(classifyOfferChange(offer({ availability: 'OUT_OF_STOCK' }), offer({ availability: 'UNKNOWN' }))).toEqual([]);
    const unknownSize = offer({ sizes: [{ size: '154', inStock: true, quantity: 3 }, { size: '158', inStock: null, quantity: null }] });
    expect(classifyOfferChange(offer(), unknownSize)).toEqual([]);
    expect(alertFires({ maxPrice: null, minDropPercent: null, size: '158' }, offer(), unknownSize)).toBe(false);
    expect(alertFires({ maxPrice: null, minDropPercent: null, size: null }, offer({ availability: 'OUT_OF_STOCK' }), offer({ availability: 'UNKNOWN' }))).toBe(false);
  });

  it('alerts fire once per change: a price come down to the limit, a drop of at least the share, in stock only', () => {
    const max = { maxPrice: { amount: 480, currencyCode: 'USD' }, minDropPercent: null, size: null };
    const at470 = offer({ price: { amount: 470, currencyCode: 'USD' } });
    expect(alertFires(max, offer(), at470)).toBe(true);
    expect(alertFires(max, at470, offer({ price: { amount: 460, currencyCode: 'USD' } }))).toBe(false); // already met
    expect(alertFires(max, offer(), offer({ price: { amount: 470, currencyCode: 'USD' }, availability: 'OUT_OF_STOCK' }))).toBe(false);
    const drop = { maxPrice: null, minDropPercent: 10, size: null };
    expect(alertFires(drop, offer(), offer({ price: { amount: 450, currencyCode: 'USD' } }))).toBe(true);
    expect(alertFires(drop, offer(), offer({ price: { amount: 460, currencyCode: 'USD' } }))).toBe(false);
  });
});
