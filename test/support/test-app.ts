import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createServices, type AppServices } from '../../src/services.js';
import { createYogaServer, type HexarYoga } from '../../src/server.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

export interface TestApp {
  config: Config;
  services: AppServices;
  yoga: HexarYoga;
  sandbox: Sandbox;
  /** POST a typed operation (from test/gql, made by `npm run codegen`) through yoga in-process. */
  execute<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
  ): Promise<{ data: TData; errors?: GraphQLErrorBody[] }>;
  /** POST an untyped operation (for queries a test builds on purpose, such as bad input). */
  graphql(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: GraphQLErrorBody[] }>;
  /** Requests the two storefronts received since the last reset, in total. */
  retailerRequests(): { evo: number; backcountry: number };
  resetRetailerStats(): void;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  crawl?: boolean;
  sandboxLatencyMs?: number;
  /**
   * Storefronts to put in front of the sandbox (e.g. one that rewrites its pages): given the
   * sandbox, the base URLs the agents use instead of the sandbox's. The test closes them.
   */
  storefronts?: (sandbox: Sandbox) => Promise<{ evo?: string; backcountry?: string }>;
}

/**
 * A whole Hexar process for a test: sandbox storefronts on free ports (real HTTP),
 * the services in production mode on the real Redis under a key prefix of its own,
 * and (by default) one crawl to fill the static tier. `close()` deletes its keys.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const sandbox = await startSandbox({ host: '127.0.0.1', latencyMs: options.sandboxLatencyMs ?? 0 });
  const fronts = (await options.storefronts?.(sandbox)) ?? {};
  const prefix = `test:app:${randomUUID()}:`;
  const config = loadConfig({
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    EVO_BASE_URL: fronts.evo ?? sandbox.evo.baseUrl,
    BACKCOUNTRY_BASE_URL: fronts.backcountry ?? sandbox.backcountry.baseUrl,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const services = await createServices(config, createLogger(config.logLevel, config.logFormat));
  if (options.crawl !== false) await services.heavyProcessor.runOnce();
  sandbox.evo.resetStats();
  sandbox.backcountry.resetStats();
  const yoga = createYogaServer(services);
  const graphql = async (query: string, variables?: Record<string, unknown>) => {
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: GraphQLErrorBody[] };
  };

  return {
    config,
    services,
    yoga,
    sandbox,
    graphql,
    // Typed by the document; a test that expects errors reads `errors` before touching `data`.
    execute: async (document, variables) =>
      (await graphql(print(document), variables as Record<string, unknown>)) as { data: any; errors?: GraphQLErrorBody[] },
    retailerRequests: () => ({ evo: sandbox.evo.stats().total, backcountry: sandbox.backcountry.stats().total }),
    resetRetailerStats() {
      sandbox.evo.resetStats();
      sandbox.backcountry.resetStats();
    },
    async close() {
      await services.close();
      await sandbox.close();
      await deleteKeys(prefix);
    },
  };
}

/** Remove every key a test wrote under its prefix. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
