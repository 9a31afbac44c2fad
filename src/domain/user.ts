import type { SkillLevel } from './product.js';
import type { Terrain } from './search.js';

/** Who is asking: known from the request's user header (README, *Users*), or from the REST body's `user_id`. */
export interface Viewer {
  /** The end user's id as the token (or the first-party REST body) names it. */
  userId: string;
}

/** What a shopper told us about themselves (`Mutation.updatePreferences`). Every field optional: unset means no preference. */
export interface UserPreferences {
  skillLevel: SkillLevel | null;
  /** Riding style and terrain, canonical terrain words ("park", "powder", "all-mountain"). */
  terrain: Terrain[];
  /** Budget per product in USD; either bound may be null. */
  budget: { min: number | null; max: number | null } | null;
  /** Canonical brand names, most preferred first. */
  brands: string[];
  /** Sizes the shopper wears or rides, as search understands them ("156", "157W", "10.5", "180cm"). */
  sizes: string[];
}

/** What ranking knows of a viewer: their preferences and what they looked at last. */
export interface UserContext {
  viewer: Viewer;
  preferences: UserPreferences;
  /** Product ids, most recent first, bounded. */
  recentlyViewed: string[];
}

export function noPreferences(): UserPreferences {
  return { skillLevel: null, terrain: [], budget: null, brands: [], sizes: [] };
}
