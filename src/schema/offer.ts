import type { Shipping, SizeStock } from '../domain/live.js';
import type { LiveOfferView, VendorStatus } from '../live/types.js';
import { bestOffer, priceRange, sortOffersByTotal } from '../live/offer-summary.js';
import { builder } from './builder.js';
import { AvailabilityEnum, VendorStatusCodeEnum } from './enums.js';
import { MoneyRef } from './money.js';
import { ProductRef } from './product.js';

const SizeStockRef = builder.objectRef<SizeStock>('SizeStock').implement({
  fields: (t) => ({
    size: t.exposeString('size'),
    inStock: t.exposeBoolean('inStock'),
    quantity: t.exposeInt('quantity', { nullable: true, description: 'Units on hand, only when the retailer tells.' }),
  }),
});

const ShippingRef = builder.objectRef<Shipping>('Shipping').implement({
  description: 'Shipping as the retailer states it; a retailer that states none has `shipping: null` on its offer.',
  fields: (t) => ({
    cost: t.field({ type: MoneyRef, nullable: true, resolve: (s) => s.cost }),
    freeShippingThreshold: t.field({ type: MoneyRef, nullable: true, resolve: (s) => s.freeShippingThreshold }),
    estimatedDaysMin: t.exposeInt('estimatedDaysMin', { nullable: true }),
    estimatedDaysMax: t.exposeInt('estimatedDaysMax', { nullable: true }),
  }),
});

const OfferRef = builder.objectRef<LiveOfferView>('Offer').implement({
  description: "One retailer's live price and stock for a product.",
  fields: (t) => ({
    vendor: t.exposeString('vendor'),
    url: t.exposeString('url'),
    price: t.field({ type: MoneyRef, nullable: true, resolve: (o) => o.price }),
    listPrice: t.field({ type: MoneyRef, nullable: true, resolve: (o) => o.listPrice }),
    discountPercent: t.exposeFloat('discountPercent', { nullable: true }),
    availability: t.field({ type: AvailabilityEnum, resolve: (o) => o.availability }),
    sizes: t.field({ type: [SizeStockRef], resolve: (o) => o.sizes }),
    shipping: t.field({ type: ShippingRef, nullable: true, resolve: (o) => o.shipping }),
    fetchedAt: t.exposeString('fetchedAt', { description: 'When the retailer was read (ISO 8601).' }),
    stale: t.exposeBoolean('stale', { description: 'Past the live TTL, served while a refresh runs.' }),
  }),
});

const VendorStatusRef = builder.objectRef<VendorStatus>('VendorStatus').implement({
  fields: (t) => ({
    vendor: t.exposeString('vendor'),
    status: t.field({ type: VendorStatusCodeEnum, resolve: (s) => s.status }),
    message: t.exposeString('message', { nullable: true }),
  }),
});

const PriceRangeRef = builder
  .objectRef<NonNullable<ReturnType<typeof priceRange>>>('PriceRange')
  .implement({
    fields: (t) => ({
      min: t.field({ type: MoneyRef, resolve: (r) => r.min }),
      max: t.field({ type: MoneyRef, resolve: (r) => r.max }),
    }),
  });

// Live fields read ONLY the live loader (never the static one), so @defer can send the
// static payload before any retailer answers.
builder.objectFields(ProductRef, (t) => ({
  offers: t.field({
    type: [OfferRef],
    description: 'Every retailer that answered in time, cheapest total first. Put it under @defer.',
    resolve: async (p, _args, ctx) => sortOffersByTotal(await ctx.liveLoader.loadMany(p.listings)),
  }),
  bestOffer: t.field({
    type: OfferRef,
    nullable: true,
    description: 'The in-stock offer with the lowest total (price plus stated shipping); null when none is in stock.',
    resolve: async (p, _args, ctx) => bestOffer(await ctx.liveLoader.loadMany(p.listings)),
  }),
  priceRange: t.field({
    type: PriceRangeRef,
    nullable: true,
    resolve: async (p, _args, ctx) => priceRange(await ctx.liveLoader.loadMany(p.listings)),
  }),
  inStock: t.boolean({
    nullable: true,
    description: 'Whether any retailer has it in stock; null when no retailer answered.',
    resolve: async (p, _args, ctx) => {
      const offers = sortOffersByTotal(await ctx.liveLoader.loadMany(p.listings));
      return offers.length === 0 ? null : bestOffer(offers) !== null;
    },
  }),
  liveStatus: t.field({
    type: [VendorStatusRef],
    description: 'How each retailer answered: OK, STALE, TIMEOUT, ERROR or CIRCUIT_OPEN, with why.',
    resolve: async (p, _args, ctx) => {
      await ctx.liveLoader.loadMany(p.listings);
      return p.listings.map(
        (l) => ctx.liveLoader.statusOf(l) ?? { vendor: l.vendor, status: 'ERROR' as const, message: 'no answer recorded' },
      );
    },
  }),
}));
