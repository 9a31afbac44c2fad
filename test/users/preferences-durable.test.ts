import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { tierKeys } from '../../src/cache/tiers.js';
import type { UserPreferences } from '../../src/domain/user.js';
import { signUserToken } from '../../src/users/identity.js';
import { PreferencesNotSavedError } from '../../src/users/user-context-service.js';
import { durableBackends } from '../support/postgres.js';
import { deleteKeys, startTestApp, type GraphQLErrorBody, type TestApp } from '../support/test-app.js';

const SECRET = 'durable-preferences-test-secret-of-32-chars';
const VIEWER = '{ viewer { userId preferences { skillLevel terrain budget { min max } brands sizes } } }';
const UPDATE = `mutation ($input: UserPreferencesInput!) { updatePreferences(input: $input) { userId preferences { skillLevel terrain budget { min max } brands sizes } } }`;
const INPUT = { skillLevel: 'INTERMEDIATE', terrain: ['powder'], budget: { min: 200, max: 600 }, brands: ['burton'], sizes: ['158'] };
/** INPUT as the viewer reads it back (brands canonicalised). */
const SAVED: UserPreferences = { skillLevel: 'INTERMEDIATE', terrain: ['powder'], budget: { min: 200, max: 600 }, brands: ['Burton'], sizes: ['158'] };

/** A real PostgreSQL database of its own (production mode, Redis), or PGlite in a directory of its own (embedded mode). */
const BACKENDS = durableBackends();

async function as(app: TestApp, userId: string, query: string, variables?: Record<string, unknown>) {
  const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'x-hexar-user': signUserToken(SECRET, userId) };
  const response = await app.yoga.fetch('http://yoga/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: any; errors?: GraphQLErrorBody[] };
}

/** Lose every cached key of the app: its Redis prefix (as the price history tests do), or its in-process store in embedded mode. */
async function flushCache(app: TestApp): Promise<void> {
  if (app.config.redisUrl) await deleteKeys(app.config.redisKeyPrefix);
  else {
    const keys = await app.services.store.keys('');
    if (keys.length > 0) await app.services.store.delete(...keys);
  }
  expect(await app.services.store.keys('user:')).toEqual([]);
}

const start = (env: Record<string, string>) => startTestApp({ crawl: false, env: { ...env, USER_TOKEN_SECRET: SECRET, LIVE_POLL_INTERVAL_SECONDS: '3600' } });

