import type { Shipping, SizeStock } from '../domain/live.js';
import type { LiveOfferView, VendorStatus } from '../live/types.js';
import { bestOffer, priceRange, productInStock, sortOffers } from '../live/offer-summary.js';
import { aggregateStatuses } from '../live/live-entries.js';
import { builder } from './builder.js';
import { AvailabilityEnum, VendorStatusCodeEnum } from './enums.js';
import { MoneyRef } from './money.js';
import { ProductRef } from './product.js';

const SizeStockRef = builder.objectRef<SizeStock>('SizeStock').implement({
  fields: (t) => ({
    size: t.exposeString('size'),
    inStock: t.exposeBoolean('inStock', {
      nullable: true,
      description: 'Whether this size can be bought now: false only when the retailer says so (out of stock, backorder, marked unavailable); null when it does not say.',
    }),
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

export const OfferRef = builder.objectRef<LiveOfferView>('Offer').implement({
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
    description: 'Every retailer that answered in time, cheapest first (see bestOffer for ties). Put it under @defer.',
    resolve: async (p, _args, ctx) => sortOffers(await ctx.liveLoader.loadMany(p.listings)),
  }),
  bestOffer: t.field({
    type: OfferRef,
    nullable: true,
    description:
      'The cheapest priced offer known to be in stock; when no retailer says it is in stock, the cheapest priced offer whose availability is UNKNOWN; never one that is OUT_OF_STOCK or BACKORDER. At equal prices, stated free or cheaper shipping first, unknown shipping last. Null when none qualifies.',
    resolve: async (p, _args, ctx) => bestOffer(await ctx.liveLoader.loadMany(p.listings)),
  }),
  priceRange: t.field({
    type: PriceRangeRef,
    nullable: true,
    resolve: async (p, _args, ctx) => priceRange(await ctx.liveLoader.loadMany(p.listings)),
  }),
  inStock: t.boolean({
    nullable: true,
    description:
      'true when some retailer that answered has it in stock (IN_STOCK or LOW_STOCK); false only when every offer (at least one) is OUT_OF_STOCK or BACKORDER (orderable, but not in stock now); null otherwise: no offers, or some with unknown availability and none in stock.',
    resolve: async (p, _args, ctx) => productInStock(await ctx.liveLoader.loadMany(p.listings)),
  }),
  liveStatus: t.field({
    type: [VendorStatusRef],
    description:
      "How each retailer answered: OK, STALE, TIMEOUT, ERROR, CIRCUIT_OPEN or NOT_FOUND, with why. One entry per retailer: the most severe over the product's listings there (NOT_FOUND only when the retailer lists none of them any more).",
    resolve: async (p, _args, ctx) => {
      const loaded = await ctx.liveLoader.loadMany(p.listings);
      const statuses = p.listings.map((listing, i) => {
        const result = loaded[i];
        if (result instanceof Error) return { vendor: listing.vendor, status: 'ERROR' as const, message: result.message };
        const status = ctx.liveLoader.statusOf(listing);
        // The live market service records a status for every listing it is asked about.
        if (!status) throw new Error(`no live status recorded for ${listing.vendor}:${listing.vendorProductId}`);
        return status;
      });
      return [...aggregateStatuses(statuses).values()];
    },
  }),
}));
