import { queryHash, tierKeys, type JsonTier, type SmartCacheManager } from '../cache/tiers.js';
import type { Logger } from '../logger.js';
import type { RankedSearch, SearchFilters, SearchIntent, SearchInterpretation } from '../domain/search.js';
import type { CatalogService } from './catalog-service.js';
import type { StaticProduct } from '../domain/product.js';
import type { SearchMissService } from './search-miss.js';

export interface ProductSearchResult extends RankedSearch {
  /** Identifies what was asked (the understood intent), so a cursor can be tied to its search. */
  searchKey: string;
  /**
   * A search miss's basic products (in `ids` order), served as they are: the static tier does not
   * hold them until the analyze-query job lands. Absent for an answer from the catalog.
   */
  provisional?: StaticProduct[];
}

/**
 * The query tier in front of the catalog search: ranked ids per (query, filters),
 * cached for QUERY_CACHE_TTL_MINUTES. Never calls a retailer. A Redis outage or a corrupt
 * entry reads as a miss (the tier fails open), never as a failed search.
 * The key carries the catalog's content version, so no server serves ids ranked on a catalog it does not hold.
 */
export class ProductSearchService {
  private readonly tier: JsonTier<RankedSearch>;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      cache: SmartCacheManager;
      logger: Logger;
      /** Answers searches nothing in the catalog matches (absent: such a search is an empty answer). */
      miss?: SearchMissService;
      /** Whether the static tier can be read: when it cannot, no answer can tell a miss from an outage. */
      staticTierReadable?: () => boolean;
    },
  ) {
    this.tier = deps.cache.query;
  }

  /**
   * Ranked ids for a shopper query plus explicit filters (filters win). The cache key is the
   * understood intent, not the raw text: "Ride snowboards" (the brand) and "ride snowboards"
   * may read differently, and two spellings that read the same share one entry.
   */
  async search(query: string, filters: SearchFilters | undefined): Promise<ProductSearchResult> {
    const { catalog } = this.deps;
    const intent = catalog.interpret(query, filters);
    const { raw: _raw, ...meaning } = intent;
    const searchKey = queryHash(meaning);
    const key = tierKeys.queryGlobal(`${catalog.version}:${searchKey}`);
    const cached = await this.tier.get(key);
    if (cached) return { ...cached, searchKey };

    const { ids } = catalog.searchIntent(intent);
    const result: RankedSearch = { ids, interpretation: interpret(intent) };
    if (ids.length === 0 && this.deps.miss && this.isMiss(intent)) {
      const provisional = await this.deps.miss.answer(intent, searchKey);
      return { ids: provisional.map((p) => p.id), interpretation: result.interpretation, searchKey, provisional };
    }
    // An empty answer is not cached: the catalog may be filling right now.
    if (ids.length > 0) {
      await this.tier
        .set(key, result)
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'query tier write failed'));
    }
    return { ...result, searchKey };
  }

  /**
   * Nothing in the catalog is what was asked for (its kind, brand and words), whatever the
   * filters: filters that exclude every match are an answer ("no 190 cm beginner board under
   * $50"), not a reason to call the retailers. Never while the static tier cannot be read.
   */
  private isMiss(intent: SearchIntent): boolean {
    // During an outage every search would look like a miss and call the retailers, uncached.
    if (this.deps.staticTierReadable && !this.deps.staticTierReadable()) return false;
    const whatWasAsked = { ...intent, minPrice: null, maxPrice: null, skillLevel: null, terrain: null, size: null, gender: null };
    return this.deps.catalog.searchIntent(whatWasAsked).ids.length === 0;
  }
}

function interpret(intent: SearchIntent): SearchInterpretation {
  return {
    text: intent.text,
    category: intent.category ?? null,
    brand: intent.brand ?? null,
    skillLevel: intent.skillLevel ?? null,
    terrain: intent.terrain ?? null,
    gender: intent.gender ?? null,
    size: intent.size ?? null,
    minPrice: intent.minPrice ?? null,
    maxPrice: intent.maxPrice ?? null,
  };
}
