import { randomUUID } from 'node:crypto';
import type { CrawlProgress, HeavyAgent, LightAgent } from '../agents/types.js';
import { readSearchHitsInFull } from '../agents/heavy/search-hits.js';
import type { JsonTier } from '../cache/tiers.js';
import { tierKeys } from '../cache/tiers.js';
import type { Store } from '../cache/store.js';
import type { StaticProduct, VendorProductRecord } from '../domain/product.js';
import type { Logger } from '../logger.js';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { StaticProductService } from '../catalog/static-product-service.js';
import type { ReviewAnalysisService } from '../analysis/analysis-service.js';
import { JOB_NAMES, type HeavyJob, type JobContext, type JobPriority, type JobQueue, type QueueStats } from './job-queue.js';

export interface HeavyRunSummary {
  vendors: { vendor: string; records: number; failures: number }[];
  products: number;
}

export interface BackgroundHeavyProcessorDeps {
  agents: readonly HeavyAgent[];
  /** For analyze-query: each retailer's search page (the light agents' one call). */
  searchAgents: readonly Pick<LightAgent, 'vendor' | 'searchListings'>[];
  catalog: CatalogService;
  staticProducts: StaticProductService;
  /** Each retailer's last crawl (SmartCacheManager.crawlSnapshots). */
  snapshots: JsonTier<VendorProductRecord[]>;
  /** For the ingest lease (one merge at a time across workers). */
  store: Store;
  queue: JobQueue;
  logger: Logger;
  /** The review analysis step of every merge (unset: products keep the status the merge gave them). */
  analysis?: ReviewAnalysisService;
  /** Cluster-wide counts of products shown, so refresh-ahead serves the most-requested first. */
  demand: { countsOf(ids: readonly string[]): Promise<number[]> };
  worker: {
    concurrency: number;
    maxExecutionMs: number;
    crawlIntervalMs: number;
    /** Records with less than this left are refreshed ahead of expiry (STATIC_REFRESH_AHEAD_DAYS; 0: never). */
    refreshAheadSeconds: number;
  };
}

/** How long a merge into the static tier may hold the ingest lease (a merge takes well under a second). */
const INGEST_LEASE_SECONDS = 60;
const INGEST_LEASE_POLL_MS = 100;
/** Beside the ingest lease (tierKeys' static version in it, so deploys of another shape never share it). */
const ANALYSIS_LEASE_KEY = `${tierKeys.ingestLease}:review-analysis`;
const ANALYSIS_LEASE_POLL_MS = 250;
const ANALYSIS_LEASE_MARGIN_SECONDS = 10;
/** Workers re-upsert the crawl schedulers (and scan for expiring records) this often, so a Redis that lost its data gets them back. */
const SCHEDULER_UPSERT_MS = 10 * 60_000;
/** Records whose time left is read per round trip when scanning for expiring ones. */
const TTL_SCAN_CHUNK = 1000;

/**
 * Background heavy processor: the heavy track's jobs on a JobQueue (BullMQ in production, in
 * process in embedded mode). It never serves a request: API servers only enqueue (deduplicated,
 * so a crawl asked for by many servers or requests runs once), workers run the jobs:
 *
 * - crawl-retailer {vendor}: the retailer's heavy agent (one listing walk, every product page)
 *   → that retailer's crawl snapshot → every retailer's snapshots merged into products → static tier.
 * - analyze-query {query}: each retailer's search page for the query, then the product page of every
 *   hit the catalog does not hold, in full → added to that retailer's snapshot → merged the same way.
 * - refresh-product {productId}: that product's pages at each retailer listing it → merged the same way.
 *
 * Every merge re-reads all retailers' snapshots, so a job that runs twice changes nothing.
 * Each merge is followed by the review analysis of the products that are new or whose reviews
 * changed (src/analysis), once every retailer has a snapshot; unchanged ones keep their stored analysis.
 */
