import { randomUUID } from 'node:crypto';
import type { Store } from '../cache/store.js';
import type { Config } from '../config.js';
import type { StaticProduct, VendorId } from '../domain/product.js';
import type { LiveMarketService } from '../live/live-market-service.js';
import type { Logger } from '../logger.js';
import { InProcessInterest, RedisInterest } from './interest.js';
import { LiveRefresher } from './live-refresher.js';
import { LiveSubscriptions, type PriceAlertEvent } from './live-subscriptions.js';
import { createHexarPubSub } from './pubsub.js';
import type { Kysely } from 'kysely';
import { DURABLE_OFF_MESSAGE, openDurableStore, type DurableStatus, type DurableStore, type DurableTables } from '../db/database.js';
import { PriceHistory } from '../history/price-history.js';
import { InputError } from './errors.js';
import { SavedAlerts } from './saved-alerts.js';

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
  /** null when there is no durable store (see durable). */
  history: PriceHistory | null;
  durable: DurableStatus;
  /** The durable store's database (shoppers' preferences are kept there too); null when there is none. Closed by close(). */
  durableDb: Kysely<DurableTables> | null;
  /** The price history, or the clear error its fields answer when the durable store is off. */
  requireHistory(): PriceHistory;
  /** null when there is no durable store. */
  savedAlerts: SavedAlerts | null;
  /** The saved alerts, or the clear error their fields answer when the durable store is off. */
  requireAlerts(): SavedAlerts;
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
  const { store: durableStore, status: durable } = await openDurable(config, logger);
  const history = durableStore ? new PriceHistory(durableStore.db, { historyDays: config.live.historyDays, logger }) : null;
  history?.start();
  // Set once the subscriptions exist: a fired saved alert is a priceAlert event for its owner's subscribers too.
  let onSavedAlertFired: (ownerId: string, alertId: string, event: PriceAlertEvent) => void = () => undefined;
  const savedAlerts = durableStore
    ? new SavedAlerts({
        db: durableStore.db,
        products: deps.staticProducts,
        ttlDays: config.live.alertTtlDays,
        allowPrivateWebhooks: config.live.webhookAllowPrivate,
        onFired: (ownerId, alertId, event) => onSavedAlertFired(ownerId, alertId, event),
        logger,
      })
    : null;
  savedAlerts?.start();
  const pubsub = createHexarPubSub({ redisUrl: config.redisUrl, prefix: config.redisKeyPrefix, logger });
  await pubsub.ready;
  const interest = pubsub.commands ? new RedisInterest(pubsub.commands, config.redisKeyPrefix, serverId) : new InProcessInterest();
  const refresher = new LiveRefresher({
    store: deps.store,
    interest,
    products: deps.staticProducts,
    refresh: (listings) => deps.liveMarket.refresh(listings),
    intervalMs: config.live.pollIntervalMs,
    alertProducts: savedAlerts ? () => savedAlerts.productIds() : undefined,
    serverId,
    logger,
  });
  const subscriptions = new LiveSubscriptions({ pubsub, refresher, products: deps.staticProducts, vendors: deps.vendors, history, listeners: savedAlerts ? [savedAlerts] : [], logger });
  onSavedAlertFired = (ownerId, alertId, event) => subscriptions.publishSavedAlert(ownerId, alertId, event);
  deps.liveMarket.observe((observed) => subscriptions.observe(observed));
  refresher.start();
  return {
    subscriptions,
    refresher,
    serverId,
    history,
    durable,
    durableDb: durableStore?.db ?? null,
    requireHistory() {
      if (!history) throw new InputError('SERVICE_UNAVAILABLE', durable.enabled ? DURABLE_OFF_MESSAGE : durable.reason);
      return history;
    },
    savedAlerts,
    requireAlerts() {
      if (!savedAlerts) throw new InputError('SERVICE_UNAVAILABLE', durable.enabled ? DURABLE_OFF_MESSAGE : durable.reason);
      return savedAlerts;
    },
    health: () => ({
      refresher: { intervalMs: config.live.pollIntervalMs, ...refresher.stats() },
      durable: durable.enabled ? { ...durable, history: history?.stats() ?? null, savedAlerts: savedAlerts?.stats() ?? null } : durable,
    }),
    async close() {
      await refresher.close();
      await savedAlerts?.close();
      await history?.close();
      await durableStore?.close();
      await pubsub.close();
    },
  };
}

/** The durable store, or why there is none: a database that cannot be opened turns the durable features off, never the server. */
async function openDurable(config: Config, logger: Logger): Promise<{ store: DurableStore | null; status: DurableStatus }> {
  try {
    const store = await openDurableStore(config, logger);
    if (!store) return { store: null, status: { enabled: false, reason: DURABLE_OFF_MESSAGE } };
    return { store, status: { enabled: true, backend: store.backend, location: store.location } };
  } catch (err) {
    const reason = `price history and saved alerts are off on this server: ${err instanceof Error ? err.message : String(err)}`;
    logger.error({ err: reason }, 'durable store could not be opened');
    return { store: null, status: { enabled: false, reason } };
  }
}
