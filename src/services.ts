import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Store } from './cache/store.js';
import { SmartCacheManager, createStore } from './cache/tiers.js';
import { MemoryStore } from './cache/memory-store.js';
import { CatalogService } from './catalog/catalog-service.js';
import type { CatalogEvents } from './catalog/catalog-events.js';
import { InProcessCatalogEvents } from './catalog/in-process-catalog-events.js';
import { RedisCatalogEvents } from './catalog/redis-catalog-events.js';
import type { CatalogStatus } from './catalog/catalog-status.js';
import { ProductSearchService, type ProductSearch } from './catalog/product-search.js';
import { DirectSearchService } from './catalog/direct-search.js';
import { SearchMissService } from './catalog/search-miss.js';
import { ProductDemand } from './catalog/product-demand.js';
import { StaticProductService, followingRecords } from './catalog/static-product-service.js';
import { StaticRecordCache } from './cache/record-cache.js';
import { createHeavyAgent, type HeavyVendorAgent } from './agents/heavy/index.js';
import { createLightAgent, type LightVendorAgent } from './agents/light/index.js';
import { LiveMarketService } from './live/live-market-service.js';
import { BackgroundHeavyProcessor } from './jobs/heavy-processor.js';
import { BullMqJobQueue } from './jobs/bullmq-queue.js';
import { MemoryJobQueue } from './jobs/memory-queue.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { Sandbox } from './sandbox/index.js';
import { PerformanceMonitor } from './monitoring/performance-monitor.js';
import { ReviewAnalysisService, createReviewAnalyzer } from './analysis/index.js';
import { AppMetrics } from './monitoring/metrics.js';
import { AlertMonitor } from './monitoring/alerts.js';
import { ResponseCacheStore } from './cache/response-cache.js';
import { UserContextService } from './users/user-context-service.js';
import { RequestUsers } from './users/request-users.js';

/** Decoded answers of the response cache each process keeps (hot answers: no round trip, no parse). */
const RESPONSE_CACHE_LOCAL_ENTRIES = 1_000;

/** How often this process adds its cache counters to the cluster-wide sums. */
const SHARE_COUNTERS_MS = 10_000;
import { createLiveTrack, type LiveTrack } from './subscriptions/index.js';

/** How long a search miss's basic answer is kept while its analyze-query job runs. */
const PROVISIONAL_TTL_SECONDS = 10 * 60;

/** A retailer as this process serves it: where its storefront is and whether it is simulated. */
export interface ServedRetailer {
  id: string;
  kind: string;
  baseUrl: string;
  /** true: the in-process sandbox storefront (SANDBOX), not the retailer. */
  simulated: boolean;
}

/** Everything one process serves with. Built once; requests get a context over it. */
export interface AppServices {
  config: Config;
  logger: Logger;
  store: Store;
  cache: SmartCacheManager;
  staticProducts: StaticProductService;
  /** The in-process decoded static records in front of the static tier. */
  records: StaticRecordCache;
  catalog: CatalogService;
  /** Catalog change events: this process announces its writes and follows everyone else's. */
  catalogEvents: CatalogEvents;
  /** The split path; with SPLIT_AGENTS=false the old single path (DirectSearchService). */
  productSearch: ProductSearch;
  /** Shoppers' preferences (the durable store, cached in the user tier) and recently viewed products (the user tier). */
  users: UserContextService;
  /** Each request's viewer and context, worked out once per request. */
  requestUsers: RequestUsers;
  /** The response cache's store; null when QUERY_CACHE=false or SPLIT_AGENTS=false. */
  responseCache: ResponseCacheStore | null;
  liveMarket: LiveMarketService;
  heavyAgents: HeavyVendorAgent[];
  lightAgents: LightVendorAgent[];
  heavyProcessor: BackgroundHeavyProcessor;
  /** How often each product is shown, cluster-wide (orders refresh-ahead). */
  demand: ProductDemand;
  /** null when PERFORMANCE_MONITORING=false. */
  performance: PerformanceMonitor | null;
  /** Prometheus metrics of this process (`GET /metrics`), on in every mode. */
  metrics: AppMetrics;
  /** Alert rules evaluated on a timer (README: Alerts). */
  alerts: AlertMonitor;
  /** Review analysis (src/analysis): run in the heavy track's merges; its figures for /admin. */
  reviewAnalysis: ReviewAnalysisService;
  /** Live price subscriptions (pub/sub, refresher), price history and saved alerts (README, *Live price subscriptions*). */
  subscriptions: LiveTrack['subscriptions'];
  liveTrack: LiveTrack;
  /** The in-process sandbox storefronts, when a retailer had no base URL. */
  sandbox: Sandbox | null;
  retailers: ServedRetailer[];
  catalogStatus(): CatalogStatus;
  /**
   * Records the index lists were missing from the static tier: drop them from the index and
   * schedule a priority crawl (deduplicated: one crawl cluster-wide, not one per server or request).
   */
  noticeMissingRecords(ids: string[]): void;
  close(): Promise<void>;
}

