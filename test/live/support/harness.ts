import { randomUUID } from 'node:crypto';
import type { LightAgent } from '../../../src/agents/types.js';
import { RedisStore } from '../../../src/cache/redis-store.js';
import { loadConfig, type Config } from '../../../src/config.js';
import type { Listing, VendorId } from '../../../src/domain/product.js';
import { createLogger } from '../../../src/logger.js';
import { LiveMarketService } from '../../../src/live/live-market-service.js';
import type { OfferChange } from '../../../src/live/types.js';
import { fakeProduct, startFakeStorefront, type FakeStorefront } from './fake-storefront.js';
import { httpLightAgent } from './http-light-agent.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The agents' own per-call timeout: longer than the request deadlines the tests use. */
export const AGENT_TIMEOUT_MS = 1500;

export interface LiveHarness {
  config: Config;
  store: RedisStore;
  retailers: Record<'evo' | 'backcountry', FakeStorefront>;
  agents: Map<VendorId, LightAgent>;
  service: LiveMarketService;
  changes: OfferChange[];
  listings: Listing[];
  /** Another "process": its own service (own in-flight map) on the same Redis prefix. */
  otherProcess(): LiveMarketService;
  /** Requests the retailers received, per retailer. */
  requests(): { evo: number; backcountry: number };
  close(): Promise<void>;
}

export function listing(vendor: VendorId, id: string): Listing {
  return { vendor, vendorProductId: id, url: `/test-board-${id.toLowerCase()}`, title: `Test Board ${id}` };
}

/** Two retailers on ephemeral ports, their light agents, and a live market service on Redis under a prefix of its own. */
export async function startLiveHarness(env: Record<string, string> = {}): Promise<LiveHarness> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const logger = createLogger('silent');
  const evo = await startFakeStorefront([fakeProduct('E1', 439.96, 549.95), fakeProduct('E2', 299.95), fakeProduct('E3', 619.95)]);
  const backcountry = await startFakeStorefront([fakeProduct('B1', 399.95, 499.95), fakeProduct('B2', 259.95)]);
  const store = RedisStore.fromUrl(REDIS_URL, `test:live:${randomUUID()}:`);
  await store.connect();
  const agents = new Map<VendorId, LightAgent>([
    ['evo', httpLightAgent('evo', evo.baseUrl, AGENT_TIMEOUT_MS)],
    ['backcountry', httpLightAgent('backcountry', backcountry.baseUrl, AGENT_TIMEOUT_MS)],
  ]);
  const changes: OfferChange[] = [];
  const make = () => new LiveMarketService({ store, agents, config, logger, publish: (c) => changes.push(c) });
  const service = make();
  const others: LiveMarketService[] = [];
  return {
    config,
    store,
    retailers: { evo, backcountry },
    agents,
    service,
    changes,
    listings: [listing('evo', 'E1'), listing('evo', 'E2'), listing('evo', 'E3'), listing('backcountry', 'B1'), listing('backcountry', 'B2')],
    otherProcess() {
      const other = make();
      others.push(other);
      return other;
    },
    requests: () => ({ evo: evo.requests, backcountry: backcountry.requests }),
    async close() {
      await Promise.all([service, ...others].map((s) => s.idle()));
      const keys = await store.keys('');
      if (keys.length > 0) await store.delete(...keys);
      await store.close();
      await Promise.all([evo.close(), backcountry.close()]);
    },
  };
}

/** Poll until `check` holds (or give up after `timeoutMs`), for effects that land in the background. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<boolean> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
