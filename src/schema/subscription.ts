import { encodeGlobalID } from '@pothos/plugin-relay';
import { OFFER_CHANGE_KINDS } from '../subscriptions/changes.js';
import { withInputErrors } from './errors.js';
import type { OfferUpdate, PriceAlertEvent } from '../subscriptions/live-subscriptions.js';
import { builder } from './builder.js';
import { MoneyRef } from './money.js';
import { OfferRef } from './offer.js';
import { ProductRef } from './product.js';

export const OfferChangeEnum = builder.enumType('OfferChange', {
  values: OFFER_CHANGE_KINDS,
  description:
    'What changed: PRICE_DROP / PRICE_RISE (the price), BACK_IN_STOCK / OUT_OF_STOCK (the offer as a whole, between states the retailer stated: UNKNOWN never counts), SIZE_STOCK (one size flipped between in and out of stock: `size`), DELISTED (the retailer no longer lists it; `offer` is null).',
});

export const MoneyInput = builder.inputType('MoneyInput', {
  fields: (t) => ({
    amount: t.float({ required: true }),
    currencyCode: t.string({ required: true, defaultValue: 'USD', description: 'ISO 4217, e.g. "USD".' }),
  }),
});

const OfferUpdateRef = builder.objectRef<OfferUpdate>('OfferUpdate').implement({
  description: "One change of one retailer's offer of a subscribed product, as a server saw it (its refresher, or any live read).",
  fields: (t) => ({
    productId: t.id({ description: 'The product\u2019s global id (as in `search` and `product`).', resolve: (u) => encodeGlobalID('Product', u.productId) }),
    vendor: t.exposeString('vendor'),
    change: t.field({ type: OfferChangeEnum, resolve: (u) => u.change }),
    size: t.exposeString('size', { nullable: true, description: 'SIZE_STOCK: the size whose stock flipped; null otherwise.' }),
    previousPrice: t.field({ type: MoneyRef, nullable: true, resolve: (u) => u.previousPrice }),
    offer: t.field({ type: OfferRef, nullable: true, description: 'The offer as just read; null when DELISTED.', resolve: (u) => u.offer }),
    lowestInHistory: t.exposeBoolean('lowestInHistory', {
      nullable: true,
      description: "The new price is this listing's lowest in PRICE_HISTORY_DAYS; null when no history is kept (durable store off) or the offer has no price.",
    }),
    observedAt: t.exposeString('observedAt', { description: 'When the retailer was read (ISO 8601).' }),
  }),
});

export const PriceAlertEventRef = builder.objectRef<PriceAlertEvent>('PriceAlertEvent').implement({
  description: 'A price alert that fired: an in-stock offer (in the size asked for) met the price or dropped by the share asked for.',
  fields: (t) => ({
    productId: t.id({ resolve: (e) => encodeGlobalID('Product', e.productId) }),
    vendor: t.exposeString('vendor'),
    size: t.exposeString('size', { nullable: true }),
    offer: t.field({ type: OfferRef, resolve: (e) => e.offer }),
    price: t.field({ type: MoneyRef, nullable: true, resolve: (e) => e.offer.price }),
    previousPrice: t.field({ type: MoneyRef, nullable: true, resolve: (e) => e.previousPrice }),
    dropPercent: t.exposeFloat('dropPercent', { nullable: true, description: 'How far the price fell from the previous one, in percent; null when it did not fall.' }),
    lowestInHistory: t.exposeBoolean('lowestInHistory', { nullable: true, description: "The price is this listing's lowest in PRICE_HISTORY_DAYS; null when no history is kept." }),
    observedAt: t.exposeString('observedAt'),
    savedAlertId: t.id({ nullable: true, description: 'Set when one of the viewer’s saved alerts (Mutation.watchPrice) fired.', resolve: (e) => e.savedAlertId ?? null }),
  }),
});

builder.subscriptionType({
  description:
    'Live price subscriptions over graphql-sse: distinct connections on /graphql (Accept: text/event-stream), single-connection mode on /graphql/stream.',
});

builder.subscriptionField('offerUpdates', (t) =>
  t.field({
    type: OfferUpdateRef,
    description:
      'Every price and stock change of these products\u2019 offers (at these retailers; all by default), one event per kind of change, on whichever server saw it. While subscribed the products are read from their retailers every LIVE_POLL_INTERVAL_SECONDS. At most 100 products.',
    args: {
      productIds: t.arg.globalIDList({ required: true, for: [ProductRef] }),
      vendors: t.arg.stringList({ required: false }),
    },
    subscribe: (_root, args, ctx) =>
      withInputErrors(() => ctx.services.subscriptions.offerUpdates(args.productIds.map((g) => g.id), args.vendors ?? null)),
    resolve: (update) => update,
  }),
);

builder.subscriptionField('priceAlert', (t) =>
  t.field({
    type: PriceAlertEventRef,
    description:
      'Fires once per change when an in-stock offer (in `size`, when given) is at or under `maxPrice`, or dropped by at least `minDropPercent` (both must hold when both are given; with neither, when it comes back in stock). An UNKNOWN availability never fires it.',
    args: {
      productId: t.arg.globalID({ required: true, for: [ProductRef] }),
      maxPrice: t.arg({ type: MoneyInput, required: false }),
      minDropPercent: t.arg.float({ required: false }),
      size: t.arg.string({ required: false }),
    },
    subscribe: (_root, args, ctx) =>
      withInputErrors(() =>
        ctx.services.subscriptions.priceAlert(args.productId.id, {
          maxPrice: args.maxPrice ? { amount: args.maxPrice.amount, currencyCode: args.maxPrice.currencyCode ?? 'USD' } : null,
          minDropPercent: args.minDropPercent ?? null,
          size: args.size ?? null,
        }, ctx.viewer),
      ),
    resolve: (event) => event,
  }),
);
