import { GraphQLError } from 'graphql';
import type { PriceHistorySeries, PricePoint } from '../history/price-history.js';
import { builder } from './builder.js';
import { AvailabilityEnum } from './enums.js';
import { MoneyRef } from './money.js';
import { ProductRef } from './product.js';
import { withInputErrors } from './errors.js';

const PricePointRef = builder.objectRef<PricePoint>('PricePoint').implement({
  description: "One observed price or stock change of a retailer's listing: the offer as a whole (`size: null`) or one size.",
  fields: (t) => ({
    at: t.exposeString('at', { description: 'When the retailer was read (ISO 8601).' }),
    vendor: t.exposeString('vendor'),
    size: t.exposeString('size', { nullable: true }),
    price: t.field({ type: MoneyRef, nullable: true, resolve: (p) => p.price }),
    availability: t.field({ type: AvailabilityEnum, resolve: (p) => p.availability }),
  }),
});

const PriceHistoryRef = builder.objectRef<PriceHistorySeries & { days: number }>('PriceHistory').implement({
  fields: (t) => ({
    days: t.exposeInt('days'),
    points: t.field({ type: [PricePointRef], description: 'Oldest first.', resolve: (h) => h.points }),
    lowest: t.field({ type: MoneyRef, nullable: true, description: 'The lowest offer price in the window; null without any.', resolve: (h) => h.lowest }),
    highest: t.field({ type: MoneyRef, nullable: true, resolve: (h) => h.highest }),
  }),
});

builder.objectField(ProductRef, 'priceHistory', (t) =>
  t.field({
    type: PriceHistoryRef,
    nullable: true,
    description:
      "Every observed price and stock change of this product's listings (at `vendor`, when given) over the last `days` (default and most: PRICE_HISTORY_DAYS), from the durable store. An error (SERVICE_UNAVAILABLE) when this server has none.",
    args: { vendor: t.arg.string({ required: false }), days: t.arg.int({ required: false }) },
    resolve: (product, args, ctx) =>
      withInputErrors(async () => {
        const { config } = ctx.services;
        const maxDays = Math.floor(config.live.historyDays);
        const days = args.days ?? maxDays;
        if (!(days >= 1 && days <= Math.max(1, maxDays))) {
          throw new GraphQLError(`days must be between 1 and ${Math.max(1, maxDays)} (PRICE_HISTORY_DAYS), got ${days}`, { extensions: { code: 'BAD_USER_INPUT' } });
        }
        const listings = product.listings.filter((l) => !args.vendor || l.vendor === args.vendor);
        if (args.vendor && !ctx.services.retailers.some((r) => r.id === args.vendor)) {
          throw new GraphQLError(`vendor: unknown retailer "${args.vendor}"; known: ${ctx.services.retailers.map((r) => r.id).join(', ')}`, { extensions: { code: 'BAD_USER_INPUT' } });
        }
        const history = ctx.services.liveTrack.requireHistory();
        return { days, ...(await history.series(listings, days)) };
      }),
  }),
);
