import type { Kysely } from 'kysely';
import { tierKeys, type SmartCacheManager } from '../cache/tiers.js';
import { StoredUserShape, type StoredUser } from '../cache/shapes.js';
import { TABLES, type DurableTables } from '../db/database.js';
import { InputError } from '../subscriptions/errors.js';
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

/** A preference change that could not be kept (SERVICE_UNAVAILABLE): nothing was cached and no answer was dropped. */
export class PreferencesNotSavedError extends InputError {
  override name = 'PreferencesNotSavedError';
  constructor(message: string, options?: ErrorOptions) {
    super('SERVICE_UNAVAILABLE', message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * The user context service: each shopper's preferences and recently viewed products.
 *
 * Preferences are user data: with a durable store (`db`: PostgreSQL or PGlite) they are kept
 * there, and the user tier (USER_CACHE_TTL_DAYS, renewed by every change) caches them; a user
 * tier miss reads the database and refills the tier. Without one (production without
 * DATABASE_URL) the user tier alone holds them, and they last as long as its TTL. Recent views
 * live in the user tier only: they are worth nothing once old.
 *
 * Reads fail open: a user tier (or database) that cannot be read gives a context without
 * preferences (a global answer), never a failed search. Preferences and recent views are two
 * keys, so recording a view never writes back preferences it read before a change.
 */
export class UserContextService {
  private readonly changeListeners: ((userId: string) => Promise<void>)[] = [];

  constructor(
    private readonly deps: {
      cache: Pick<SmartCacheManager, 'user' | 'userRecent'>;
      /** The durable store, where preferences are kept; absent: the user tier alone holds them. */
      db?: Kysely<DurableTables> | null;
      logger: Logger;
      now?: () => Date;
    },
  ) {}

  /** Be told (and awaited) when a shopper's preferences changed: their cached answers go. */
  onPreferencesChanged(listener: (userId: string) => Promise<void>): void {
    this.changeListeners.push(listener);
  }

  /**
   * The viewer's context: one user-tier round trip, plus one database read when the tier misses
   * their preferences (then written back to the tier). No preferences and no views when neither holds any.
   */
  async load(viewer: Viewer): Promise<LoadedUserContext> {
    const { user, userRecent } = this.deps.cache;
    const keys = [tierKeys.user(viewer.userId), tierKeys.userRecentlyViewed(viewer.userId)] as const;
    let raw: (string | null)[];
    try {
      raw = await user.store.mget(keys);
    } catch (err) {
      user.counters.errors++;
      user.counters.misses++;
      this.deps.logger.warn({ err: errorMessage(err) }, 'user tier read failed; the answer is global');
      return toContext(viewer, null, []);
    }
    // Recent views are read without counting: one context read is one user-tier read.
    const recent = userRecent.decode(keys[1], raw[1], { count: false }) ?? [];
    const cached = user.decode(keys[0], raw[0]);
    return toContext(viewer, cached ?? (await this.refill(viewer.userId, keys[0])), recent);
  }

  /**
   * Preferences the user tier missed, from the database, written back to the tier. A shopper
   * with no row is cached as "no preferences" too, so their every request is not a database read.
   * The write-back only fills an empty key: a change written while this read ran is never
   * overwritten by the older value read here.
   */
  private async refill(userId: string, key: string): Promise<StoredUser | null> {
    const { db, logger } = this.deps;
    if (!db) return null;
    let stored: StoredUser;
    try {
      const row = await db.selectFrom(TABLES.userPreferences).select(['preferences', 'updated_at']).where('user_id', '=', userId).executeTakeFirst();
      if (!row) {
        stored = { preferences: noPreferences(), preferencesUpdatedAt: null };
      } else {
        const parsed = StoredUserShape.safeParse({ preferences: row.preferences, preferencesUpdatedAt: row.updated_at.toISOString() });
        if (!parsed.success) {
          logger.warn({ why: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, 'stored preferences of another shape; the answer is global');
          return null;
        }
        stored = parsed.data;
      }
    } catch (err) {
      logger.warn({ err: errorMessage(err) }, 'preferences could not be read from the durable store; the answer is global');
      return null;
    }
    const { user } = this.deps.cache;
    await user.store.setIfAbsent(key, JSON.stringify(stored), user.ttlSeconds).catch((err: unknown) => {
      logger.warn({ err: errorMessage(err) }, 'preferences read from the durable store not cached');
    });
    return stored;
  }

  /**
   * Replace the viewer's preferences (already validated) and drop every query-tier and response
   * entry ranked on the old ones. With a durable store the database is written first (rejects
   * with PreferencesNotSavedError, nothing cached, when it cannot be), then the user tier;
   * without one, rejects when the user tier cannot be written.
   */
  async updatePreferences(viewer: Viewer, preferences: UserPreferences): Promise<LoadedUserContext> {
    const next: StoredUser = { preferences, preferencesUpdatedAt: (this.deps.now?.() ?? new Date()).toISOString() };
    const key = tierKeys.user(viewer.userId);
    const { db, logger } = this.deps;
    if (db) {
      const row = { user_id: viewer.userId, preferences: JSON.stringify(preferences), updated_at: new Date(next.preferencesUpdatedAt!) };
      try {
        await db
          .insertInto(TABLES.userPreferences)
          .values(row)
          .onConflict((oc) => oc.column('user_id').doUpdateSet({ preferences: row.preferences, updated_at: row.updated_at }))
          .execute();
      } catch (err) {
        throw new PreferencesNotSavedError(`preferences not saved: the durable store could not be written (${errorMessage(err)}); try again`, { cause: err });
      }
      // Kept now: a user tier that cannot be written must not hold the old value (the next read refills from the database).
      await this.deps.cache.user.set(key, next).catch(async (err: unknown) => {
        logger.warn({ err: errorMessage(err) }, 'preferences saved but not cached; dropping the cached ones');
        await this.deps.cache.user.delete(key).catch((err2: unknown) => logger.error({ err: errorMessage(err2) }, 'the user tier may serve preferences older than the saved ones until it expires'));
      });
    } else {
      await this.deps.cache.user.set(key, next);
    }
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

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
