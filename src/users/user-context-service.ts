import { tierKeys, type SmartCacheManager } from '../cache/tiers.js';
import type { StoredUser } from '../cache/shapes.js';
import { noPreferences, type UserContext, type UserPreferences, type Viewer } from '../domain/user.js';
import type { Logger } from '../logger.js';

/** How many recently viewed products a shopper's context keeps (most recent first). */
export const MAX_RECENTLY_VIEWED = 20;

/** A shopper's context as search and the cache keys read it. */
export interface LoadedUserContext extends UserContext {
  /**
   * Identifies the preferences the context holds (null: none set): query and response entries
   * of this user are keyed by it, so an answer ranked on older preferences is never served.
   */
  preferencesVersion: string | null;
}

/** Whether a shopper told us anything: a context without preferences ranks exactly as a global search does. */
export function hasPreferences(p: UserPreferences): boolean {
  return p.skillLevel !== null || p.terrain.length > 0 || p.budget !== null || p.brands.length > 0 || p.sizes.length > 0;
}

/**
 * The user context service: each shopper's preferences and recently viewed products in the user
 * tier (USER_CACHE_TTL_DAYS, renewed by every change). Until the durable store lands the user
 * tier is where preferences live; they then move to PostgreSQL and this tier caches them.
 * Reads fail open: a user tier that cannot be read gives a context without preferences (a
 * global answer), never a failed search. Preferences and recent views are two keys, so
 * recording a view never writes back preferences it read before a change.
 */
export class UserContextService {
  private readonly changeListeners: ((userId: string) => Promise<void>)[] = [];

  constructor(
    private readonly deps: {
      cache: Pick<SmartCacheManager, 'user' | 'userRecent'>;
      logger: Logger;
      now?: () => Date;
    },
  ) {}

  /** Be told (and awaited) when a shopper's preferences changed: their cached answers go. */
  onPreferencesChanged(listener: (userId: string) => Promise<void>): void {
    this.changeListeners.push(listener);
  }

  /** The viewer's context (one round trip): what the user tier holds, or no preferences and no views. */
  async load(viewer: Viewer): Promise<LoadedUserContext> {
    const { user, userRecent } = this.deps.cache;
    const keys = [tierKeys.user(viewer.userId), tierKeys.userRecentlyViewed(viewer.userId)] as const;
    let raw: (string | null)[];
    try {
      raw = await user.store.mget(keys);
    } catch (err) {
      user.counters.errors++;
      user.counters.misses++;
      this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'user tier read failed; the answer is global');
      return toContext(viewer, null, []);
    }
    // Recent views are read without counting: one context read is one user-tier read.
    return toContext(viewer, user.decode(keys[0], raw[0]), userRecent.decode(keys[1], raw[1], { count: false }) ?? []);
  }

  /**
   * Replace the viewer's preferences (already validated) and drop every query-tier and response
   * entry ranked on the old ones. Rejects when the user tier cannot be written.
   */
  async updatePreferences(viewer: Viewer, preferences: UserPreferences): Promise<LoadedUserContext> {
    const next: StoredUser = { preferences, preferencesUpdatedAt: (this.deps.now?.() ?? new Date()).toISOString() };
    await this.deps.cache.user.set(tierKeys.user(viewer.userId), next);
    await Promise.all(this.changeListeners.map((listener) => listener(viewer.userId)));
    return this.load(viewer);
  }

  /**
   * Put a product first in the viewer's recently viewed list (once; at most MAX_RECENTLY_VIEWED).
   * Best effort: a failed write is logged, never a failed product read.
   */
  async recordView(viewer: Viewer, productId: string): Promise<void> {
    const { userRecent } = this.deps.cache;
    const key = tierKeys.userRecentlyViewed(viewer.userId);
    try {
      const recent = (await userRecent.store.get(key).then((text) => userRecent.decode(key, text, { count: false }))) ?? [];
      if (recent[0] === productId) return;
      await userRecent.set(key, [productId, ...recent.filter((id) => id !== productId)].slice(0, MAX_RECENTLY_VIEWED));
    } catch (err) {
      this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'recently viewed not recorded');
    }
  }
}

function toContext(viewer: Viewer, stored: StoredUser | null, recentlyViewed: string[]): LoadedUserContext {
  const preferences = stored?.preferences ?? noPreferences();
  return {
    viewer,
    preferences,
    recentlyViewed,
    preferencesVersion: hasPreferences(preferences) ? (stored?.preferencesUpdatedAt ?? 'set') : null,
  };
}
