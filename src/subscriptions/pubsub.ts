import { Redis } from 'ioredis';
import { createPubSub, type PubSub } from 'graphql-yoga';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { LiveOffer } from '../domain/live.js';
import type { VendorId } from '../domain/product.js';
import { FAST_FAIL_REDIS_OPTIONS } from '../cache/redis-store.js';
import type { Logger } from '../logger.js';
import type { ListingChange } from './changes.js';

/** Pub/sub topics (the wire's names, in one place); REDIS_KEY_PREFIX goes in front, so deployments sharing a Redis stay apart. */
export const SUBSCRIPTION_TOPICS = {
  /** One message per observed change of a retailer listing; the id is the listing key `<vendor>:<vendorProductId>`. */
  listingUpdates: 'live:listing-updates',
  /** A saved alert fired (its product's global subscribers hear it as priceAlert too); the id is the product id. */
  savedAlertFired: 'live:saved-alert-fired',
} as const;

/**
 * A change one server saw on a retailer listing, as every server hears it. Listing-level (not
 * product-level) so the server that saw it needs no catalog lookup; subscribers know which of
 * their products' listings they follow.
 */
export interface ListingUpdateMessage {
  vendor: VendorId;
  vendorProductId: string;
  changes: ListingChange[];
  previous: LiveOffer;
  /** null: the retailer no longer lists it (DELISTED). */
  offer: LiveOffer | null;
  /** The new price is this listing's lowest in PRICE_HISTORY_DAYS; null when no history is kept or it has no price. */
  lowestInHistory: boolean | null;
  observedAt: string;
}

/** A saved alert fired: its owner's priceAlert subscribers on the product hear it (id `<ownerId> <productId>`). */
export interface SavedAlertFiredMessage {
  savedAlertId: string;
  event: import('./live-subscriptions.js').PriceAlertEvent;
}

type Topics = Record<string, [id: string, message: ListingUpdateMessage | SavedAlertFiredMessage]>;

/** Yoga's pub/sub plus what closing it takes. */
export interface HexarPubSub {
  pubSub: PubSub<Topics>;
  /** The topic name with this deployment's prefix. */
  topic(name: keyof typeof SUBSCRIPTION_TOPICS): string;
  /** A client for plain commands beside the pub/sub (the interest registry, leases), null in embedded mode. */
  commands: Redis | null;
  /** Resolves once the connections are up, or failed (then they keep retrying): start-up never waits on Redis for long. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Yoga's `createPubSub`: in-process in embedded mode; with REDIS_URL on
 * `@graphql-yoga/redis-event-target` over two ioredis connections (a subscriber connection
 * cannot send other commands), so a change seen by any server reaches subscribers on every one.
 */
export function createHexarPubSub(options: { redisUrl: string | undefined; prefix: string; logger: Logger }): HexarPubSub {
  const topic = (name: keyof typeof SUBSCRIPTION_TOPICS) => options.prefix + SUBSCRIPTION_TOPICS[name];
  if (!options.redisUrl) {
    return { pubSub: createPubSub<Topics>(), topic, commands: null, ready: Promise.resolve(), close: async () => undefined };
  }
  const publishClient = new Redis(options.redisUrl, FAST_FAIL_REDIS_OPTIONS);
  // Offline queue on, so a subscriber whose connection dropped subscribes again once it is back.
  const subscribeClient = new Redis(options.redisUrl, { lazyConnect: true, connectTimeout: 2000, enableOfflineQueue: true, autoResubscribe: true });
  for (const client of [publishClient, subscribeClient]) {
    client.on('error', (err: unknown) => options.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'subscriptions: redis client error'));
  }
  const ready = Promise.all(
    [publishClient, subscribeClient].map((client) =>
      client.connect().catch((err: unknown) => options.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'subscriptions: redis connect failed; retrying')),
    ),
  ).then(() => undefined);
  // redis-event-target leaves its PUBLISH and SUBSCRIBE promises unhandled: a Redis outage would
  // reject them and end the process. It uses only these methods, so it gets clients whose
  // commands log their failure instead (a missed message is what pub/sub costs during an outage).
  const failed = (what: string) => (err: unknown) => {
    options.logger.warn({ err: err instanceof Error ? err.message : String(err) }, `subscriptions: redis ${what} failed`);
    return 0;
  };
  const publisher = { publish: (channel: string, message: string) => publishClient.publish(channel, message).catch(failed('publish')) };
  const subscriber = {
    on: (event: 'message', listener: (channel: string, message: string) => void) => {
      subscribeClient.on(event, listener);
      return subscriber;
    },
    subscribe: (...channels: string[]) => subscribeClient.subscribe(...channels).catch(failed('subscribe')),
    unsubscribe: (...channels: string[]) => subscribeClient.unsubscribe(...channels).catch(failed('unsubscribe')),
  };
  const eventTarget = createRedisEventTarget({ publishClient: publisher as unknown as Redis, subscribeClient: subscriber as unknown as Redis });
  return {
    pubSub: createPubSub<Topics>({ eventTarget: eventTarget as NonNullable<Parameters<typeof createPubSub<Topics>>[0]>['eventTarget'] }),
    topic,
    commands: publishClient,
    ready,
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
