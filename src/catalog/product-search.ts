import { queryHash, tierKeys, type JsonTier, type SmartCacheManager } from '../cache/tiers.js';
import type { Logger } from '../logger.js';
import type { RankedSearch, SearchFilters, SearchIntent, SearchRequestOptions } from '../domain/search.js';
import type { UserContext } from '../domain/user.js';
import { hasPreferences } from '../users/user-context-service.js';
import type { CatalogService } from './catalog-service.js';
import type { StaticProduct } from '../domain/product.js';
import type { SearchMissService } from './search-miss.js';

export interface ProductSearchResult extends RankedSearch {
  /** Every match, also past the ranked window. */
  total: number;
  /** Identifies what was asked (the understood intent), so a cursor can be tied to its search. */
  searchKey: string;
  /**
   * Products (in `ids` order) served as they are, not read from the static tier: a search miss's
   * basic products (the tier holds them once the analyze-query job lands), or the old single
   * path's (SPLIT_AGENTS=false). Absent for an answer from the catalog.
   */
  provisional?: StaticProduct[];
}

/** What the search resolver asks: the split path (ProductSearchService) or the old single path (DirectSearchService). */
export interface ProductSearch {
  /** `options.user`: the viewer's context (ranking reads it; a viewer with preferences has query entries of their own). */
  search(query: string, filters: SearchFilters | undefined, options?: SearchRequestOptions): Promise<ProductSearchResult>;
}

/** What the search needs of the catalog: how a query reads, its version, and ranked answers (with what the live tier holds). */
type SearchableCatalog = Pick<CatalogService, 'interpret' | 'version' | 'rankIntent' | 'searchIntent'>;

/** The version of a viewer's preferences their entries are keyed by (absent: none set). */
type VersionedUser = UserContext & { preferencesVersion?: string | null };

/** The query-tier key part of an intent: what was understood, not the raw text. */
export function searchKeyOf(intent: SearchIntent): string {
  const { raw: _raw, ...meaning } = intent;
  return queryHash(meaning);
}

/**
 * The query tier in front of the catalog search: ranked ids per (query, filters),
 * cached for QUERY_CACHE_TTL_MINUTES. Lookup order (the smart cache manager's): the viewer's own
 * entry (only a viewer with preferences has one: their ranking differs from the global one, so
 * the global entry is not theirs) → the global entry (anonymous, or a viewer without
 * preferences) → assembled from the catalog (the static records stay with the static loader
 * and the live tier) and written back to the entry looked up → a miss (the miss service). Never calls a retailer. A Redis outage or a corrupt
 * entry reads as a miss (the tier fails open), never as a failed search.
 * The key carries the catalog's content version, so no server serves ids ranked on a catalog it does not hold.
 * QUERY_CACHE=false: the tier is neither read nor written. A search nothing in the catalog
 * matches goes to the miss service (a provisional answer while a job runs, or, with
 * BACKGROUND_PROCESSING=false, the analysis in the request and then the catalog's answer).
 */
export class ProductSearchService implements ProductSearch {
  /** null: QUERY_CACHE=false, the query tier is neither read nor written. */
  private readonly tier: JsonTier<RankedSearch> | null;

  constructor(
    private readonly deps: {
      catalog: SearchableCatalog;
      cache: SmartCacheManager;
      logger: Logger;
      /** Answers searches nothing in the catalog matches (absent: such a search is an empty answer). */
      miss?: SearchMissService;
      /** Whether the static tier can be read: when it cannot, no answer can tell a miss from an outage. */
      staticTierReadable?: () => boolean;
      /** QUERY_CACHE (default true): false = no query-tier read or write. */
      queryCache?: boolean;
    },
  ) {
    this.tier = deps.queryCache === false ? null : deps.cache.query;
  }

  /**
   * Ranked ids for a shopper query plus explicit filters (filters win). The cache key is the
   * understood intent, not the raw text: "Ride snowboards" (the brand) and "ride snowboards"
   * may read differently, and two spellings that read the same share one entry.
   */
  async search(query: string, filters: SearchFilters | undefined, options: SearchRequestOptions = {}): Promise<ProductSearchResult> {
    const { catalog } = this.deps;
    const intent = catalog.interpret(query, filters);
    const searchKey = searchKeyOf(intent);
    const key = this.keyOf(searchKey, options.user ?? null);
    const cached = await this.tier?.get(key);
    if (cached) return { ...cached, total: cached.total ?? cached.ids.length, searchKey };

    // Ranked on the static track, then with what the live tier already holds (one plain read, never a retailer call).
    let ranked = await catalog.rankIntent(intent, options, this.deps.cache.live);
    if (ranked.ids.length === 0 && this.isMiss(intent)) {
      const provisional = await this.deps.miss!.answer(intent, searchKey);
      if (provisional) {
        const ids = provisional.map((p) => p.id);
        return { ids, total: ids.length, interpretation: ranked.interpretation, searchKey, provisional };
      }
      // The analysis ran in the request (BACKGROUND_PROCESSING=false): the catalog answers now.
      ranked = await catalog.rankIntent(intent, options, this.deps.cache.live);
    }
    const { ids, total, explanations, interpretation } = ranked;
    const result: RankedSearch = { ids, total, explanations, interpretation };
    // An empty answer is not cached: the catalog may be filling right now. The key is taken
    // after an inline analysis, which changed the catalog's version.
    if (ids.length > 0 && this.tier) {
      const after = this.keyOf(searchKey, options.user ?? null);
      await this.write(after, result, options.user ?? null).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'query tier write failed'));
    }
    return { ...result, total, searchKey };
  }

  /** The entry a search reads and writes: the viewer's own when they have preferences, else the global one. */
  private keyOf(searchKey: string, user: VersionedUser | null): string {
    const version = this.deps.catalog.version;
    if (user && hasPreferences(user.preferences)) {
      return tierKeys.queryUser(user.viewer.userId, `${user.preferencesVersion ?? 'set'}:${version}:${searchKey}`);
    }
    return tierKeys.queryGlobal(`${version}:${searchKey}`);
  }

  private async write(key: string, result: RankedSearch, user: VersionedUser | null): Promise<void> {
    // A user's entries are indexed first, so a preference change can drop every one of them.
    if (user && hasPreferences(user.preferences)) await this.deps.cache.rememberUserQuery(user.viewer.userId, key);
    await this.tier!.set(key, result);
  }

  /**
   * Nothing in the catalog is what was asked for (its kind, brand and words), whatever the
   * filters: filters that exclude every match are an answer ("no 190 cm beginner board under
   * $50"), not a reason to call the retailers. Never while the static tier cannot be read.
   */
  private isMiss(intent: SearchIntent): boolean {
    if (!this.deps.miss) return false;
    // During an outage every search would look like a miss and call the retailers, uncached.
    if (this.deps.staticTierReadable && !this.deps.staticTierReadable()) return false;
    const whatWasAsked = { ...intent, minPrice: null, maxPrice: null, skillLevel: null, terrain: null, size: null, gender: null };
    return this.deps.catalog.searchIntent(whatWasAsked, { limit: 0 }).total === 0;
  }
}