export class BackgroundHeavyProcessor {
  private crawling = 0;
  /** When this process last asked for a crawl that has not been seen to finish here. */
  private crawlRequested = false;
  private schedulerTimer: NodeJS.Timeout | undefined;
  private lastLoggedMs = 0;

  constructor(private readonly deps: BackgroundHeavyProcessorDeps) {}

  /** True while this process runs a crawl, or asked for one that has not landed here yet. */
  get isRunning(): boolean {
    return this.crawling > 0 || (this.crawlRequested && this.deps.catalog.size === 0);
  }

  /** Ask for every retailer's crawl (deduplicated cluster-wide: one per retailer while one waits or runs). */
  async requestCrawl(priority: JobPriority): Promise<{ scheduled: number }> {
    this.crawlRequested = true;
    const results = await Promise.all(
      this.deps.agents.map((a) =>
        this.deps.queue.enqueue({ name: JOB_NAMES.crawlRetailer, data: { vendor: a.vendor } }, { priority, dedupeId: `${JOB_NAMES.crawlRetailer}:${a.vendor}` }),
      ),
    );
    return { scheduled: results.filter((r) => !r.deduplicated).length };
  }

  /** Ask for a query nothing in the catalog matched to be read in full (deduplicated per understood query). */
  async requestQueryAnalysis(query: string, searchKey: string): Promise<void> {
    await this.deps.queue.enqueue({ name: JOB_NAMES.analyzeQuery, data: { query } }, { priority: 1, dedupeId: `${JOB_NAMES.analyzeQuery}:${searchKey}` });
  }

  /** Ask for one product's pages to be read again (deduplicated per product). */
  async requestRefresh(productId: string, priority: JobPriority): Promise<void> {
    await this.deps.queue.enqueue({ name: JOB_NAMES.refreshProduct, data: { productId } }, { priority, dedupeId: `${JOB_NAMES.refreshProduct}:${productId}` });
  }

  /** Run jobs in this process (the worker role; in embedded mode the API process itself), and keep the crawl schedule. */
  async startWorkers(): Promise<void> {
    const { queue, worker } = this.deps;
    await queue.work((job, context) => this.run(job, context), { concurrency: worker.concurrency, maxExecutionMs: worker.maxExecutionMs });
    const tick = async () => {
      await this.upsertSchedulers();
      await this.refreshAheadOncePerPeriod();
    };
    await tick();
    this.schedulerTimer = setInterval(() => void tick(), SCHEDULER_UPSERT_MS);
    this.schedulerTimer.unref();
  }

  /**
   * Refresh-ahead: queue refresh-product (priority 2, deduplicated) for every static record with
   * less than STATIC_REFRESH_AHEAD_DAYS left, most-requested first (then soonest to expire), so a
   * product a crawl keeps missing is read again before it expires. Returns the ids in queue order.
   */
  async refreshAhead(): Promise<string[]> {
    const { staticProducts, demand, worker } = this.deps;
    if (worker.refreshAheadSeconds <= 0) return [];
    const ids = await staticProducts.allProductIds();
    const expiring: { id: string; left: number }[] = [];
    for (let i = 0; i < ids.length; i += TTL_SCAN_CHUNK) {
      const chunk = ids.slice(i, i + TTL_SCAN_CHUNK);
      const left = await staticProducts.secondsLeft(chunk);
      chunk.forEach((id, j) => {
        const seconds = left[j];
        if (seconds !== null && seconds !== undefined && seconds < worker.refreshAheadSeconds) expiring.push({ id, left: seconds });
      });
    }
    if (expiring.length === 0) return [];
    const counts = await demand.countsOf(expiring.map((e) => e.id));
    const order = expiring.map((e, i) => ({ ...e, count: counts[i] ?? 0 })).sort((a, b) => b.count - a.count || a.left - b.left);
    for (const e of order) await this.requestRefresh(e.id, 2);
    this.deps.logger.info({ queued: order.length }, 'refresh-ahead: records expiring soon queued for a refresh, most-requested first');
    return order.map((e) => e.id);
  }

