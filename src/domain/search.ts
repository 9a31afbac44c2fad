import type { Category, Gender, SkillLevel, StaticProduct } from './product.js';
import type { UserContext } from './user.js';

/**
 * Terrain words, canonical and lowercase. Retailers label terrain in many ways
 * ("All Mountain", "Park & Pipe", "Deep Snow"); the catalog maps them onto these.
 */
export const TERRAINS = ['all-mountain', 'powder', 'park', 'freestyle', 'freeride', 'backcountry', 'groomers'] as const;
export type Terrain = (typeof TERRAINS)[number];

/**
 * Explicit structured filters (the GraphQL `SearchFilters` input). They win over what
 * the query text says. Absent and null mean "no filter".
 */
export interface SearchFilters {
  category?: Category | null;
  brand?: string | null;
  skillLevel?: SkillLevel | null;
  terrain?: string | null;
  gender?: Gender | null;
  /** e.g. "158", "157W", "180cm", "10.5". */
  size?: string | null;
  minPrice?: number | null;
  maxPrice?: number | null;
}

/** What a shopper asked for: the query text understood as filters plus the words left for full-text search. */
export interface SearchIntent {
  /** The query as the shopper typed it. */
  raw: string;
  /** Words left for full-text matching ('' when the query was only filters). */
  text: string;
  category: Category | null;
  /** Canonical brand name (e.g. "CAPiTA", "Salomon"). */
  brand: string | null;
  skillLevel: SkillLevel | null;
  terrain: Terrain | null;
  gender: Gender | null;
  /** As understood: "180cm" for a length, "10" for a boot size, "157W". */
  size: string | null;
  minPrice: number | null;
  maxPrice: number | null;
}

/** An intent that asks for nothing yet: every filter null, no free text. */
export function emptyIntent(raw = ''): SearchIntent {
  return {
    raw,
    text: '',
    category: null,
    brand: null,
    skillLevel: null,
    terrain: null,
    gender: null,
    size: null,
    minPrice: null,
    maxPrice: null,
  };
}

/** How a query and its filters were understood, as search reports it (`SearchInterpretation` in GraphQL). */
export interface SearchInterpretation {
  text: string;
  category: Category | null;
  brand: string | null;
  skillLevel: SkillLevel | null;
  terrain: string | null;
  gender: Gender | null;
  size: string | null;
  minPrice: number | null;
  maxPrice: number | null;
}

/** What the query tier holds per understood intent: every matching product id, ranked, and how the query read. */
export interface RankedSearch {
  /** Pages are slices of it, so cursors stay stable for the query tier's TTL. */
  ids: string[];
  interpretation: SearchInterpretation;
}

/**
 * A search miss's answer while its background job runs: basic products from the retailers' search
 * pages (analysis PENDING), kept briefly in the query tier so identical misses share one call.
 */
export interface ProvisionalAnswer {
  products: StaticProduct[];
}

/**
 * How search orders its answer (`SearchSort` in GraphQL). RELEVANCE: text + intent match + rating
 * confidence + availability and price + the viewer's context; the others order by one figure first.
 */
export const SEARCH_SORTS = ['RELEVANCE', 'TOTAL_PRICE_ASC', 'RATING', 'DISCOUNT'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** What a search request carries beside its query and filters. */
export interface SearchRequestOptions {
  /** null/absent: the sort the query's words ask for ("cheap", "best rated"), else RELEVANCE. */
  sort?: SearchSort | null;
  /** The viewer's preferences and recent views; null/absent: a global answer. */
  user?: UserContext | null;
}