describe.each(BACKENDS)('preferences kept in the durable store (%s)', (_name, backendEnv) => {
  it("survive the loss of the app's cached keys and a restart, with the same version", async () => {
    const env = await backendEnv();
    let app = await start(env);
    let version: string | null;
    try {
      expect(app.services.liveTrack.durableDb).not.toBeNull();
      const saved = await as(app, 'dana', UPDATE, { input: INPUT });
      expect(saved.errors).toBeUndefined();
      expect(saved.data.updatePreferences.preferences).toEqual(SAVED);
      version = (await app.services.users.load({ userId: 'dana' })).preferencesVersion;
      expect(version).toMatch(/^\d{4}-\d\d-\d\dT/);

      await flushCache(app);
      expect((await as(app, 'dana', VIEWER)).data.viewer).toEqual({ userId: 'dana', preferences: SAVED });
      // Refilled: the user tier holds them again, under the version they were saved with.
      const cached = JSON.parse((await app.services.store.get(tierKeys.user('dana')))!);
      expect(cached).toEqual({ preferences: SAVED, preferencesUpdatedAt: version });
      expect(await app.services.store.ttlSeconds(tierKeys.user('dana'))).toBeGreaterThan(7 * 86400 - 60);
    } finally {
      // Also deletes every key of the app's prefix; the next app has a prefix of its own.
      await app.close();
    }

    app = await start(env);
    try {
      expect(await app.services.store.keys('user:')).toEqual([]);
      expect((await as(app, 'dana', VIEWER)).data.viewer).toEqual({ userId: 'dana', preferences: SAVED });
      // The same version as before the restart: entries keyed by it stay the ones that fit these preferences.
      const context = await app.services.users.load({ userId: 'dana' });
      expect(context.preferencesVersion).toBe(version);
      // A change after the restart is a new version.
      await as(app, 'dana', UPDATE, { input: { skillLevel: 'EXPERT' } });
      const changed = await app.services.users.load({ userId: 'dana' });
      expect(changed.preferences).toEqual({ ...SAVED, skillLevel: 'EXPERT' });
      expect(changed.preferencesVersion).not.toBe(context.preferencesVersion);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('a user tier miss reads the database and refills the tier: the next load is a user-tier hit', async () => {
    const app = await start(await backendEnv());
    try {
      const { users, cache } = app.services;
      const db = app.services.liveTrack.durableDb!;
      await as(app, 'eve', UPDATE, { input: INPUT });
      await flushCache(app);
      // What the database holds is what a miss answers (set behind the cache's back, so only the database has it).
      await sql`UPDATE user_preferences SET preferences = jsonb_set(preferences, '{sizes}', '["161W"]') WHERE user_id = 'eve'`.execute(db);

      const counters = cache.user.counters;
      const before = { hits: counters.hits, misses: counters.misses };
      const first = await users.load({ userId: 'eve' });
      expect(first.preferences).toEqual({ ...SAVED, sizes: ['161W'] });
      expect({ hits: counters.hits - before.hits, misses: counters.misses - before.misses }).toEqual({ hits: 0, misses: 1 });
      const second = await users.load({ userId: 'eve' });
      expect(second).toEqual(first);
      expect({ hits: counters.hits - before.hits, misses: counters.misses - before.misses }).toEqual({ hits: 1, misses: 1 });

      // A shopper without a row is cached as "no preferences": their next load is a hit too, with no version.
      const nobody = await users.load({ userId: 'nobody' });
      expect(nobody.preferencesVersion).toBeNull();
      expect(await app.services.store.get(tierKeys.user('nobody'))).not.toBeNull();
      const hits = counters.hits;
      expect((await users.load({ userId: 'nobody' })).preferencesVersion).toBeNull();
      expect(counters.hits).toBe(hits + 1);
      // ...and a change replaces that entry at once.
      await as(app, 'nobody', UPDATE, { input: { brands: ['jones'] } });
      expect((await as(app, 'nobody', VIEWER)).data.viewer.preferences.brands).toEqual(['Jones']);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('a database that cannot be written rejects the change with a clear error, and nothing is cached', async () => {
    const app = await start(await backendEnv());
    try {
      const { users } = app.services;
      await as(app, 'finn', UPDATE, { input: INPUT });
      const cachedBefore = await app.services.store.get(tierKeys.user('finn'));
      // A real failure of the durable store: its table is gone.
      await sql`DROP TABLE user_preferences`.execute(app.services.liveTrack.durableDb!);
      const dropped: string[] = [];
      users.onPreferencesChanged(async (userId) => {
        dropped.push(userId);
      });
      const attempt = users.updatePreferences({ userId: 'finn' }, { ...SAVED, skillLevel: 'EXPERT' });
      await expect(attempt).rejects.toThrow(PreferencesNotSavedError);
      await expect(attempt).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      await expect(attempt).rejects.toThrow(/preferences not saved: the durable store could not be written \(.*user_preferences.*\); try again/);
      expect(await app.services.store.get(tierKeys.user('finn'))).toBe(cachedBefore);
      expect(dropped).toEqual([]);
      // Through GraphQL the mutation fails (no viewer answered) and the viewer still reads the saved preferences.
      const viaGraphQL = await as(app, 'finn', UPDATE, { input: { skillLevel: 'EXPERT' } });
      expect(viaGraphQL.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(viaGraphQL.errors?.[0]?.message).toMatch(/preferences not saved: the durable store could not be written/);
      expect(viaGraphQL.data?.updatePreferences ?? null).toBeNull();
      expect((await as(app, 'finn', VIEWER)).data.viewer.preferences).toEqual(SAVED);
    } finally {
      await app.close();
    }
  }, 60_000);
});

describe('production mode without DATABASE_URL', () => {
  it("has no durable store: preferences live in the user tier alone and go with the app's Redis keys", async () => {
    const app = await start({});
    try {
      expect(app.services.liveTrack.durableDb).toBeNull();
      expect((await as(app, 'gus', UPDATE, { input: INPUT })).data.updatePreferences.preferences).toEqual(SAVED);
      expect((await as(app, 'gus', VIEWER)).data.viewer.preferences).toEqual(SAVED);
      await flushCache(app);
      expect((await as(app, 'gus', VIEWER)).data.viewer.preferences).toEqual({ skillLevel: null, terrain: [], budget: null, brands: [], sizes: [] });
      // A miss with nothing behind it caches nothing.
      expect(await app.services.store.keys('user:')).toEqual([]);
    } finally {
      await app.close();
    }
  }, 60_000);
});