  /** One scan per period cluster-wide: the worker that takes the period's lease scans. */
  private async refreshAheadOncePerPeriod(): Promise<void> {
    const { store, logger } = this.deps;
    try {
      if (!(await store.setIfAbsent(tierKeys.refreshAheadLease, randomUUID(), SCHEDULER_UPSERT_MS / 1000))) return;
      await this.refreshAhead();
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'refresh-ahead: scan failed; retrying next period');
    }
  }

  /** Queue counts for /health and the monitor. */
  queueStats(): Promise<QueueStats> {
    return this.deps.queue.stats();
  }

  /**
   * Crawl every retailer now, in this process, without the queue (warm-cache, tests).
   * `onProgress` sees every step of every retailer's crawl (the log lines stay throttled).
   */
  async runOnce(options: { onProgress?: (p: CrawlProgress) => void } = {}): Promise<HeavyRunSummary> {
    const vendors = await Promise.all(this.deps.agents.map((a) => this.crawlRetailer(a, undefined, options.onProgress)));
    return { vendors, products: this.deps.catalog.size };
  }

  /**
   * The analyze-query job's work, now, in this process, without the queue: each retailer's search
   * page, the product page of every hit the catalog does not hold, into the static tier; resolves once the catalog holds them
   * (BACKGROUND_PROCESSING=false on a search miss; warm-cache with a queries file). With
   * `reviews: false` (the search-miss path, inside a request) the review analysis is left to the
   * next merge of a job: the products land PENDING and no analyzer call holds the request up.
   */
  analyzeQueryNow(query: string, signal?: AbortSignal, options: { reviews?: boolean } = {}): Promise<number> {
    return this.analyzeQuery(query, signal, options.reviews ?? true);
  }

  async close(): Promise<void> {
    clearInterval(this.schedulerTimer);
    await this.deps.queue.close();
  }

  private async upsertSchedulers(): Promise<void> {
    const { queue, agents, worker, logger } = this.deps;
    try {
      for (const a of agents) {
        await queue.schedule(`scheduled-crawl:${a.vendor}`, worker.crawlIntervalMs, { name: JOB_NAMES.crawlRetailer, data: { vendor: a.vendor } });
      }
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'crawl schedule could not be saved; retrying later');
    }
  }

  private async run(job: HeavyJob, context: JobContext): Promise<void> {
    switch (job.name) {
      case JOB_NAMES.crawlRetailer: {
        const agent = this.agent(job.data.vendor);
        const summary = await this.crawlRetailer(agent, context.signal);
        if (summary.records === 0 && summary.failures > 0) throw new Error(`crawl of ${agent.vendor} read no product (${summary.failures} failures)`);
        return;
      }
      case JOB_NAMES.refreshProduct:
        return this.refreshProduct(job.data.productId, context.signal);
      case JOB_NAMES.analyzeQuery:
        await this.analyzeQuery(job.data.query, context.signal);
        return;
    }
  }

  private agent(vendor: string): HeavyAgent {
    const agent = this.deps.agents.find((a) => a.vendor === vendor);
    if (!agent) throw new Error(`no heavy agent is configured for retailer "${vendor}"`);
    return agent;
  }

  private async crawlRetailer(agent: HeavyAgent, signal?: AbortSignal, onProgress?: (p: CrawlProgress) => void): Promise<HeavyRunSummary['vendors'][number]> {
    const { logger } = this.deps;
    this.crawling++;
    try {
      const result = await agent.crawlCatalog({
        signal,
        onProgress: (p) => {
          onProgress?.(p);
          this.logProgress(p);
        },
      });
      for (const f of result.failures.slice(0, 5)) logger.warn({ vendor: agent.vendor, url: f.url, kind: f.kind }, `crawl: page failed: ${f.message}`);
      // A crawl that read nothing (the retailer down) leaves the last snapshot as it was.
      if (result.records.length > 0) {
        const products = await this.ingest(agent.vendor, () => result.records, true, signal);
        logger.info(`crawl: ${agent.vendor} done: ${result.records.length} products read, catalog holds ${products}`);
      }
      return { vendor: agent.vendor, records: result.records.length, failures: result.failures.length };
    } finally {
      this.crawling--;
    }
  }

  /** Returns how many product pages were read in full. */
  private async analyzeQuery(query: string, signal?: AbortSignal, analyseReviews = true): Promise<number> {
    const { searchAgents, logger } = this.deps;
    let read = 0;
    for (const search of searchAgents) {
      // Hits the catalog holds are not read again: a crawl or refresh-product keeps them fresh.
      const held = (hit: VendorProductRecord) => this.deps.catalog.holdsListing(search.vendor, hit.vendorProductId);
      const { records, failed } = await readSearchHitsInFull(search, this.agent(search.vendor), query, signal, held);
      if (failed > 0) logger.warn({ vendor: search.vendor, query, failed }, 'analyze-query: some product pages failed');
      if (records.length === 0) continue;
      const ids = new Set(records.map((r) => r.vendorProductId));
      await this.ingest(
        search.vendor,
        (previous) => {
          const before = new Map(previous.map((r) => [r.vendorProductId, r]));
          // A product page alone may not say its category; what the crawl's listing said still holds (as in refresh-product).
          const filled = records.map((r) => ({ ...r, category: r.category ?? before.get(r.vendorProductId)?.category ?? null }));
          return [...previous.filter((r) => !ids.has(r.vendorProductId)), ...filled];
        },
        analyseReviews,
        signal,
      );
      read += records.length;
    }
    logger.info(`analyze-query: "${query}": ${read} products read in full`);
    return read;
  }

  private async refreshProduct(productId: string, signal: AbortSignal): Promise<void> {
    const [product] = await this.deps.staticProducts.getProducts([productId]);
    if (!product) return; // gone since it was queued: nothing to refresh
    for (const listing of product.listings) {
      const agent = this.agent(listing.vendor);
      const record = await agent.fetchProduct(listing.url, { signal });
      await this.ingest(listing.vendor, (previous) => [...previous.filter((r) => r.vendorProductId !== record.vendorProductId), { ...record, category: record.category ?? product.category }], true, signal);
    }
  }

  /**
   * Replace one retailer's snapshot (`next` gets its previous records) and merge every retailer's
   * snapshot into the static tier, under a lease so two workers never interleave their merges.
   * Then the review analysis of the products the merge found new or with changed reviews: the
   * offline analyzer inside the merge; an AI one outside the lease (a call may take long), written
   * by a second merge of the snapshots as they are then. Until every retailer has a snapshot (the first crawls) the analysis waits, so a product
   * both carry is analysed once, on both retailers' reviews; `analyseReviews: false` (a search
   * miss answered in the request) leaves it to the next job's merge.
   */
  private async ingest(
    vendor: string,
    next: (previous: VendorProductRecord[]) => VendorProductRecord[],
    analyseReviews = true,
    signal?: AbortSignal,
  ): Promise<number> {
    const { analysis } = this.deps;
    if (analysis?.analysesInMerge) {
      // The offline analyzer takes milliseconds and calls nothing: it runs inside the one merge.
      const merged = await this.underIngestLease(() =>
        this.merge(vendor, next, (products, existing, everyRetailerIn) => analysis.prepare(products, existing, { analyse: analyseReviews && everyRetailerIn, signal })),
      );
      return merged.products;
    }
    let todo: StaticProduct[] = [];
    const { products, everyRetailerIn } = await this.underIngestLease(() =>
      this.merge(vendor, next, analysis ? async (merged, existing) => void (todo = analysis.keepUnchanged(merged, existing)) : undefined),
    );
    if (!analysis || !analyseReviews || !everyRetailerIn || todo.length === 0) return products;
    // One analysis at a time cluster-wide: two retailers' crawls landing together would otherwise
    // both pay for the same products. Whoever waited analyses only what is still unanalysed.
    return this.underAnalysisLease(signal, async () => {
      const stored = await this.deps.staticProducts.getProducts(todo.map((p) => p.id));
      const still = analysis.stillToAnalyse(todo, stored);
      if (still.length === 0) return products;
      const analyses = await analysis.analyse(still, signal);
      const again = await this.underIngestLease(() =>
        this.merge(vendor, (current) => current, async (merged, existing) => analysis.apply(merged, existing, analyses)),
      );
      return again.products;
    });
  }

  /** Run `work` holding the analysis lease (its TTL: a job's time limit, which ends any analysis); waits for it while another holds it. */
  private async underAnalysisLease<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    const { store, worker } = this.deps;
    const token = randomUUID();
    const ttlSeconds = Math.ceil(worker.maxExecutionMs / 1000) + ANALYSIS_LEASE_MARGIN_SECONDS;
    const giveUpMs = Date.now() + ttlSeconds * 1000;
    while (!(await store.setIfAbsent(ANALYSIS_LEASE_KEY, token, ttlSeconds))) {
      if (signal?.aborted) throw new Error('the job ended while waiting for another worker\u2019s review analysis');
      if (Date.now() > giveUpMs) throw new Error('another worker held the review-analysis lease too long');
      await new Promise((r) => setTimeout(r, ANALYSIS_LEASE_POLL_MS));
    }
    try {
      return await work();
    } finally {
      await store.deleteIfEquals(ANALYSIS_LEASE_KEY, token).catch(() => false);
    }
  }

  private async merge(
    vendor: string,
    next: (previous: VendorProductRecord[]) => VendorProductRecord[],
    beforeWrite?: (products: StaticProduct[], existing: ReadonlyMap<string, StaticProduct>, everyRetailerIn: boolean) => Promise<void>,
  ): Promise<{ products: number; everyRetailerIn: boolean }> {
    const { snapshots, catalog, agents } = this.deps;
    const vendors = agents.map((a) => a.vendor);
    const current = await snapshots.getManyOrThrow(vendors.map((v) => tierKeys.crawlSnapshot(v)));
    const byVendor = new Map(vendors.map((v, i) => [v, current[i] ?? []]));
    const updated = next(byVendor.get(vendor) ?? []);
    byVendor.set(vendor, updated);
    await snapshots.set(tierKeys.crawlSnapshot(vendor), updated);
    const everyRetailerIn = vendors.every((v, i) => v === vendor || current[i] !== null);
    const result = await catalog.ingestCrawl([...byVendor.values()].flat(), {
      beforeWrite: beforeWrite ? (products, existing) => beforeWrite(products, existing, everyRetailerIn) : undefined,
    });
    return { products: result.products, everyRetailerIn };
  }

  private async underIngestLease<T>(work: () => Promise<T>): Promise<T> {
    const { store } = this.deps;
    const token = randomUUID();
    const giveUpMs = Date.now() + INGEST_LEASE_SECONDS * 1000;
    while (!(await store.setIfAbsent(tierKeys.ingestLease, token, INGEST_LEASE_SECONDS))) {
      if (Date.now() > giveUpMs) throw new Error('another worker held the ingest lease too long');
      await new Promise((r) => setTimeout(r, INGEST_LEASE_POLL_MS));
    }
    try {
      return await work();
    } finally {
      await store.deleteIfEquals(tierKeys.ingestLease, token).catch(() => false);
    }
  }

  private logProgress(p: CrawlProgress): void {
    const now = Date.now();
    if (now - this.lastLoggedMs < 1000 && p.productsDone !== p.productsTotal) return;
    this.lastLoggedMs = now;
    this.deps.logger.info(`crawl: ${p.vendor} ${p.productsDone}/${p.productsTotal} product pages`);
  }
}
