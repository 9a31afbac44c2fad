import type { LightAgent } from '../agents/types.js';
import { tierKeys, type JsonTier } from '../cache/tiers.js';
import type { StaticProduct } from '../domain/product.js';
import type { ProvisionalAnswer, SearchIntent } from '../domain/search.js';
import type { Logger } from '../logger.js';
import { provisionalProducts } from './provisional-products.js';
import { rankWithin } from './search-index.js';

/** The words a retailer's own search page understands for an intent: brand, free text, category. */
export function searchWords(intent: SearchIntent): string {
  const category = intent.category ? intent.category.toLowerCase() : null;
  return [intent.brand, intent.text, category].filter((w): w is string => !!w && w.trim() !== '').join(' ').trim();
}

export interface SearchMissDeps {
  /** The light agents, for one search-page call per retailer. */
  agents: readonly Pick<LightAgent, 'vendor' | 'searchListings'>[];
  /**
   * Where the provisional answer waits for the job (a view of the query tier). null with
   * QUERY_CACHE=false: it is a query-tier entry too, so each later identical miss calls the
   * retailers again (concurrent ones in this process still share one call per retailer).
   */
  tier: JsonTier<ProvisionalAnswer> | null;
  /** Schedules the analyze-query job (deduplicated by the queue). */
  scheduleAnalysis: (query: string, searchKey: string) => Promise<unknown>;
  /**
   * BACKGROUND_PROCESSING=false: run the analyze-query work in the request instead (each retailer's
   * search page, then the page of every hit the catalog lacks, into the static tier); nothing is scheduled and
   * the answer is the catalog's, not a provisional one.
   */
  analyzeNow?: (query: string) => Promise<unknown>;
  /** How long the retailers' search pages may take (LIVE_DEADLINE_MS: a shopper waits for them). */
  deadlineMs: number;
  /** How long a provisional answer is kept (until the job should have landed). */
  ttlSeconds: number;
  logger: Logger;
}

/**
 * A search the static catalog cannot answer at all: the analyze-query job is scheduled at priority 1
 * (its records appear in full once it lands), and meanwhile the answer is a basic listing from ONE
 * search-page call per retailer, ranked by the same index rules, marked PENDING. Identical misses
 * share it: concurrent ones in this process share the calls, later ones read it from the query tier,
 * so a second identical miss while the job runs makes no second retailer call.
 */
export class SearchMissService {
  private readonly inflight = new Map<string, Promise<StaticProduct[] | null>>();

  constructor(private readonly deps: SearchMissDeps) {}

  /**
   * Provisional products for an intent nothing in the catalog matches, best first; or, with
   * `analyzeNow`, null once the analysis ran in the request (the catalog holds what it found).
   * Identical misses in flight share one answer either way.
   */
  answer(intent: SearchIntent, searchKey: string): Promise<StaticProduct[] | null> {
    let pending = this.inflight.get(searchKey);
    if (!pending) {
      pending = this.load(intent, searchKey).finally(() => this.inflight.delete(searchKey));
      this.inflight.set(searchKey, pending);
    }
    return pending;
  }

  private async load(intent: SearchIntent, searchKey: string): Promise<StaticProduct[] | null> {
    const { tier, logger, analyzeNow } = this.deps;
    const key = tierKeys.queryMiss(searchKey);
    const words = searchWords(intent);
    if (!words) return [];
    if (analyzeNow) {
      await analyzeNow(words).catch((err: unknown) =>
        logger.warn({ err: err instanceof Error ? err.message : String(err), words }, 'search miss: inline analysis failed'),
      );
      return null;
    }
    // The job is asked for on every miss: the queue keeps one while it waits or runs.
    void this.deps.scheduleAnalysis(words, searchKey).catch((err: unknown) => logger.warn({ err }, 'analyze-query could not be scheduled'));
    const cached = await tier?.get(key);
    if (cached) return rank(cached.products, intent);
    const products = provisionalProducts(await this.searchRetailers(words));
    // Nothing found is not kept: the retailers may list it in a moment.
    if (products.length > 0 && tier) {
      await tier.set(key, { products }, this.deps.ttlSeconds).catch((err: unknown) => logger.warn({ err }, 'provisional answer not cached'));
    }
    return rank(products, intent);
  }

  /** Every retailer's search page once, in parallel; a failing retailer costs only its own products. */
  private async searchRetailers(words: string) {
    const deadlineMs = Date.now() + this.deps.deadlineMs;
    const results = await Promise.all(
      this.deps.agents.map((agent) =>
        agent.searchListings(words, { deadlineMs }).catch((err: unknown) => {
          this.deps.logger.warn({ vendor: agent.vendor, err: err instanceof Error ? err.message : String(err) }, 'search miss: retailer search failed');
          return [];
        }),
      ),
    );
    return results.flat();
  }
}

/**
 * The intent's filters and ranking over the provisional products (the same index rules as the
 * catalog), except what a search card never states (skill level, terrain, sizes): filtering on
 * those would drop every card, and the products say they are PENDING until their pages are read.
 */
function rank(products: readonly StaticProduct[], intent: SearchIntent): StaticProduct[] {
  return rankWithin(products, { ...intent, skillLevel: null, terrain: null, size: null });
}
