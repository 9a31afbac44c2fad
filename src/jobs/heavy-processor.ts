import type { HeavyAgent, CrawlProgress } from '../agents/types.js';
import type { VendorProductRecord } from '../domain/product.js';
import type { Logger } from '../logger.js';
import type { CatalogService } from '../catalog/catalog-service.js';

export interface HeavyRunSummary {
  vendors: { vendor: string; records: number; failures: number }[];
  products: number;
}

/**
 * Background heavy processor: runs every retailer's heavy agent (one crawl per retailer),
 * then merges and writes the static tier and the search index. Never serves a request.
 * Each retailer's records are ingested as soon as it finishes, so search answers from
 * what is loaded so far; the BullMQ queue builds on this in its own issue.
 */
export class BackgroundHeavyProcessor {
  private running: Promise<HeavyRunSummary> | null = null;
  /** Ingests run one after another: two retailers finishing together must not merge half-written state. */
  private ingesting: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: { agents: readonly HeavyAgent[]; catalog: CatalogService; logger: Logger },
  ) {}

  /** True while a crawl runs. */
  get isRunning(): boolean {
    return this.running !== null;
  }

  /** Crawl every retailer once; concurrent callers share the run in progress. */
  runOnce(): Promise<HeavyRunSummary> {
    this.running ??= this.crawlAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async crawlAll(): Promise<HeavyRunSummary> {
    const { agents, catalog, logger } = this.deps;
    const collected: VendorProductRecord[] = [];
    const vendors: HeavyRunSummary['vendors'] = [];
    let lastLogged = 0;
    const onProgress = (p: CrawlProgress) => {
      const now = Date.now();
      if (now - lastLogged < 1000 && p.productsDone !== p.productsTotal) return;
      lastLogged = now;
      logger.info(`crawl: ${p.vendor} ${p.productsDone}/${p.productsTotal} product pages`);
    };
    await Promise.all(
      agents.map(async (agent) => {
        try {
          const result = await agent.crawlCatalog({ onProgress });
          vendors.push({ vendor: agent.vendor, records: result.records.length, failures: result.failures.length });
          for (const f of result.failures.slice(0, 5)) {
            logger.warn({ vendor: agent.vendor, url: f.url, kind: f.kind }, `crawl: page failed: ${f.message}`);
          }
          collected.push(...result.records);
          // Re-merge everything seen so far: a product listed at two retailers stays one product.
          const snapshot = [...collected];
          const ingest = this.ingesting.then(() => catalog.ingestCrawl(snapshot));
          this.ingesting = ingest.catch(() => undefined);
          const ingested = await ingest;
          logger.info(`crawl: ${agent.vendor} done: ${result.records.length} products read, catalog holds ${ingested.products}`);
        } catch (error) {
          vendors.push({ vendor: agent.vendor, records: 0, failures: 1 });
          logger.error({ err: error, vendor: agent.vendor }, 'crawl: retailer failed');
        }
      }),
    );
    return { vendors, products: catalog.size };
  }
}
