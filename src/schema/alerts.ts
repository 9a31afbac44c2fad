import { encodeGlobalID } from '@pothos/plugin-relay';
import type { SavedPriceAlert } from '../subscriptions/saved-alerts.js';
import { builder } from './builder.js';
import { MoneyRef } from './money.js';
import { ProductRef } from './product.js';
import { MoneyInput } from './subscription.js';
import { withInputErrors } from './errors.js';

const SavedPriceAlertRef = builder.objectRef<SavedPriceAlert>('SavedPriceAlert').implement({
  description: 'A price alert saved by its viewer (Mutation.watchPrice): it outlives any connection and any server, until it expires (PRICE_ALERT_TTL_DAYS).',
  fields: (t) => ({
    id: t.exposeID('id'),
    productId: t.id({ resolve: (a) => encodeGlobalID('Product', a.productId) }),
    product: t.field({
      type: ProductRef,
      nullable: true,
      description: 'null when the catalog no longer holds it.',
      resolve: (a, _args, ctx) => ctx.staticLoader.load(a.productId),
    }),
    maxPrice: t.field({ type: MoneyRef, nullable: true, resolve: (a) => a.criteria.maxPrice }),
    minDropPercent: t.float({ nullable: true, resolve: (a) => a.criteria.minDropPercent }),
    size: t.string({ nullable: true, resolve: (a) => a.criteria.size }),
    webhookUrl: t.exposeString('webhookUrl', { nullable: true }),
    createdAt: t.exposeString('createdAt'),
    expiresAt: t.exposeString('expiresAt'),
    lastFiredAt: t.exposeString('lastFiredAt', { nullable: true }),
  }),
});

const WatchPriceResultRef = builder.objectRef<{ alert: SavedPriceAlert; secret: string }>('WatchPriceResult').implement({
  fields: (t) => ({
    alert: t.field({ type: SavedPriceAlertRef, resolve: (r) => r.alert }),
    webhookSecret: t.string({
      description:
        'The HMAC-SHA256 key of this alert\u2019s webhook deliveries (header X-Hexar-Signature: sha256=<hex of the body>). Shown this once: keep it.',
      resolve: (r) => r.secret,
    }),
  }),
});

builder.mutationField('watchPrice', (t) =>
  t.field({
    type: WatchPriceResultRef,
    description:
      'Save a price alert for the viewer (an X-Hexar-User token is required): it fires, once per change, when an in-stock offer (in `size`) is at or under `maxPrice` or dropped by at least `minDropPercent`, with a signed POST to `webhookUrl` (retried with backoff) and a priceAlert event for the viewer\u2019s subscribers on the product.',
    args: {
      productId: t.arg.globalID({ required: true, for: [ProductRef] }),
      maxPrice: t.arg({ type: MoneyInput, required: false }),
      minDropPercent: t.arg.float({ required: false }),
      size: t.arg.string({ required: false }),
      webhookUrl: t.arg.string({ required: false, description: 'http(s); no loopback or private addresses (unless PRICE_ALERT_WEBHOOK_ALLOW_PRIVATE).' }),
    },
    resolve: (_root, args, ctx) =>
      withInputErrors(() =>
        ctx.services.liveTrack.requireAlerts().watch(
          ctx.viewer,
          args.productId.id,
          {
            maxPrice: args.maxPrice ? { amount: args.maxPrice.amount, currencyCode: args.maxPrice.currencyCode ?? 'USD' } : null,
            minDropPercent: args.minDropPercent ?? null,
            size: args.size ?? null,
          },
          args.webhookUrl ?? null,
        ),
      ),
  }),
);

builder.mutationField('unwatchPrice', (t) =>
  t.field({
    type: 'Boolean',
    description: 'Remove one of the viewer\u2019s saved alerts (only its owner may). true once removed.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => withInputErrors(async () => (await ctx.services.liveTrack.requireAlerts().unwatch(ctx.viewer, String(args.id)), true)),
  }),
);

builder.queryField('myPriceAlerts', (t) =>
  t.field({
    type: [SavedPriceAlertRef],
    description: 'The viewer\u2019s saved price alerts that have not expired, oldest first (an X-Hexar-User token is required).',
    resolve: (_root, _args, ctx) => withInputErrors(() => ctx.services.liveTrack.requireAlerts().list(ctx.viewer)),
  }),
);
