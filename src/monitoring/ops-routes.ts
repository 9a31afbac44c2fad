import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { AppServices } from '../services.js';
import { adminRefusal } from './admin-auth.js';
import { checkReadiness } from './readiness.js';

/** Yoga's server context under node's http server; absent for in-process `yoga.fetch`. */
export interface NodeServerContext {
  req?: IncomingMessage;
}

const json = (fetchAPI: { Response: typeof Response }, status: number, body: unknown, headers: Record<string, string> = {}) =>
  new fetchAPI.Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** `GET /metrics`: this process's Prometheus text exposition (its own registry). */
export function useMetricsRoute(services: Pick<AppServices, 'metrics'>): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/metrics') return;
      const { body, contentType } = await services.metrics.scrape();
      endResponse(new fetchAPI.Response(body, { status: 200, headers: { 'content-type': contentType } }));
    },
  };
}

/** `GET /ready`: 200 when every dependency answers, 503 with the reason of each that does not. */
export function useReadyRoute(services: Pick<AppServices, 'config' | 'store' | 'heavyProcessor'>): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/ready') return;
      const readiness = await checkReadiness(services);
      endResponse(json(fetchAPI, readiness.ready ? 200 : 503, readiness));
    },
  };
}

/**
 * `GET /admin/performance` (the performance monitor and the queue) and `GET /admin/cache-stats`
 * (counters per tier), behind ADMIN_TOKEN or, without one, loopback only.
 */
export function useAdminRoutes(services: Pick<AppServices, 'config' | 'performance' | 'cache' | 'heavyProcessor'>): Plugin<object, NodeServerContext> {
  const pages: Record<string, () => Promise<unknown>> = {
    '/admin/performance': async () => ({
      performance: services.performance?.stats() ?? null,
      queue: await services.heavyProcessor.queueStats().catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) })),
    }),
    '/admin/cache-stats': async () => ({ cache: services.cache.stats() }),
  };
  return {
    async onRequest({ url, request, serverContext, endResponse, fetchAPI }) {
      const page = pages[url.pathname];
      if (!page) return;
      const refusal = adminRefusal(services.config.adminToken, request.headers.get('authorization'), serverContext?.req?.socket.remoteAddress);
      if (refusal) {
        const headers: Record<string, string> = refusal.status === 401 ? { 'www-authenticate': 'Bearer' } : {};
        endResponse(json(fetchAPI, refusal.status, { error: refusal.message }, headers));
        return;
      }
      endResponse(json(fetchAPI, 200, await page()));
    },
  };
}
