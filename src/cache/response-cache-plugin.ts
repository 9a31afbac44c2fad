import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import type { RequestUsers } from '../users/request-users.js';
import { responseCacheKey, type ResponseCacheStore } from './response-cache.js';
import type { TierCounters } from './tiers.js';

/**
 * Fields whose values are live data (src/schema/offer.ts): an answer holding any of them is
 * never cached (TTL 0), so the live tier stays the one cache of live data and a deferred price
 * is never served past the live TTL.
 */
export const LIVE_FIELD_COORDINATES = ['Product.offers', 'Product.bestOffer', 'Product.priceRange', 'Product.inStock', 'Product.liveStatus'] as const;

/**
 * Not cached either: the viewer's own data (preferences, recent views, saved alerts) changes
 * with every view, preference and alert, and a viewer without preferences shares the global
 * key, so a field that reads the viewer MUST be listed here or another viewer would be served
 * it; a signed-in `product(id)` records a view, which an answer from the cache would skip (the
 * record itself is one in-process read away); price history grows with every live observation.
 */
const UNCACHED_COORDINATES = [
  'Query.viewer',
  'Query.product',
  'Query.myPriceAlerts',
  'Product.priceHistory',
  'Mutation.updatePreferences',
  'Mutation.watchPrice',
  'Mutation.unwatchPrice',
] as const;

/** A document that names a live field is not even looked up (it could never have been written). */
const NAMES_A_LIVE_FIELD = new RegExp(`\\b(${LIVE_FIELD_COORDINATES.map((c) => c.split('.')[1]).join('|')})\\b`);

export interface HexarResponseCacheOptions {
  cache: ResponseCacheStore;
  counters: TierCounters;
  users: RequestUsers;
  /** The catalog's content version, part of every key. */
  catalogVersion: () => string;
  ttlSeconds: number;
}

/**
 * The response cache on the query tier: `@graphql-yoga/plugin-response-cache` over our store.
 * A repeated query is answered before it is parsed, validated or executed (no static-tier read,
 * no retailer call). Keyed by document, variables, operation, the viewer (only a viewer with
 * preferences has answers of their own, keyed by their preferences' version) and the catalog's
 * content version. A request whose user header is refused skips it, so it gets its 401.
 */
export function useHexarResponseCache(options: HexarResponseCacheOptions): Plugin {
  const { users } = options;
  const enabled = (request: Request, context: { params?: { query?: string } }) =>
    users.trusted(request) && !NAMES_A_LIVE_FIELD.test(context.params?.query ?? '');
  const responseCache = useResponseCache<{ params?: { query?: string } }>({
    cache: options.cache,
    ttl: options.ttlSeconds * 1000,
    ttlPerSchemaCoordinate: Object.fromEntries([...LIVE_FIELD_COORDINATES, ...UNCACHED_COORDINATES].map((c) => [c, 0])),
    // Answers are dropped by product id (catalog changes) and by user (preference changes), not by mutation results.
    invalidateViaMutation: false,
    includeExtensionMetadata: false,
    // The viewer is part of our key (below); the plugin's own session would only repeat it.
    session: () => null,
    enabled,
    buildResponseCacheKey: async ({ documentString, variableValues, operationName, request }) => {
      const context = await users.context(request);
      const version = context?.preferencesVersion;
      return responseCacheKey({
        documentString,
        variableValues,
        operationName,
        user: context && version ? { userId: context.viewer.userId, preferencesVersion: version } : null,
        catalogVersion: options.catalogVersion(),
      });
    },
  });
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(responseCache);
      addPlugin({
        // A query that runs was not answered from the cache: a miss (hits are counted by the
        // store). On a miss the plugin asks the store again as it executes; an answer found
        // then is a hit, not a miss.
        onExecute({ args }) {
          const request = (args.contextValue as { request?: Request }).request;
          const params = (args.contextValue as { params?: { query?: string } }).params;
          if (!request || !enabled(request, { params })) return;
          if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
          return {
            onExecuteDone({ result }) {
              if (!options.cache.handedOut(result)) options.counters.misses++;
            },
          };
        },
      });
    },
  };
}
