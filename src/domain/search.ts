import type { Category, Gender, SkillLevel, StaticProduct } from './product.js';
import type { UserContext } from './user.js';

/** The longest shopper query search takes (GraphQL and REST alike). */
export const MAX_QUERY_LENGTH = 200;

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
  /**
   * The `search(sort:)` argument, carried with the filters so the understood intent (and with it
   * the query-tier key) holds it. Wins over sort words in the text ("cheap", "best rated").
   */
  sort?: SearchSort | null;
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
  /** The order asked for: by the `sort` argument, else by sort words ("cheap" → TOTAL_PRICE_ASC); null: RELEVANCE. */
  sort: SearchSort | null;
}

/**
 * True when the intent names something structured (category, brand, skill, terrain, gender, size
 * or a price bound). Then its free text only ranks; without any, the text is all that was asked,
 * so it must match.
 */
export function hasStructuredPart(intent: SearchIntent): boolean {
  return (
    intent.category !== null ||
    intent.brand !== null ||
    intent.skillLevel !== null ||
    intent.terrain !== null ||
    intent.gender !== null ||
    intent.size !== null ||
    intent.minPrice !== null ||
    intent.maxPrice !== null
  );
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
    sort: null,
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
  /** The order the answer is in (absent in answers ranked before search understood sorts: RELEVANCE). */
  sort?: SearchSort;
  /** Free-text words that only ranked the answer: they filtered nothing (absent: none). */
  rankingWords?: string[];
}

/** Why one product stands where it does: its score and short human reasons ("rated 4.6 from 31 reviews"). */
export interface RankingExplanation {
  score: number;
  reasons: string[];
}

/** What the query tier holds per understood intent: the ranked ids, and how the query read. */
export interface RankedSearch {
  /**
   * The ranked ids (at most the ranking window, RANKED_LIMIT): pages are slices of it, so cursors
   * stay stable for the query tier's TTL.
   */
  ids: string[];
  interpretation: SearchInterpretation;
  /** Every match, also those past the ranking window (absent: `ids.length`). */
  total?: number;
  /** Per id, in `ids` order: its score and reasons (absent: a provisional or older answer). */
  explanations?: RankingExplanation[];
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
  /**
   * The viewer's preferences and recent views; null/absent: a global answer. (The sort is part of
   * the intent: the sort argument travels in the filters, so the query-tier key holds it.)
   */
  user?: UserContext | null;
}
