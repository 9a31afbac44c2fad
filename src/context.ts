import type DataLoader from 'dataloader';
import type { StaticProduct } from './domain/product.js';
import type { AppServices } from './services.js';
import type { LiveLoader } from './live/live-loader.js';
import type { Viewer } from './domain/user.js';
import { createStaticLoader } from './catalog/static-product-service.js';
import { createLiveLoader } from './live/live-loader.js';

/**
 * Per-request context. Static and live fields never share a loader: yoga starts
 * deferred fragments in the same tick as the rest, so a shared loader would hold
 * the static payload back until the retailers answer.
 */
export interface GraphQLContext {
  services: AppServices;
  staticLoader: DataLoader<string, StaticProduct | null>;
  liveLoader: LiveLoader;
  /** The shopper the request's X-Hexar-User token names (README, *Users*); null = anonymous, answers are global. */
  viewer: Viewer | null;
}

/**
 * Build the context for one operation, as it starts: the live deadline counts from here, so the
 * deferred payload arrives by LIVE_DEADLINE_MS whatever the cache reads before it took.
 */
export function createContext(services: AppServices, startedAtMs: number = Date.now(), viewer: Viewer | null = null): GraphQLContext {
  return {
    services,
    viewer,
    staticLoader: createStaticLoader(services.staticProducts, {
      onMissing: (ids) => services.noticeMissingRecords(ids),
      onLoaded: (ids) => services.demand.record(ids),
    }),
    liveLoader: createLiveLoader(services.liveMarket, { deadlineAtMs: startedAtMs + services.config.liveDeadlineMs }),
  };
}
