import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tierKeys } from '../../src/cache/tiers.js';
import { parseRestQuery, RestBodyError } from '../../src/rest/rest-body.js';
import { signUserToken } from '../../src/users/identity.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { liveOffer } from '../catalog/helpers.js';

const SECRET = 'rest-test-secret-of-at-least-32-characters!';
const SEED_FIELDS = ['brand', 'category', 'cons', 'currency', 'id', 'image_url', 'in_stock', 'name', 'price', 'pros', 'ratings', 'retailer', 'retailer_url'];

describe('POST /api/query body', () => {
  it("reads the seed's filter names into search filters", () => {
    expect(parseRestQuery(JSON.stringify({ query: ' beginner board ', user_id: 'u1', filters: { price_max: 400, price_min: 100, skill_level: 'beginner', category: 'snowboards', brand: 'Burton' } }))).toEqual({
      query: 'beginner board',
      userId: 'u1',
      filters: { maxPrice: 400, minPrice: 100, skillLevel: 'BEGINNER', category: 'SNOWBOARD', brand: 'Burton' },
    });
    expect(parseRestQuery(JSON.stringify({ query: 'skis' }))).toEqual({ query: 'skis', userId: null, filters: undefined });
  });

  it('says what is wrong with a bad body', () => {
    const bad = (text: string) => {
      try {
        parseRestQuery(text);
      } catch (err) {
        expect(err).toBeInstanceOf(RestBodyError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad('{"query": ')).toMatch(/not JSON/);
    expect(bad('[1]')).toMatch(/JSON object/);
    expect(bad('{}')).toMatch(/query is required/);
    expect(bad('{"query": "  "}')).toMatch(/query must not be empty/);
    expect(bad(JSON.stringify({ query: 'x'.repeat(201) }))).toMatch(/at most 200/);
    expect(bad(JSON.stringify({ query: 'board', filters: { max_price: 400 } }))).toMatch(/filters: unknown field max_price/);
    expect(bad(JSON.stringify({ query: 'board', filters: { price_max: 'cheap' } }))).toMatch(/filters\.price_max: must be a number/);
    expect(bad(JSON.stringify({ query: 'board', filters: { price_min: 500, price_max: 400 } }))).toMatch(/price_min must not be above price_max/);
    expect(bad(JSON.stringify({ query: 'board', filters: { skill_level: 'pro' } }))).toMatch(/skill_level: must be one of beginner/);
    expect(bad(JSON.stringify({ query: 'board', filters: { category: 'surfboard' } }))).toMatch(/category: must be one of snowboard/);
    expect(bad(JSON.stringify({ query: 'board', user_id: 7 }))).toMatch(/user_id must be a string/);
  });
});

describe('POST /api/query (through yoga, on Redis)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { USER_TOKEN_SECRET: SECRET } });
  });
  afterAll(async () => {
    await app.close();
  });

  const post = async (body: unknown, init: RequestInit = {}) => {
    const response = await app.yoga.fetch('http://yoga/api/query', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...init,
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it("answers the seed's bare JSON list from the same services, with no retailer call", async () => {
    const graphql = await app.graphql('{ search(query: "beginner snowboard", first: 20) { edges { node { id name brand lastKnownPrice { amount currencyCode } rating { average count } pros cons imageUrl listings { vendor url } } } } }');
    app.resetRetailerStats();
    const { status, body } = await post({ query: 'beginner snowboard', user_id: null, filters: {} });
    expect(status).toBe(200);
    expect(Array.isArray(body)).toBe(true);
    const nodes = graphql.data.search.edges.map((e: { node: any }) => e.node);
    expect(body.length).toBe(nodes.length);
    expect(body.length).toBeGreaterThan(0);
    for (const [i, item] of body.entries()) {
      const node = nodes[i];
      expect(Object.keys(item).sort()).toEqual(SEED_FIELDS);
      expect(Buffer.from(node.id, 'base64').toString('utf8')).toBe(`Product:${item.id}`);
      expect(item).toMatchObject({ name: node.name, brand: node.brand, category: 'snowboard', pros: node.pros, cons: node.cons, image_url: node.imageUrl });
      expect(item.ratings === null ? null : { average: item.ratings.average, count: item.ratings.count }).toEqual(node.rating);
      if (item.ratings) expect(typeof item.ratings.aspects).toBe('object');
      expect([true, false, null]).toContain(item.in_stock);
      expect(node.listings.map((l: { vendor: string }) => l.vendor)).toContain(item.retailer);
      expect(node.listings.map((l: { url: string }) => l.url)).toContain(item.retailer_url);
      if (item.price === null) expect(node.lastKnownPrice).toBeNull();
      else expect(typeof item.price).toBe('number');
    }
    expect(app.retailerRequests()).toEqual({ evo: 0, backcountry: 0 });
  });

  it('price is the best live offer the live tier holds (without fetching), else lastKnownPrice; in_stock follows the held offers', async () => {
    const { body: [first] } = await post({ query: 'beginner snowboard' });
    const [record] = await app.services.staticProducts.getProducts([first.id]);
    const listings = record!.listings;
    // Empty the live tier for this product: the catalog's price answers, stock is unknown.
    await app.services.store.delete(...listings.flatMap((l) => [tierKeys.live(l.vendor, l.vendorProductId), tierKeys.liveNegative(l.vendor, l.vendorProductId)]));
    app.resetRetailerStats();
    let { body } = await post({ query: 'beginner snowboard' });
    expect(body[0]).toMatchObject({ id: first.id, price: record!.lastKnownPrice?.amount ?? null, in_stock: null });
    // A live offer held in the tier (fresh, in stock, cheaper) is the price.
    const listing = listings[0]!;
    const offer = liveOffer(listing.vendorProductId, { vendor: listing.vendor, url: listing.url, price: { amount: 123.45, currencyCode: 'USD' } });
    await app.services.cache.live.set(tierKeys.live(listing.vendor, listing.vendorProductId), offer);
    ({ body } = await post({ query: 'beginner snowboard' }));
    expect(body[0]).toMatchObject({ id: first.id, price: 123.45, currency: 'USD', in_stock: true, retailer: listing.vendor, retailer_url: listing.url });
    expect(app.retailerRequests()).toEqual({ evo: 0, backcountry: 0 });
  });

  it("takes the seed's filters", async () => {
    const { status, body } = await post({ query: 'snowboard', filters: { price_max: 400, skill_level: 'beginner' } });
    expect(status).toBe(200);
    const search = await app.services.productSearch.search('snowboard', { maxPrice: 400, skillLevel: 'BEGINNER' });
    expect(body.map((p: { id: string }) => p.id)).toEqual(search.ids.slice(0, 20));
    expect(search.interpretation).toMatchObject({ category: 'SNOWBOARD', skillLevel: 'BEGINNER', maxPrice: 400 });
    expect(body.length).toBeGreaterThan(0);
  });

  it("honours user_id as sent: that shopper's preferences, their own query entry", async () => {
    const token = signUserToken(SECRET, 'seed-user');
    const set = await app.yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hexar-user': token },
      body: JSON.stringify({ query: 'mutation { updatePreferences(input: { brands: ["Burton"] }) { userId } }' }),
    });
    expect(((await set.json()) as any).data.updatePreferences.userId).toBe('seed-user');
    const { status } = await post({ query: 'snowboard', user_id: 'seed-user' });
    expect(status).toBe(200);
    expect((await app.services.store.keys(tierKeys.queryUser('seed-user', ''))).length).toBe(1);
    // Without user_id the answer is global.
    await post({ query: 'snowboard', user_id: null });
    expect((await app.services.store.keys(tierKeys.queryUser('seed-user', ''))).length).toBe(1);
  });

  it('bad bodies get 400 with a message; other methods 405', async () => {
    for (const body of ['not json', '{}', JSON.stringify({ query: 'board', filters: { colour: 'red' } })]) {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      expect(typeof answer.body.error).toBe('string');
      expect(answer.body.error.length).toBeGreaterThan(5);
    }
    const get = await app.yoga.fetch('http://yoga/api/query');
    expect(get.status).toBe(405);
    expect(((await get.json()) as any).error).toMatch(/POST/);
  });
});
