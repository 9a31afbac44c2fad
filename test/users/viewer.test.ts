import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/cache/memory-store.js';
import { SmartCacheManager, tierKeys } from '../../src/cache/tiers.js';
import { responseKeys } from '../../src/cache/response-cache.js';
import { loadConfig } from '../../src/config.js';
import { noPreferences } from '../../src/domain/user.js';
import { createLogger } from '../../src/logger.js';
import { signUserToken } from '../../src/users/identity.js';
import { applyPreferencesChange, PreferencesError } from '../../src/users/preferences.js';
import { MAX_RECENTLY_VIEWED, UserContextService } from '../../src/users/user-context-service.js';
import { startTestApp, type GraphQLErrorBody, type TestApp } from '../support/test-app.js';

const SECRET = 'viewer-test-secret-of-at-least-32-characters';
const VIEWER = '{ viewer { userId preferences { skillLevel terrain budget { min max } brands sizes } recentlyViewed { id name } } }';
const UPDATE = `mutation ($input: UserPreferencesInput!) { updatePreferences(input: $input) { userId preferences { skillLevel terrain budget { min max } brands sizes } } }`;
const SEARCH = '{ search(query: "snowboard", first: 5) { edges { node { id name } } } }';

describe('preferences as a client sends them', () => {
  it('a change keeps what it leaves out, clears what it sets to null, and canonicalises brands and terrain', () => {
    const current = { ...noPreferences(), skillLevel: 'BEGINNER' as const, sizes: ['156'] };
    const next = applyPreferencesChange(current, { terrain: ['Park', 'all mountain', 'park'], brands: ['capita', 'Some Small Brand'], budget: { max: 500 } });
    expect(next).toEqual({ skillLevel: 'BEGINNER', terrain: ['park', 'all-mountain'], budget: { min: null, max: 500 }, brands: ['CAPiTA', 'Some Small Brand'], sizes: ['156'] });
    expect(applyPreferencesChange(next, { skillLevel: null, budget: null, sizes: null })).toMatchObject({ skillLevel: null, budget: null, sizes: [] });
  });

  it('says what is wrong with a bad change', () => {
    const bad = (change: unknown) => {
      try {
        applyPreferencesChange(noPreferences(), change);
      } catch (err) {
        expect(err).toBeInstanceOf(PreferencesError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad({ terrain: ['moguls'] })).toMatch(/terrain\.0: a terrain is one of all-mountain, powder/);
    expect(bad({ budget: { min: 600, max: 500 } })).toMatch(/budget: budget min must not be above max/);
    expect(bad({ budget: { max: -1 } })).toMatch(/budget\.max/);
    expect(bad({ sizes: Array.from({ length: 11 }, (_, i) => String(150 + i)) })).toMatch(/at most 10 sizes/);
    expect(bad({ brands: ['  '] })).toMatch(/a brand must not be empty/);
  });
});

describe('user context service on the user tier', () => {
  it('keeps a bounded list of recent views, most recent first, each once; preferences and views are separate keys', async () => {
    const store = new MemoryStore();
    const config = loadConfig({ USER_CACHE_TTL_DAYS: '2' });
    const users = new UserContextService({ cache: new SmartCacheManager(store, config, createLogger('silent')), logger: createLogger('silent') });
    const viewer = { userId: 'u1' };
    for (let i = 0; i < MAX_RECENTLY_VIEWED + 5; i++) await users.recordView(viewer, `p${i}`);
    await users.recordView(viewer, 'p3');
    const context = await users.load(viewer);
    expect(context.recentlyViewed).toHaveLength(MAX_RECENTLY_VIEWED);
    expect(context.recentlyViewed.slice(0, 3)).toEqual(['p3', `p${MAX_RECENTLY_VIEWED + 4}`, `p${MAX_RECENTLY_VIEWED + 3}`]);
    expect(context.preferencesVersion).toBeNull();

    await users.updatePreferences(viewer, { ...noPreferences(), brands: ['Burton'] });
    const after = await users.load(viewer);
    expect(after.recentlyViewed).toEqual(context.recentlyViewed);
    expect(after.preferences.brands).toEqual(['Burton']);
    expect(after.preferencesVersion).not.toBeNull();
    // USER_CACHE_TTL_DAYS is the user tier's TTL.
    for (const key of [tierKeys.user('u1'), tierKeys.userRecentlyViewed('u1')]) {
      const ttl = await store.ttlSeconds(key);
      expect(ttl).toBeGreaterThan(2 * 86400 - 60);
      expect(ttl).toBeLessThanOrEqual(2 * 86400);
    }
  });
});

describe('viewer, preferences and per-user entries through GraphQL (Redis)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { USER_TOKEN_SECRET: SECRET } });
  });
  afterAll(async () => {
    await app.close();
  });

  const as = async (userId: string | null, query: string, variables?: Record<string, unknown>) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
    if (userId) headers['x-hexar-user'] = signUserToken(SECRET, userId);
    const response = await app.yoga.fetch('http://yoga/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: any; errors?: GraphQLErrorBody[] };
  };
  const keys = (prefix: string) => app.services.store.keys(prefix);
  const idOf = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;

  it('viewer is null when anonymous; a signed-in shopper starts with no preferences and no views', async () => {
    expect((await as(null, VIEWER)).data.viewer).toBeNull();
    expect((await as('fresh', VIEWER)).data.viewer).toEqual({
      userId: 'fresh',
      preferences: { skillLevel: null, terrain: [], budget: null, brands: [], sizes: [] },
      recentlyViewed: [],
    });
  });

  it('updatePreferences validates with clear errors, needs a signed-in shopper, and stores what the viewer then reads', async () => {
    const anonymous = await as(null, UPDATE, { input: { skillLevel: 'BEGINNER' } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await as('erin', UPDATE, { input: { terrain: ['moguls'] } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/terrain\.0: a terrain is one of/);
    const good = await as('erin', UPDATE, { input: { skillLevel: 'INTERMEDIATE', terrain: ['powder'], budget: { min: 200, max: 600 }, brands: ['burton'], sizes: ['158'] } });
    expect(good.errors).toBeUndefined();
    const preferences = { skillLevel: 'INTERMEDIATE', terrain: ['powder'], budget: { min: 200, max: 600 }, brands: ['Burton'], sizes: ['158'] };
    expect(good.data.updatePreferences).toEqual({ userId: 'erin', preferences });
    expect((await as('erin', VIEWER)).data.viewer.preferences).toEqual(preferences);
    const ttl = await app.services.store.ttlSeconds(tierKeys.user('erin'));
    expect(ttl).toBeGreaterThan(7 * 86400 - 60);
  });

  it('a signed-in product(id) read is recorded in recentlyViewed, most recent first', async () => {
    const found = await as(null, SEARCH);
    const [a, b] = found.data.search.edges.map((e: { node: { id: string; name: string } }) => e.node);
    await as('frank', `{ product(id: "${a.id}") { name } }`);
    await expect.poll(async () => (await as('frank', VIEWER)).data.viewer.recentlyViewed).toEqual([a]);
    await as('frank', `{ product(id: "${b.id}") { name } }`);
    await expect.poll(async () => (await as('frank', VIEWER)).data.viewer.recentlyViewed).toEqual([b, a]);
    // Anonymous reads record nothing anywhere.
    await as(null, `{ product(id: "${b.id}") { name } }`);
    expect((await keys('user:')).filter((k) => !k.includes('frank') && !k.includes('erin'))).toEqual([]);
  });

  it("two users with different preferences each get their own query and response entries; a user's own entry is read first", async () => {
    await as('alice', UPDATE, { input: { skillLevel: 'BEGINNER', brands: ['Burton'] } });
    await as('bob', UPDATE, { input: { skillLevel: 'EXPERT', terrain: ['powder'], brands: ['Jones'] } });
    const alice = await as('alice', SEARCH);
    const bob = await as('bob', SEARCH);
    expect(alice.errors).toBeUndefined();
    expect(bob.errors).toBeUndefined();
    const [aliceQuery] = await keys(tierKeys.queryUser('alice', ''));
    const [bobQuery] = await keys(tierKeys.queryUser('bob', ''));
    expect(aliceQuery).toBeDefined();
    expect(bobQuery).toBeDefined();
    await expect.poll(() => keys(responseKeys.user('alice', ''))).toHaveLength(1);
    await expect.poll(() => keys(responseKeys.user('bob', ''))).toHaveLength(1);

    // Alice's own entry is what her search reads: planted in reverse, her next search (another
    // document, so not the response cache) answers in that order.
    const stored = JSON.parse((await app.services.store.get(aliceQuery!))!);
    const reversed = [...stored.ids].reverse();
    await app.services.store.set(aliceQuery!, JSON.stringify({ ...stored, ids: reversed }), 600);
    const again = await as('alice', '{ search(query: "snowboard", first: 5) { edges { node { id } } totalCount } }');
    expect(again.data.search.edges.map((e: { node: { id: string } }) => idOf(e.node.id))).toEqual(reversed.slice(0, 5));
  });

  it('a user without preferences gets the global entry (as an anonymous search does)', async () => {
    const before = new Set(await keys(tierKeys.queryGlobal('')));
    await as(null, '{ search(query: "all mountain snowboard", first: 5) { edges { node { id } } } }');
    const [entry] = (await keys(tierKeys.queryGlobal(''))).filter((k) => !before.has(k));
    expect(entry).toBeDefined();
    const stored = JSON.parse((await app.services.store.get(entry!))!);
    const planted = [...stored.ids].reverse();
    await app.services.store.set(entry!, JSON.stringify({ ...stored, ids: planted }), 600);
    const carol = await as('carol', '{ search(query: "all mountain snowboard", first: 4) { edges { node { id } } } }');
    expect(carol.data.search.edges.map((e: { node: { id: string } }) => idOf(e.node.id))).toEqual(planted.slice(0, 4));
    expect(await keys(tierKeys.queryUser('carol', ''))).toEqual([]);
    expect(await keys(responseKeys.user('carol', ''))).toEqual([]);
  });

  it("a preference change drops that user's query and response entries, and no one else's", async () => {
    expect((await keys(tierKeys.queryUser('alice', ''))).length).toBeGreaterThan(0);
    expect((await keys(responseKeys.user('alice', ''))).length).toBeGreaterThan(0);
    await as('alice', UPDATE, { input: { terrain: ['park'] } });
    expect(await keys(tierKeys.queryUser('alice', ''))).toEqual([]);
    expect(await keys(responseKeys.user('alice', ''))).toEqual([]);
    expect((await keys(tierKeys.queryUser('bob', ''))).length).toBeGreaterThan(0);
    expect((await keys(responseKeys.user('bob', ''))).length).toBeGreaterThan(0);
  });
});
