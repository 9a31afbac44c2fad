import { randomUUID } from 'node:crypto';
import { createLightAgent, type LightVendorAgent } from '../../../src/agents/light/index.js';
import { RedisStore } from '../../../src/cache/redis-store.js';
import type { Store } from '../../../src/cache/store.js';
import { loadConfig, type Config } from '../../../src/config.js';
import type { Listing, VendorId } from '../../../src/domain/product.js';
import { createLogger } from '../../../src/logger.js';
import { LiveMarketService } from '../../../src/live/live-market-service.js';
import type { OfferChange } from '../../../src/live/types.js';
import { sandboxCatalog, startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { startFakeStorefront, type FakeProduct, type FakeStorefront } from './fake-storefront.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface LiveHarness {
  config: Config;
  store: RedisStore;
  sandbox: Sandbox;
  agents: Map<VendorId, LightVendorAgent>;
  service: LiveMarketService;
  changes: OfferChange[];
  /** Three evo listings, then two backcountry listings, from the sandbox catalog. */
  listings: Listing[];
  evoListings: Listing[];
  backcountryListings: Listing[];
  /** Another "process": its own service (own in-flight map) on the same Redis prefix (through `store` when given, e.g. a counting wrapper). */
  otherProcess(store?: Store): LiveMarketService;
  /** Requests the sandbox storefronts received, per retailer. */
  requests(): { evo: number; backcountry: number };
  close(): Promise<void>;
}

/** The sandbox catalog's listings of one retailer, as the static tier would hold them. */
export function sandboxListings(vendor: 'evo' | 'backcountry', count: number): Listing[] {
  return sandboxCatalog()
    .flatMap((p) => p[vendor] ?? [])
    .slice(0, count)
    .map((l) => ({ vendor, vendorProductId: l.vendorProductId, url: l.path, title: l.title }));
}

/** Sandbox storefronts on ephemeral ports, the real light agents, and a live market service on Redis under a prefix of its own. */
export async function startLiveHarness(env: Record<string, string> = {}): Promise<LiveHarness> {
  const sandbox = await startSandbox();
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    EVO_BASE_URL: sandbox.evo.baseUrl,
    BACKCOUNTRY_BASE_URL: sandbox.backcountry.baseUrl,
    // The agents' own timeout: short, so a hanging retailer's call ends within the test.
    AGENT_QUERY_TIMEOUT: '1.5',
    ...env,
  });
  const logger = createLogger('silent');
  const agents = new Map<VendorId, LightVendorAgent>(
    config.retailers.map((r) => [r.id, createLightAgent({ ...r, baseUrl: r.baseUrl! }, config, logger)]),
  );
  const store = RedisStore.fromUrl(REDIS_URL, `test:live:${randomUUID()}:`);
  await store.connect();
  const changes: OfferChange[] = [];
  const make = (on: Store = store) => new LiveMarketService({ store: on, agents, config, logger, publish: (c) => changes.push(c) });
  const service = make();
  const others: LiveMarketService[] = [];
  const evoListings = sandboxListings('evo', 3);
  const backcountryListings = sandboxListings('backcountry', 2);
  return {
    config,
    store,
    sandbox,
    agents,
    service,
    changes,
    listings: [...evoListings, ...backcountryListings],
    evoListings,
    backcountryListings,
    otherProcess(on?: Store) {
      const other = make(on);
      others.push(other);
      return other;
    },
    requests: () => ({ evo: sandbox.evo.stats().total, backcountry: sandbox.backcountry.stats().total }),
    async close() {
      await Promise.all([service, ...others].map((s) => s.idle()));
      const keys = await store.keys('');
      if (keys.length > 0) await store.delete(...keys);
      await store.close();
      for (const agent of agents.values()) agent.client.shutdown();
      await sandbox.close();
    },
  };
}

/** The listing key of a listing (as results and loaders use). */
export const keyOf = (l: Listing): string => `${l.vendor}:${l.vendorProductId}`;

/**
 * Resolves once `fact()` holds (polled every 5 ms), so a test waits for the event it needs
 * (e.g. "the retailer has the request") rather than for a time. Rejects after `timeoutMs`.
 */
export async function until(fact: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const giveUpMs = Date.now() + timeoutMs;
  while (!(await fact())) {
    if (Date.now() > giveUpMs) throw new Error(`until: still false after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface FakeLiveHarness {
  storefront: FakeStorefront;
  store: RedisStore;
  service: LiveMarketService;
  changes: OfferChange[];
  /** Listings of the fake storefront's products, by id. */
  listings(...ids: string[]): Listing[];
  close(): Promise<void>;
}

/**
 * A live market service whose only retailer is a fake storefront (speaking backcountry's
 * product API) that the test can change: prices, stock, products removed.
 */
export async function startFakeLiveHarness(products: FakeProduct[], env: Record<string, string> = {}): Promise<FakeLiveHarness> {
  const storefront = await startFakeStorefront(products);
  const config = loadConfig({ LOG_LEVEL: 'silent', BACKCOUNTRY_BASE_URL: storefront.baseUrl, ...env });
  const logger = createLogger('silent');
  const agent = createLightAgent({ id: 'backcountry', kind: 'backcountry', baseUrl: storefront.baseUrl }, config, logger);
  const store = RedisStore.fromUrl(REDIS_URL, `test:live:${randomUUID()}:`);
  await store.connect();
  const changes: OfferChange[] = [];
  const service = new LiveMarketService({ store, agents: { backcountry: agent }, config, logger, publish: (c) => changes.push(c) });
  return {
    storefront,
    store,
    service,
    changes,
    listings: (...ids) => ids.map((id) => ({ vendor: 'backcountry', vendorProductId: id, url: `/test-board-${id.toLowerCase()}`, title: id })),
    async close() {
      await service.idle();
      const keys = await store.keys('');
      if (keys.length > 0) await store.delete(...keys);
      await store.close();
      agent.client.shutdown();
      await storefront.close();
    },
  };
}
