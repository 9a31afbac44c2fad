import { randomUUID } from 'node:crypto';
import type { Store } from '../cache/store.js';
import type { Config } from '../config.js';
import type { StaticProduct, VendorId } from '../domain/product.js';
import type { LiveMarketService } from '../live/live-market-service.js';
import type { Logger } from '../logger.js';
import { InProcessInterest, RedisInterest } from './interest.js';
import { LiveRefresher } from './live-refresher.js';
import { LiveSubscriptions } from './live-subscriptions.js';
import { createHexarPubSub } from './pubsub.js';

export interface LiveTrackDeps {
  config: Config;
  logger: Logger;
  store: Store;
  liveMarket: LiveMarketService;
  staticProducts: { getProducts(ids: readonly string[]): Promise<(StaticProduct | null)[]> };
  vendors: readonly VendorId[];
}

/** Subscriptions, their refresher and pub/sub, for one process. */
export interface LiveTrack {
  subscriptions: LiveSubscriptions;
  refresher: LiveRefresher;
  /** This server's id in the interest registry and refresher leases. */
  serverId: string;
  /** For /health: the refresher's counts (and, with the durable store, its state). */
  health(): Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * Wire the live subscriptions for one process: pub/sub (Redis with REDIS_URL, in-process
 * otherwise), the interest registry, the live refresher (started), and the live market
 * service's observer, so every retailer batch's changes are published.
 */
export async function createLiveTrack(deps: LiveTrackDeps): Promise<LiveTrack> {
  const { config } = deps;
  const logger = deps.logger.child({ component: 'live-subscriptions' });
  const serverId = randomUUID();
  const pubsub = createHexarPubSub({ redisUrl: config.redisUrl, prefix: config.redisKeyPrefix, logger });
  const interest = pubsub.commands ? new RedisInterest(pubsub.commands, config.redisKeyPrefix, serverId) : new InProcessInterest();
  const refresher = new LiveRefresher({
    store: deps.store,
    interest,
    products: deps.staticProducts,
    refresh: (listings) => deps.liveMarket.refresh(listings),
    intervalMs: config.live.pollIntervalMs,
    serverId,
    logger,
  });
  const subscriptions = new LiveSubscriptions({ pubsub, refresher, products: deps.staticProducts, vendors: deps.vendors, logger });
  deps.liveMarket.observe((observed) => subscriptions.observe(observed));
  refresher.start();
  return {
    subscriptions,
    refresher,
    serverId,
    health: () => ({ refresher: { intervalMs: config.live.pollIntervalMs, ...refresher.stats() } }),
    async close() {
      await refresher.close();
      await pubsub.close();
    },
  };
}
