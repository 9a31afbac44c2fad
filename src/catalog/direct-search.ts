import type { HeavyAgent, LightAgent } from '../agents/types.js';
import { readSearchHitsInFull } from '../agents/heavy/search-hits.js';
import type { VendorProductRecord } from '../domain/product.js';
import type { SearchFilters, SearchIntent } from '../domain/search.js';
import type { Logger } from '../logger.js';
import { mergeVendorRecords } from './matching.js';
import { describeIntent } from './query-parser.js';
import { searchKeyOf, type ProductSearch, type ProductSearchResult } from './product-search.js';
import { searchWords } from './search-miss.js';
import { rankWithin } from './search-index.js';

export interface DirectSearchDeps {
  /** How a query reads (the same understanding as the split path). */
  interpret: (query: string, filters: SearchFilters | undefined) => SearchIntent;
  /** The light agents: each retailer's search page. */
  lightAgents: readonly Pick<LightAgent, 'vendor' | 'searchListings'>[];
  /** The heavy agents: every hit's product page. */
  heavyAgents: readonly Pick<HeavyAgent, 'vendor' | 'fetchProduct'>[];
  logger: Logger;
}

/**
 * The old single path (SPLIT_AGENTS=false), the rollback target and the benchmark's baseline:
 * every search calls each retailer's search page (light agent) and every hit's product page
 * (heavy agent), merges those records with the real matching and ranks them by the index rules.
 * It neither reads nor writes the static or the query tier, so two identical searches cost the
 * retailers the same twice. Live fields still come from the light agents (the live loader), so a
 * retailer is called twice per search, as the old system did.
 */
export class DirectSearchService implements ProductSearch {
  constructor(private readonly deps: DirectSearchDeps) {}

  /** Products read from the retailers for this query now, best first, served as they are. */
  async search(query: string, filters: SearchFilters | undefined): Promise<ProductSearchResult> {
    const intent = this.deps.interpret(query, filters);
    const words = searchWords(intent);
    const records = words ? (await Promise.all(this.deps.lightAgents.map((agent) => this.readRetailer(agent, words)))).flat() : [];
    const ranked = rankWithin(mergeVendorRecords(records), intent);
    return { ids: ranked.map((p) => p.id), total: ranked.length, interpretation: describeIntent(intent), searchKey: searchKeyOf(intent), provisional: ranked };
  }

  /** One retailer's search page, then its hits' product pages; a failure costs only that retailer's products. */
  private async readRetailer(search: DirectSearchDeps['lightAgents'][number], words: string): Promise<VendorProductRecord[]> {
    const { heavyAgents, logger } = this.deps;
    const heavy = heavyAgents.find((a) => a.vendor === search.vendor);
    if (!heavy) return [];
    try {
      const { records, failed } = await readSearchHitsInFull(search, heavy, words);
      if (failed > 0) logger.warn({ vendor: search.vendor, failed }, 'direct search: some product pages failed');
      return records;
    } catch (err) {
      logger.warn({ vendor: search.vendor, err: err instanceof Error ? err.message : String(err) }, 'direct search: retailer search failed');
      return [];
    }
  }
}
