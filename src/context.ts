import type DataLoader from 'dataloader';
import type { StaticProduct } from './domain/product.js';
import type { AppServices } from './services.js';
import type { LiveLoader } from './live/live-loader.js';
import type { Viewer } from './domain/user.js';
import type { LoadedUserContext } from './users/user-context-service.js';
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
  /** The viewer's preferences and recent views, loaded at most once per request; null when anonymous. */
  userContext(): Promise<LoadedUserContext | null>;
  /**
   * Every product the request read (found or missing) or served as a search miss's provisional
   * product: what its answer can hold, so the response cache indexes the answer under them.
   */
  productsRead: Set<string>;
}

/**
 * Build the context for one operation, as it starts: the live deadline counts from here, so the
 * deferred payload arrives by LIVE_DEADLINE_MS whatever the cache reads before it took.
 */
export function createContext(
  services: AppServices,
  startedAtMs: number = Date.now(),
  viewer: Viewer | null = null,
  /** Shared with what ran before the context existed (the response cache's key); default: loaded here. */
  userContext?: () => Promise<LoadedUserContext | null>,
): GraphQLContext {
  let loaded: Promise<LoadedUserContext | null> | undefined;
  const productsRead = new Set<string>();
  const read = (ids: readonly string[]) => {
    for (const id of ids) productsRead.add(id);
  };
  return {
    services,
    viewer,
    productsRead,
    userContext: userContext ?? (() => (loaded ??= viewer ? services.users.load(viewer) : Promise.resolve(null))),
    staticLoader: createStaticLoader(services.staticProducts, {
      onMissing: (ids) => {
        read(ids);
        services.noticeMissingRecords(ids);
      },
      onLoaded: (ids) => {
        read(ids);
        services.demand.record(ids);
      },
    }),
    liveLoader: createLiveLoader(services.liveMarket, { deadlineAtMs: startedAtMs + services.config.liveDeadlineMs }),
  };
}
