import type { Plugin } from 'graphql-yoga';
import type { AppServices } from '../services.js';
import { parseRestQuery, RestBodyError } from './rest-body.js';
import { toSeedProducts } from './seed-shape.js';

/** Where the seed's frontend posts its searches. */
export const REST_QUERY_PATH = '/api/query';
/** How many products one answer lists (the GraphQL search's default page). */
export const REST_RESULT_LIMIT = 20;

type RestServices = Pick<AppServices, 'productSearch' | 'users' | 'staticProducts' | 'cache' | 'config' | 'logger'>;

const json = (fetchAPI: { Response: typeof Response }, status: number, body: unknown, headers: Record<string, string> = {}) =>
  new fetchAPI.Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/**
 * `POST /api/query {query, user_id, filters}`: the seed's REST search, for its frontend. The
 * same services as GraphQL (the query tier, the catalog, the in-process records) answer it;
 * prices come from what the live tier already holds, so it never calls a retailer and never
 * waits on one. The frontend is first-party: its `user_id` is honoured as sent (partners use
 * the X-Hexar-User header on GraphQL). A bad body is a 400 with a message.
 */
export function useRestQuery(services: RestServices): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== REST_QUERY_PATH) return;
      if (request.method !== 'POST') {
        endResponse(json(fetchAPI, 405, { error: `${REST_QUERY_PATH} takes POST with a JSON body {query, user_id, filters}` }, { allow: 'POST' }));
        return;
      }
      let body: ReturnType<typeof parseRestQuery>;
      try {
        body = parseRestQuery(await request.text());
      } catch (err) {
        if (err instanceof RestBodyError) {
          endResponse(json(fetchAPI, 400, { error: err.message }));
          return;
        }
        throw err;
      }
      try {
        const user = body.userId ? await services.users.load({ userId: body.userId }) : null;
        const result = await services.productSearch.search(body.query, body.filters, { user });
        const products = result.provisional
          ? result.provisional.slice(0, REST_RESULT_LIMIT)
          : (await services.staticProducts.getProducts(result.ids.slice(0, REST_RESULT_LIMIT))).filter((p) => p !== null);
        endResponse(json(fetchAPI, 200, await toSeedProducts(products, services)));
      } catch (err) {
        // The static tier could not be read for products the in-process records lack.
        services.logger.error({ err }, 'REST query failed');
        endResponse(json(fetchAPI, 503, { error: 'The catalog is unavailable right now; try again shortly.' }));
      }
    },
  };
}
