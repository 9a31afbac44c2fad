import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { AppServices } from '../services.js';
import { adminRefusal } from './admin-auth.js';
import { checkReadiness } from './readiness.js';
import { renderDashboard, type DashboardData } from './dashboard.js';

/** How often the /admin page reloads itself. */
const DASHBOARD_REFRESH_SECONDS = 10;

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

type AdminServices = Pick<AppServices, 'config' | 'performance' | 'cache' | 'heavyProcessor' | 'alerts' | 'lightAgents' | 'retailers' | 'reviewAnalysis' | 'records'>;

/**
 * The review analysis figures of this process (where the heavy jobs run: the API process in
 * embedded mode, the workers in production). Counts only, measured; `costPerProductUsd` is null
 * until a product was analysed, and `note` says when no call was made yet.
 */
function aiFigures(services: AdminServices) {
  const s = services.reviewAnalysis.stats();
  return { ...s, note: s.calls === 0 ? 'no analyzer call in this process yet (analysis runs in the heavy jobs: here in embedded mode, in the workers in production)' : null };
}

const queueOrError = (services: AdminServices) =>
  services.heavyProcessor.queueStats().catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }));

/** What the /admin page shows, read from the services now. */
async function dashboardData(services: AdminServices): Promise<DashboardData> {
  const report = services.performance?.report() ?? null;
  return {
    generatedAt: new Date().toISOString(),
    report,
    chart: services.performance?.perMinute() ?? [],
    cache: services.cache.stats(),
    queue: await queueOrError(services),
    retailers: services.retailers.map((r) => {
      const outcomes = report?.retailers[r.id];
      return {
        id: r.id,
        simulated: r.simulated,
        breakerOpen: services.lightAgents.find((a) => a.vendor === r.id)?.client.isOpen() ?? false,
        requests: outcomes?.requests ?? 0,
        errors: outcomes?.errors ?? 0,
        errorRate: outcomes?.errorRate ?? null,
      };
    }),
    alerts: services.alerts.active(),
    aiBatchSizeConfigured: services.config.ai.batchSize,
    ai: services.reviewAnalysis.stats(),
    refreshSeconds: DASHBOARD_REFRESH_SECONDS,
  };
}

/**
 * `GET /admin` (the dashboard, HTML), `GET /admin/performance` (the performance monitor's
 * counters and rolling report, active alerts, the queue) and `GET /admin/cache-stats`
 * (counters per tier), behind ADMIN_TOKEN or, without one, loopback only.
 */
export function useAdminRoutes(services: AdminServices): Plugin<object, NodeServerContext> {
  const pages: Record<string, (fetchAPI: { Response: typeof Response }) => Promise<Response>> = {
    '/admin': async (fetchAPI) =>
      new fetchAPI.Response(renderDashboard(await dashboardData(services)), {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      }),
    '/admin/performance': async (fetchAPI) =>
      json(fetchAPI, 200, {
        performance: services.performance?.stats() ?? null,
        rolling: services.performance?.report() ?? null,
        alerts: { active: services.alerts.active(), windowMs: services.config.alerts.windowMs },
        ai: aiFigures(services),
        queue: await queueOrError(services),
      }),
    '/admin/cache-stats': async (fetchAPI) =>
      json(fetchAPI, 200, { cache: services.cache.stats(), cluster: await services.cache.clusterStats().catch(() => null), inProcessRecords: services.records.stats() }),
  };
  return {
    async onRequest({ url, request, serverContext, endResponse, fetchAPI }) {
      const page = pages[url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname];
      if (!page) return;
      const refusal = adminRefusal(services.config.adminToken, request.headers.get('authorization'), serverContext?.req?.socket.remoteAddress);
      if (refusal) {
        const headers: Record<string, string> = refusal.status === 401 ? { 'www-authenticate': 'Bearer' } : {};
        endResponse(json(fetchAPI, refusal.status, { error: refusal.message }, headers));
        return;
      }
      endResponse(await page(fetchAPI));
    },
  };
}