/**
 * Start the in-process sandbox for any retailer without a base URL: the demo and the
 * tests run against simulated storefronts on free ports, never the real sites by surprise.
 */
async function resolveRetailers(config: Config, logger: Logger) {
  let sandbox: Sandbox | null = null;
  const missing = config.retailers.filter((r) => !r.baseUrl);
  if (missing.length > 0) {
    // loadConfig refuses this unless SANDBOX allows it; checked again here, where it matters.
    if (!config.sandbox.allowed) throw new Error(`no base URL for ${missing.map((r) => r.id).join(', ')} and SANDBOX is off`);
    const { startSandbox } = await import('./sandbox/index.js');
    sandbox = await startSandbox({
      host: '127.0.0.1',
      latencyMs: config.sandbox.latencyMs,
      failureRate: config.sandbox.failureRate,
      priceChangeIntervalMs: config.live.sandboxPriceChangeIntervalMs,
    });
    const line = `${missing.map((r) => r.id).join(' and ')} served by simulated storefronts (evo ${sandbox.evo.baseUrl}, backcountry ${sandbox.backcountry.baseUrl})`;
    if (config.mode === 'production') logger.warn(`SANDBOX=true in production mode: ${line}: no real retailer data is served for them`);
    else logger.info(`sandbox: ${line}`);
  }
  const retailers = config.retailers.map((r) => ({
    ...r,
    baseUrl: r.baseUrl ?? (r.kind === 'evo' ? sandbox!.evo.baseUrl : sandbox!.backcountry.baseUrl),
    simulated: !r.baseUrl,
  }));
  return { sandbox, retailers };
}

