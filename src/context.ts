import type DataLoader from 'dataloader';
import type { StaticProduct } from './domain/product.js';
import type { AppServices } from './services.js';
import type { LiveLoader } from './live/live-loader.js';
import { createStaticLoader } from './catalog/static-product-service.js';
import { createLiveLoader } from './live/live-loader.js';

export interface Viewer {
  /** From the `x-hexar-user` header; null for anonymous requests. */
  userId: string | null;
}

/**
 * Per-request context. Static and live fields never share a loader: yoga starts
 * deferred fragments in the same tick as the rest, so a shared loader would hold
 * the static payload back until the retailers answer.
 */
export interface GraphQLContext {
  services: AppServices;
  viewer: Viewer;
  staticLoader: DataLoader<string, StaticProduct | null>;
  liveLoader: LiveLoader;
}

const USER_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Build the context for one request. */
export function createContext(services: AppServices, request: Request): GraphQLContext {
  const userHeader = request.headers.get('x-hexar-user');
  return {
    services,
    viewer: { userId: userHeader && USER_ID.test(userHeader) ? userHeader : null },
    staticLoader: createStaticLoader(services.staticProducts),
    liveLoader: createLiveLoader(services.liveMarket),
  };
}
