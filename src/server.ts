import { createServer, type Server } from 'node:http';
import { createYoga, type GraphiQLOptions, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { useGraphQLSSE } from '@graphql-yoga/plugin-graphql-sse';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { createContext, type GraphQLContext } from './context.js';
import { schema } from './schema/index.js';
import { useHexarResponseCache } from './cache/response-cache-plugin.js';
import { useRestQuery } from './rest/rest-query.js';
import { createServices, type AppServices } from './services.js';
import { GRAPHIQL_TABS } from './schema/examples.js';
import { usePerformanceMonitor, type OperationRecorder } from './monitoring/performance-monitor.js';
import { useAdminRoutes, useMetricsRoute, useReadyRoute, type NodeServerContext } from './monitoring/ops-routes.js';

export type HexarYoga = YogaServerInstance<NodeServerContext, GraphQLContext>;

export interface App {
  yoga: HexarYoga;
  services: AppServices;
  /** Listen on config.port (0 = a free port); resolves with the URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** `GET /health`: 200 while the process serves, with its retailers (simulated or not), the catalog's state, the cache counters and the job queue. */
function useHealthRoute(services: AppServices): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/health') return;
      // Liveness must not depend on Redis: a queue that cannot be read says so instead.
      const queue = await services.heavyProcessor.queueStats().catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }));
      const body = JSON.stringify({
        status: 'ok',
        mode: services.config.mode,
        retailers: services.retailers.map((r) => ({
          ...r,
          circuitOpen: services.lightAgents.find((a) => a.vendor === r.id)?.client.isOpen() ?? false,
        })),
        catalog: { ...services.catalogStatus(), events: services.catalogEvents.stats() },
        performance: services.performance?.stats() ?? null,
        cache: services.cache.stats(),
        // Every server's counters summed (null while the store cannot be read).
        clusterCache: await services.cache.clusterStats().catch(() => null),
        inProcessRecords: services.records.stats(),
        queue,
        subscriptions: services.liveTrack.health(),
      });
      endResponse(new fetchAPI.Response(body, { status: 200, headers: { 'content-type': 'application/json' } }));
    },
  };
}

/**
 * GraphiQL from our own server: the page inlines GraphiQL's script, styles, fonts and editor
 * workers (no CDN), so partners behind a proxy and offline machines get the whole UI.
 * The page is about 9 MB and its options are fixed, so it is built on the first visit and reused.
 */
function renderGraphiQLOnce(): (options: GraphiQLOptions) => string {
  let page: string | undefined;
  return (options) => (page ??= renderGraphiQL(options));
}

/** Wire the yoga server over a set of services. Tests call `yoga.fetch` on it directly. */
export function createYogaServer(services: AppServices): HexarYoga {
  const recorders: OperationRecorder[] = services.performance ? [services.performance, services.metrics] : [services.metrics];
  return createYoga<NodeServerContext, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Yoga's own empty health check would shadow ours; ours also reports the catalog's state.
    healthCheckEndpoint: '/health/live',
    graphiql: {
      title: 'Hexar Gear API',
      defaultTabs: GRAPHIQL_TABS.map((query) => ({ query })),
    },
    renderGraphiQL: renderGraphiQLOnce(),
    logging: services.logger.child({ component: 'yoga' }),
    // A bad X-Hexar-User token fails the request (401, UNAUTHENTICATED) before anything runs.
    context: ({ request }) =>
      createContext(services, Date.now(), services.requestUsers.viewer(request), () => services.requestUsers.context(request)),
    plugins: [
      useDeferStream(),
      useRestQuery(services),
      // graphql-sse's single-connection mode on /graphql/stream (browsers on HTTP/1 are held to six
      // streams per host); yoga serves distinct connections on /graphql itself.
      useGraphQLSSE({ endpoint: '/graphql/stream' }),
      useHealthRoute(services),
      useReadyRoute(services),
      useMetricsRoute(services),
      useAdminRoutes(services),
      usePerformanceMonitor(...recorders),
      // Answers a repeated query in its onParams hook, before anything executes (the performance
      // monitor times executed operations; the response tier's counters count the hits).
      ...(services.responseCache
        ? [
            useHexarResponseCache({
              cache: services.responseCache,
              counters: services.cache.response,
              users: services.requestUsers,
              catalogVersion: () => services.catalog.version,
              ttlSeconds: services.config.ttl.querySeconds,
            }),
          ]
        : []),
    ],
  }) as HexarYoga;
}

/** createApp(config): services (stores, agents, catalog, live track) + yoga + HTTP server. */
export async function createApp(config: Config, logger: Logger): Promise<App> {
  const services = await createServices(config, logger);
  const yoga = createYogaServer(services);
  let server: Server | undefined;
  return {
    yoga,
    services,
    async listen() {
      server = createServer(yoga);
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(config.port, config.host, () => resolve());
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      return `http://${host}:${port}/graphql`;
    },
    async close() {
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
      await services.close();
    },
  };
}