/** Wire stores, agents, the static and live tracks and the heavy processor for one process. */
export async function createServices(config: Config, logger: Logger): Promise<AppServices> {
  const { sandbox, retailers } = await resolveRetailers(config, logger);
  const store = createStore(config, logger);
  // Embedded mode: static records get a memory store of their own, without eviction (the
  // catalog is bounded by what the retailers list), so a burst of distinct queries filling the
  // shared LRU can never evict products the search index still lists. Redis holds both.
  const staticStore = config.redisUrl ? store : new MemoryStore({ maxEntries: Number.POSITIVE_INFINITY });
  const cache = new SmartCacheManager(store, config, logger, { staticStore });
  const records = new StaticRecordCache(config.staticRecordCacheSize);
  // A refresh ahead of expiry must renew a record even when nothing in it changed.
  const renewWithinSeconds = Math.max(cache.static.ttlSeconds / 2, config.jobs.refreshAheadSeconds * 2);
  const staticProducts = new StaticProductService({ tier: cache.static, records, logger, renewWithinSeconds });
  const catalogEvents = createCatalogEvents(config, logger);
  // Set once the heavy processor exists (a rebuild before that has lost nothing: the index was empty).
  let scheduleHealingCrawl = (_lost: number): void => undefined;
  const catalog = new CatalogService({ staticProducts, logger, events: catalogEvents, onLost: (ids) => scheduleHealingCrawl(ids.length) });
  // Loads what the static tier holds now (a worker or warm-cache may have filled it), then
  // follows every other process's writes without a restart.
  // The in-process records drop what each change names before the catalog re-reads it.
  await catalogEvents.subscribe(followingRecords(catalog, staticProducts));
  const heavyAgents = retailers.map((r) => createHeavyAgent(r, config, logger));
  const lightAgents = retailers.map((r) => createLightAgent(r, config, logger));
  const liveMarket = new LiveMarketService({
    store,
    cache,
    config,
    logger,
    agents: new Map(lightAgents.map((a) => [a.vendor, a])),
  });
  const performance = config.monitoring.enabled
    ? new PerformanceMonitor(config.monitoring, logger.child({ component: 'performance-monitor' }))
    : null;
  // The request-path breakers, as /health reports them.
  const breakers = () => lightAgents.map((a) => ({ vendor: a.vendor, open: a.client.isOpen() }));
  const alerts = new AlertMonitor(
    config.alerts,
    {
      latency: (windowMs) => performance?.report(windowMs).latency ?? null,
      cacheStats: () => cache.stats(),
      queueStats: () => heavyProcessor.queueStats(),
      breakers,
    },
    logger.child({ component: 'alerts' }),
  );
  const metrics = new AppMetrics({
    cacheStats: () => cache.stats(),
    breakers,
    queueStats: () => heavyProcessor.queueStats(),
    alerts: () => alerts.states(),
    logger: logger.child({ component: 'metrics' }),
  });
  for (const agent of [...heavyAgents, ...lightAgents]) {
    agent.client.onOutcome((vendor, outcome) => {
      metrics.countRetailerRequest(vendor, outcome);
      performance?.countRetailerRequest(vendor, outcome);
    });
  }
  const demand = new ProductDemand({ store: cache.static.store, ttlSeconds: config.ttl.staticSeconds, logger });
  demand.start();
  const queueLog = logger.child({ component: 'background-heavy-processor' });
  // Production: BullMQ on the shared Redis (any number of workers); embedded: in this process.
  const queue: JobQueue = config.redisUrl
    ? new BullMqJobQueue({ redisUrl: config.redisUrl, keyPrefix: config.redisKeyPrefix, lockMs: config.jobs.lockMs, logger: queueLog })
    : new MemoryJobQueue(queueLog);
  const reviewAnalysis = new ReviewAnalysisService({
    analyzer: createReviewAnalyzer(config, logger.child({ component: 'review-analysis' })),
    batchSize: config.ai.batchSize,
    maxConcurrentBatches: config.ai.maxConcurrentBatches,
    logger: logger.child({ component: 'review-analysis' }),
    onCall: (call) => metrics.countAiCall(call),
  });
  const heavyProcessor = new BackgroundHeavyProcessor({
    analysis: reviewAnalysis,
    agents: heavyAgents,
    searchAgents: lightAgents,
    catalog,
    staticProducts,
    snapshots: cache.crawlSnapshots,
    store,
    queue,
    logger: queueLog,
    demand,
    worker: {
      concurrency: config.backgroundWorkerCount,
      maxExecutionMs: config.maxExecutionTimeMs,
      crawlIntervalMs: config.jobs.crawlIntervalMs,
      refreshAheadSeconds: config.jobs.refreshAheadSeconds,
    },
  });

  scheduleHealingCrawl = (lost) => {
    logger.warn({ missing: lost }, 'catalog: records the index listed are gone from the static tier; a crawl is scheduled to bring them back');
    heavyProcessor.requestCrawl(1).catch((err: unknown) => logger.error({ err }, 'catalog: healing crawl could not be scheduled'));
  };
  const noticeMissingRecords = (ids: string[]): void => {
    const dropped = catalog.forget(ids);
    if (dropped.length > 0) scheduleHealingCrawl(dropped.length);
  };
  // Records answered from the in-process copies but gone from the tier heal the same way.
  staticProducts.onGone((ids) => noticeMissingRecords([...ids]));
  const { switches } = config;
  const miss = new SearchMissService({
    agents: lightAgents,
    tier: switches.queryCache ? cache.queryMiss : null,
    scheduleAnalysis: (query, searchKey) => heavyProcessor.requestQueryAnalysis(query, searchKey),
    analyzeNow: switches.backgroundProcessing ? undefined : (words) => heavyProcessor.analyzeQueryNow(words, AbortSignal.timeout(config.maxExecutionTimeMs), { reviews: false }),
    deadlineMs: config.liveDeadlineMs,
    // Until the job should have landed; a job that failed is asked for again after this.
    ttlSeconds: Math.min(config.ttl.querySeconds, PROVISIONAL_TTL_SECONDS),
    logger: logger.child({ component: 'search-miss' }),
  });
  // Rollback switches (README, *Rollback switches*). QUERY_CACHE=false turns the response cache
  // off too (below): both are the query tier.
  const productSearch: ProductSearch = switches.splitAgents
    ? new ProductSearchService({
        catalog,
        cache,
        logger,
        miss,
        staticTierReadable: () => staticProducts.health().readable,
        queryCache: switches.queryCache,
      })
    : new DirectSearchService({ interpret: (query, filters) => catalog.interpret(query, filters), lightAgents, heavyAgents, logger: logger.child({ component: 'direct-search' }) });
  alerts.start();
  const liveTrack = await createLiveTrack({ config, logger, store, liveMarket, staticProducts, vendors: retailers.map((r) => r.id) });

  // Preferences are kept in the durable store when there is one (the user tier caches them).
  const users = new UserContextService({ cache, db: liveTrack.durableDb, logger: logger.child({ component: 'users' }) });
  const requestUsers = new RequestUsers(config.userTokenSecret, users);
  // The old single path is the benchmark's baseline: never answered from a cache.
  const responseCache =
    switches.queryCache && switches.splitAgents
      ? new ResponseCacheStore({
          store,
          maxTtlSeconds: config.ttl.querySeconds,
          counters: cache.response,
          logger: logger.child({ component: 'response-cache' }),
          // Nothing is cached while the catalog fills or cannot be read.
          cacheable: () => services.catalogStatus().state === 'READY',
          onServed: (ids) => staticProducts.verifyHeld(ids),
          localEntries: RESPONSE_CACHE_LOCAL_ENTRIES,
        })
      : null;
  // A rewritten or removed product takes every answer holding it along (this process's writes and followed changes).
  staticProducts.onChange((ids) => {
    void responseCache?.invalidateProducts(ids);
  });
  users.onPreferencesChanged(async (userId) => {
    await Promise.all([
      responseCache?.invalidateUser(userId),
      cache.dropUserQueries(userId).catch((err: unknown) => logger.warn({ err }, 'query entries of a user not dropped')),
    ]);
  });
  cache.startSharing(SHARE_COUNTERS_MS, logger);

  const services: AppServices = {
    config,
    logger,
    store,
    cache,
    staticProducts,
    records,
    catalog,
    catalogEvents,
    productSearch,
    users,
    requestUsers,
    responseCache,
    liveMarket,
    heavyAgents,
    lightAgents,
    heavyProcessor,
    demand,
    performance,
    metrics,
    alerts,
    reviewAnalysis,
    subscriptions: liveTrack.subscriptions,
    liveTrack,
    sandbox,
    retailers: retailers.map(({ id, kind, baseUrl, simulated }) => ({ id, kind, baseUrl, simulated })),
    noticeMissingRecords,
    catalogStatus() {
      const productCount = catalog.size;
      const tier = staticProducts.health();
      if (!tier.readable) {
        return {
          state: 'UNAVAILABLE',
          productCount,
          message: `the static tier cannot be read (${tier.error}): answers may be incomplete and the catalog is not kept fresh until it is back`,
        };
      }
      if (heavyProcessor.isRunning) {
        return { state: 'LOADING', productCount, message: `the first crawl is running; ${productCount} products loaded so far` };
      }
      return productCount > 0
        ? { state: 'READY', productCount, message: null }
        : { state: 'EMPTY', productCount, message: 'the catalog has nothing yet: no crawl has filled it' };
    },
    async close() {
      // Workers stop (a running job is retried elsewhere); retailer calls and waits on other
      // servers' leases end; refreshes land before the store goes away.
      await alerts.close();
      await cache.stopSharing();
      await liveTrack.close();
      await heavyProcessor.close();
      await demand.close();
      await liveMarket.close();
      for (const agent of [...heavyAgents, ...lightAgents]) agent.client.shutdown();
      await catalogEvents.close();
      await store.close();
      if (staticStore !== store) await staticStore.close();
      await sandbox?.close();
    },
  };
  return services;
}

/** Redis pub/sub plus a version key in production mode; in embedded mode a bus inside the process. */
function createCatalogEvents(config: Config, logger: Logger): CatalogEvents {
  const log = logger.child({ component: 'catalog-events' });
  if (!config.redisUrl) return new InProcessCatalogEvents({ logger: log });
  return RedisCatalogEvents.fromUrl(config.redisUrl, { prefix: config.redisKeyPrefix, syncIntervalMs: config.catalogSyncIntervalMs, logger: log });
}
