#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';

const USAGE = `usage: tsx src/main.ts <command>
  serve          start the API (embedded mode unless REDIS_URL is set; embedded mode runs the job workers too)
  worker         run background job workers alone (production: any number of processes on one Redis)
  sandbox        serve the simulated evo and backcountry storefronts alone
  warm-cache [queries.txt]
                 crawl the retailers once into the static tier (and analyze each query of the file), then exit
  health         exit 0 when the API on PORT answers GET /ready with 200, 1 otherwise
  user-token <userId>
                 print the X-Hexar-User token for a user id (signed with USER_TOKEN_SECRET)
  print-schema   write schema.graphql from the Pothos schema`;

async function serve(config: Config, logger: Logger): Promise<void> {
  const { createApp } = await import('./server.js');
  const app = await createApp(config, logger);
  const url = await app.listen();
  logger.info(`Hexar Gear API (${config.mode} mode) on ${url} — GraphiQL at that address, health at ${url.replace(/\/graphql$/, '/health')}`);
  const { heavyProcessor, catalog } = app.services;
  // Embedded mode has no separate worker: the API process runs the jobs itself.
  if (config.mode === 'embedded') await heavyProcessor.startWorkers();
  const loaded = catalog.size;
  if (loaded > 0) {
    // Another process (warm-cache, a worker, another server) already filled the shared static tier.
    logger.info(`catalog: ${loaded} products from the static tier; no start-up crawl`);
  } else if (config.crawlOnStart) {
    // The same deduplicated job as any other crawl: servers starting together schedule one.
    heavyProcessor.requestCrawl(1).then(
      ({ scheduled }) =>
        logger.info(`crawl: ${scheduled > 0 ? 'scheduled' : 'already scheduled by another process'}; search answers from what is loaded so far`),
      (error: unknown) => logger.error({ err: error }, 'crawl: could not be scheduled'),
    );
  }
  await serveUntilSignalled(logger, () => app.close());
}

async function worker(config: Config, logger: Logger): Promise<void> {
  if (config.mode === 'embedded') {
    // An in-process queue in a process of its own would take jobs nobody adds.
    console.error('worker needs REDIS_URL (the shared queue); in embedded mode `npm start` runs the jobs itself');
    process.exit(2);
  }
  const { createServices } = await import('./services.js');
  const services = await createServices(config, logger);
  await services.heavyProcessor.startWorkers();
  logger.info(`worker: processing background jobs (${config.backgroundWorkerCount} at a time, crawl every ${config.jobs.crawlIntervalMs / 3_600_000} h)`);
  await serveUntilSignalled(logger, () => services.close());
}

/** Shut down cleanly on SIGINT/SIGTERM. */
async function serveUntilSignalled(logger: Logger, close: () => Promise<void>): Promise<void> {
  const stop = async (signal: string) => {
    logger.info(`${signal}: shutting down`);
    try {
      await close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

async function sandbox(config: Config, logger: Logger): Promise<void> {
  const { serveSandbox } = await import('./sandbox/index.js');
  await serveSandbox(config, logger);
}

async function warmCache(config: Config, logger: Logger): Promise<void> {
  const { warmCache: run, QueriesFileError } = await import('./cli/warm-cache.js');
  const failed = await run(config, logger, process.argv[3], process.stderr).catch((error: unknown) => {
    if (!(error instanceof QueriesFileError)) throw error;
    console.error(error.message);
    process.exit(2);
  });
  // Not process.exit: the services have closed, so the process ends once its output is written.
  process.exitCode = failed > 0 ? 1 : 0;
}

async function health(config: Config): Promise<void> {
  const { checkReady } = await import('./cli/health.js');
  process.exit((await checkReady(config, process.stdout)) ? 0 : 1);
}

async function userToken(config: Config): Promise<void> {
  const { printUserToken } = await import('./cli/user-token.js');
  process.exitCode = printUserToken(config, process.argv[3], process.stdout, process.stderr);
}

async function printSchemaFile(): Promise<void> {
  const { printHexarSchema } = await import('./schema/index.js');
  writeFileSync(new URL('../schema.graphql', import.meta.url), printHexarSchema());
}

async function main(): Promise<void> {
  const command = process.argv[2] ?? 'serve';
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, config.logFormat);
  switch (command) {
    case 'serve':
      return serve(config, logger);
    case 'worker':
      return worker(config, logger);
    case 'sandbox':
      return sandbox(config, logger);
    case 'warm-cache':
      return warmCache(config, logger);
    case 'health':
      return health(config);
    case 'user-token':
      return userToken(config);
    case 'print-schema':
      return printSchemaFile();
    default:
      console.error(USAGE);
      process.exit(2);
  }
}

await main();
