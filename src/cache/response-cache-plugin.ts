import { getOperationAST, TypeInfo, visit, visitWithTypeInfo, BREAK, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { GraphQLContext } from '../context.js';
import type { RequestUsers } from '../users/request-users.js';
import { responseCacheKey, type ResponseCacheStore } from './response-cache.js';
import type { TierCounters } from './tiers.js';

/**
 * Fields whose values are live data (src/schema/offer.ts): a document selecting any of them is
 * never cached, so the live tier stays the one cache of live data and a deferred price is never
 * served past the live TTL.
 */
export const LIVE_FIELD_COORDINATES = ['Product.offers', 'Product.bestOffer', 'Product.priceRange', 'Product.inStock', 'Product.liveStatus'] as const;

/**
 * Not cached either: the viewer's own data (preferences, recent views, saved alerts) changes
 * with every view, preference and alert, and a viewer without preferences shares the global
 * key, so a field that reads the viewer MUST be listed here or another viewer would be served
 * it; a signed-in `product(id)` records a view, which an answer from the cache would skip (the
 * record itself is one in-process read away); price history grows with every live observation.
 */
const UNCACHED_COORDINATES = ['Query.viewer', 'Query.product', 'Query.myPriceAlerts', 'Product.priceHistory'] as const;

const NEVER_CACHED: ReadonlySet<string> = new Set([...LIVE_FIELD_COORDINATES, ...UNCACHED_COORDINATES]);

/** Documents (text and operation name) whose answers may be cached, as far as they were seen: a bounded memo. */
const DOCUMENTS_REMEMBERED = 1_000;

/**
 * Whether the answers to a document's operation may be cached: a query (never a mutation or a
 * subscription), delivered whole (no @defer or @stream: its parts are streamed, not one answer),
 * selecting no field in NEVER_CACHED, also through fragments on interfaces and named fragments.
 */
export function isCacheableDocument(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): boolean {
  if (getOperationAST(document, operationName)?.operation !== 'query') return false;
  const typeInfo = new TypeInfo(schema);
  let cacheable = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Directive(node) {
        if (node.name.value === 'defer' || node.name.value === 'stream') {
          cacheable = false;
          return BREAK;
        }
        return undefined;
      },
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent && NEVER_CACHED.has(`${parent.name}.${node.name.value}`)) {
          cacheable = false;
          return BREAK;
        }
        return undefined;
      },
      // Another operation of the document is not what this request runs (fragments are all
      // visited: one only another operation spreads can only make this answer uncached).
      OperationDefinition(node) {
        const name = node.name?.value ?? null;
        return operationName == null || name === operationName ? undefined : false;
      },
    }),
  );
  return cacheable;
}

export interface HexarResponseCacheOptions {
  cache: ResponseCacheStore;
  counters: TierCounters;
  users: RequestUsers;
  /** The catalog's content version, part of every key. */
  catalogVersion: () => string;
  ttlSeconds: number;
}

type OperationContext = GraphQLContext & { request: Request; params: { query?: string; operationName?: string | null } };

/**
 * The response cache on the query tier: whole answers in our ResponseCacheStore, keyed by
 * document, variables, operation, the viewer (only a viewer with preferences has answers of
 * their own, keyed by their preferences' version) and the catalog's content version.
 *
 * - A repeated query is answered in yoga's onParams hook, before it is parsed, validated or
 *   executed: no static-tier read, no retailer call. A request whose user header is refused
 *   skips it, so it gets its 401.
 * - An executed answer is written with the products it holds: the records the request loaded and
 *   the provisional products it served (`GraphQLContext.productsRead`, filled as they are read),
 *   so invalidation by product id needs neither extra fields in the document nor a walk over the
 *   answer; its JSON text is made once and is both what is sent and what is stored.
 * - Which documents can be cached is decided once per document (isCacheableDocument), and a
 *   document that cannot is not even looked up again.
 *
 * Ours rather than `@graphql-yoga/plugin-response-cache`: that plugin adds `__typename` and `id`
 * to every selection set of every cached document and then clones every object of every answer
 * to take them out again (deleting properties, which leaves objects slow to serialise): with it a
 * search not seen before took 2.7-3.2 ms in-process (`npx tsx bench/probe.ts`), 1.5-1.8 ms with no
 * response cache at all, 1.9-2.5 ms with this one.
 */
export function useHexarResponseCache(options: HexarResponseCacheOptions): Plugin<OperationContext> {
  const { users, cache, counters } = options;
  const cacheable = new LRUCache<string, boolean>({ max: DOCUMENTS_REMEMBERED });
  const documentKey = (params: { query?: string; operationName?: string | null }) => `${params.operationName ?? ''}\u0000${params.query ?? ''}`;
  /** The key each request's answer is read and written under (set in onParams, read in onExecute). */
  const keys = new WeakMap<Request, string>();

  return {
    async onParams({ params, request, setResult }) {
      if (!params.query || !users.trusted(request) || cacheable.get(documentKey(params)) === false) return;
      const context = await users.context(request);
      const version = context?.preferencesVersion;
      const key = responseCacheKey({
        documentString: params.query,
        variableValues: params.variables,
        operationName: params.operationName,
        user: context && version ? { userId: context.viewer.userId, preferencesVersion: version } : null,
        catalogVersion: options.catalogVersion(),
      });
      keys.set(request, key);
      const held = await cache.get(key);
      if (held) setResult(held);
    },
    onExecute({ args }) {
      const context = args.contextValue as OperationContext;
      const key = keys.get(context.request);
      if (key === undefined) return;
      const memo = documentKey(context.params);
      let ok = cacheable.get(memo);
      if (ok === undefined) {
        ok = isCacheableDocument(args.schema, args.document, args.operationName);
        cacheable.set(memo, ok);
      }
      if (!ok) return;
      return {
        onExecuteDone({ result }) {
          if (isAsyncIterable(result)) return;
          counters.misses++;
          if (result.errors?.length || result.extensions?.['http']) return;
          void cache.set(key, withTextOnce(result), [...context.productsRead], options.ttlSeconds);
        },
      };
    },
  };
}

/**
 * The answer's JSON text, made once: yoga serialises a result with the result's own `stringify`
 * when it has one (for JSON, SSE and multipart alike), so the text stored is the text sent.
 * Only an answer without errors or `extensions.http` (which yoga would strip first) gets here.
 */
function withTextOnce(result: ExecutionResult): ExecutionResult & { stringify: () => string } {
  const text = JSON.stringify(result);
  return Object.assign(result, { stringify: () => text });
}
