import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxCatalog } from '../../src/sandbox/index.js';
import type { RedisStore } from '../../src/cache/redis-store.js';
import { reviewIdOf } from '../../src/analysis/review-id.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ProductByIdDocument, SearchDocument } from '../gql/graphql.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('search: "beginner snowboard under $400"', () => {
  it('returns beginner snowboards priced at most $400, with specs and ratings, without calling a retailer', async () => {
    app.resetRetailerStats();
    const { data, errors } = await app.execute(SearchDocument, { query: 'beginner snowboard under $400', first: 100 });
    expect(errors).toBeUndefined();
    const search = data.search;
    expect(search.interpretation).toMatchObject({ category: 'SNOWBOARD', skillLevel: 'BEGINNER', maxPrice: 400 });
    expect(search.catalog.state).toBe('READY');

    // What the retailers carry: beginner boards with a price of at most $400 at some retailer.
    const expected = sandboxCatalog().filter(
      (p) =>
        p.category === 'SNOWBOARD' &&
        p.specs.abilityLevels.includes('BEGINNER') &&
        Math.min(p.evo?.minSalePrice ?? Infinity, p.backcountry?.minSalePrice ?? Infinity) <= 400,
    );
    expect(expected.length).toBeGreaterThanOrEqual(6);
    expect(search.totalCount).toBe(expected.length);

    for (const { node } of search.edges) {
      expect(node.category).toBe('SNOWBOARD');
      expect(node.specs.skillLevels).toContain('BEGINNER');
      expect(node.lastKnownPrice!.amount).toBeLessThanOrEqual(400);
      expect(node.specs.raw.length).toBeGreaterThan(0);
      expect(node.specs.sizes.length).toBeGreaterThan(0);
      expect(node.listings.length).toBeGreaterThan(0);
    }
    expect(search.edges.some((e: any) => e.node.rating && e.node.rating.count > 0)).toBe(true);
    expect(app.retailerRequests()).toEqual({ evo: 0, backcountry: 0 });
  });

  it('merges a product both retailers list into one Product with two listings', async () => {
    const { data } = await app.execute(SearchDocument, { query: 'beginner snowboard under $400', first: 100 });
    const both = sandboxCatalog().filter((p) => p.category === 'SNOWBOARD' && p.evo && p.backcountry);
    expect(both.length).toBeGreaterThan(0);
    const twoListings = data.search.edges.filter((e: any) => e.node.listings.length === 2);
    expect(twoListings.length).toBeGreaterThan(0);
    for (const e of twoListings) {
      expect(e.node.listings.map((l: any) => l.vendor).sort()).toEqual(['backcountry', 'evo']);
    }
  });

  it('analysis from the reviews only: READY with quoted pros and cons where reviews were read, NO_REVIEWS and empty lists otherwise', async () => {
    const { data } = await app.execute(SearchDocument, { query: 'snowboard', first: 100 });
    expect(data.search.edges.length).toBeGreaterThan(10);
    const ids = data.search.edges.map((e: any) => Buffer.from(e.node.id, 'base64').toString('utf8').split(':')[1]!);
    const records = await app.services.staticProducts.getProducts(ids);
    data.search.edges.forEach(({ node }: any, i: number) => {
      const record = records[i]!;
      const reviewed = node.rating && node.rating.count > 0;
      expect(node.analysis.status).toBe(reviewed ? 'READY' : 'NO_REVIEWS');
      // The sandbox's review texts are all readable: nothing failed, so nothing to say.
      expect(node.analysis.message).toBeNull();
      // Product.pros/cons are the texts of analysis.pros/cons.
      expect(node.pros).toEqual(node.analysis.pros.map((p: any) => p.text));
      expect(node.cons).toEqual(node.analysis.cons.map((p: any) => p.text));
      if (!reviewed) {
        expect(node.reviews).toEqual([]);
        expect([node.analysis.summary, node.analysis.model, node.analysis.analyzedAt]).toEqual([null, null, null]);
        expect([node.pros, node.cons, node.analysis.aspects]).toEqual([[], [], []]);
        return;
      }
      expect(node.analysis.model).toMatch(/^offline:/);
      expect(node.analysis.summary).toMatch(/^From \d+ reviews?: /);
      // Every quote is a sentence of one of this product's reviews, named by its id.
      const bodies = new Map(node.reviews.map((r: any) => [r.id, r.body]));
      for (const r of record.reviews) bodies.set(reviewIdOf(r), r.body);
      for (const point of [...node.analysis.pros, ...node.analysis.cons]) {
        expect(point.quotes.length).toBeGreaterThan(0);
        for (const q of point.quotes) expect(bodies.get(q.reviewId)).toContain(q.text);
      }
    });
    expect(data.search.edges.some((e: any) => e.node.analysis.status === 'NO_REVIEWS')).toBe(true);
    expect(data.search.edges.some((e: any) => e.node.analysis.pros.length > 0)).toBe(true);
    expect(data.search.edges.some((e: any) => e.node.analysis.cons.length > 0)).toBe(true);
  });
});

describe('search: other shopper queries', () => {
  it('"Burton Custom" finds the Burton Custom first', async () => {
    const { data, errors } = await app.execute(SearchDocument, { query: 'Burton Custom', first: 5 });
    expect(errors).toBeUndefined();
    expect(data.search.interpretation.brand).toBe('Burton');
    const first = data.search.edges[0]!.node;
    expect(first.brand).toBe('Burton');
    expect(first.model).toMatch(/custom/i);
  });

  it('"powder skis 180cm between $500 and $800" applies category, terrain, length and price', async () => {
    const { data, errors } = await app.execute(SearchDocument, { query: 'powder skis 180cm between $500 and $800', first: 50 });
    expect(errors).toBeUndefined();
    expect(data.search.interpretation).toMatchObject({ category: 'SKI', terrain: 'powder', minPrice: 500, maxPrice: 800 });
    expect(data.search.edges.length).toBeGreaterThan(0);
    for (const { node } of data.search.edges) {
      expect(node.category).toBe('SKI');
      expect(node.lastKnownPrice!.amount).toBeGreaterThanOrEqual(500);
      expect(node.lastKnownPrice!.amount).toBeLessThanOrEqual(800);
      expect(node.specs.lengthsCm.some((cm: number) => Math.abs(cm - 180) <= 3)).toBe(true);
    }
  });

  it('explicit filters win over the text', async () => {
    const { data } = await app.execute(SearchDocument, {
      query: 'beginner snowboard under $400',
      filters: { maxPrice: 250 },
      first: 100,
    });
    expect(data.search.interpretation.maxPrice).toBe(250);
    expect(data.search.edges.length).toBeGreaterThan(0);
    for (const { node } of data.search.edges) expect(node.lastKnownPrice!.amount).toBeLessThanOrEqual(250);
  });

  it('every structured filter reaches the search, not only the prices', async () => {
    const { data, errors } = await app.execute(SearchDocument, {
      query: 'snowboard',
      filters: { skillLevel: 'BEGINNER', brand: 'Burton', gender: 'MENS', minPrice: 100 },
      first: 100,
    });
    expect(errors).toBeUndefined();
    expect(data.search.interpretation).toMatchObject({ skillLevel: 'BEGINNER', brand: 'Burton', minPrice: 100 });
    expect(data.search.edges.length).toBeGreaterThan(0);
    for (const { node } of data.search.edges) {
      expect(node.brand).toBe('Burton');
      expect(node.lastKnownPrice!.amount).toBeGreaterThanOrEqual(100);
    }
  });

  it('pages forward with cursors, without repeating a product', async () => {
    const page1 = await app.execute(SearchDocument, { query: 'snowboard', first: 5 });
    expect(page1.data.search.pageInfo.hasNextPage).toBe(true);
    const page2 = await app.execute(SearchDocument, { query: 'snowboard', first: 5, after: page1.data.search.pageInfo.endCursor });
    const ids1 = page1.data.search.edges.map((e: any) => e.node.id);
    const ids2 = page2.data.search.edges.map((e: any) => e.node.id);
    expect(ids2).toHaveLength(5);
    expect(ids1.filter((id: string) => ids2.includes(id))).toEqual([]);
  });

  it('caches what a query means, not its letters: "Ride snowboards" is the brand, "ride snowboards" is not', async () => {
    const lower = await app.execute(SearchDocument, { query: 'ride snowboards', first: 100 });
    const brand = await app.execute(SearchDocument, { query: 'Ride snowboards', first: 100 });
    const lowerAgain = await app.execute(SearchDocument, { query: 'ride snowboards', first: 100 });
    expect(lower.data.search.interpretation.brand).toBeNull();
    expect(brand.data.search.interpretation.brand).toBe('Ride');
    expect(brand.data.search.edges.length).toBeGreaterThan(0);
    expect(brand.data.search.edges.every((e) => e.node.brand === 'Ride')).toBe(true);
    expect(brand.data.search.totalCount).toBeLessThan(lower.data.search.totalCount);
    expect(lowerAgain.data.search.totalCount).toBe(lower.data.search.totalCount);
  });

  it('loads one product by id and through node(id)', async () => {
    const { data } = await app.execute(SearchDocument, { query: 'Burton Custom', first: 1 });
    const { id, name } = data.search.edges[0]!.node;
    const byId = await app.execute(ProductByIdDocument, { id });
    expect(byId.errors).toBeUndefined();
    expect(byId.data.product).toEqual({ id, name });
    expect(byId.data.node).toEqual({ id, brand: 'Burton' });
  });
});

describe('search: bad input is a clear GraphQL error, and the server keeps serving', () => {
  const cases: [string, { query: string; first?: number; after?: string }, RegExp][] = [
    ['an empty query', { query: '   ' }, /query must not be empty/],
    ['a 10 kB query', { query: 'snowboard '.repeat(1024) }, /at most 200 characters/],
    ['first: 1000', { query: 'snowboard', first: 1000 }, /first must be between 0 and 100/],
    ['a bad cursor', { query: 'snowboard', after: 'bm90LWEtY3Vyc29y' }, /not a cursor from this search/],
  ];
  it.each(cases)('%s', async (_name, variables, message) => {
    const { data, errors } = await app.execute(SearchDocument, variables);
    expect(data?.search ?? null).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0]!.message).toMatch(message);
    expect(errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
    const ok = await app.execute(SearchDocument, { query: 'snowboard', first: 1 });
    expect(ok.data.search.edges).toHaveLength(1);
  });

  it.each([
    [{ minPrice: 500, maxPrice: 100 }, /minPrice must not be above maxPrice/],
    [{ brand: '---' }, /brand: must name a brand/],
  ])('bad filters %j', async (filters, message) => {
    const { errors } = await app.execute(SearchDocument, { query: 'snowboard', filters });
    expect(errors![0]!.message).toMatch(message);
    expect(errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a cursor from another search', async () => {
    const other = await app.execute(SearchDocument, { query: 'skis', first: 2 });
    const { errors } = await app.execute(SearchDocument, { query: 'snowboard', first: 2, after: other.data.search.pageInfo.endCursor });
    expect(errors![0]!.message).toMatch(/not a cursor from this search/);
    expect(errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('an unknown product id', async () => {
    const unknown = Buffer.from('Product:snowboard-nobody-nothing-2099').toString('base64');
    const { data, errors } = await app.graphql(`query($id: ID!) { product(id: $id) { name } }`, { id: unknown });
    expect(data).toBeNull();
    expect(errors![0]!.message).toMatch(/No product with id "snowboard-nobody-nothing-2099"/);
    expect(errors![0]!.extensions?.code).toBe('NOT_FOUND');
  });

  it.each([
    ['garbage', 'garbage'],
    ['!!!', '!!!'],
    ['another type', Buffer.from('foo:bar').toString('base64')],
  ])('an id that is not a product id (%s)', async (_name, id) => {
    for (const query of [`query($id: ID!) { product(id: $id) { name } }`, `query($id: ID!) { node(id: $id) { id } }`]) {
      const { errors } = await app.graphql(query, { id });
      expect(errors).toHaveLength(1);
      expect(errors![0]!.message).toMatch(/is not a Hexar id/);
      expect(errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('search: before any crawl', () => {
  it('answers from one search-page call per retailer, products PENDING, with a catalog status that says the catalog has nothing yet', async () => {
    const empty = await startTestApp({ crawl: false });
    try {
      const { data, errors } = await empty.execute(SearchDocument, { query: 'beginner snowboard under $400' });
      expect(errors).toBeUndefined();
      expect(data.search.totalCount).toBeGreaterThan(0);
      for (const { node } of data.search.edges) {
        expect(node.category).toBe('SNOWBOARD');
        expect(node.lastKnownPrice!.amount).toBeLessThanOrEqual(400);
        expect(node.analysis.status).toBe('PENDING');
      }
      expect(data.search.catalog.state).toBe('EMPTY');
      expect(empty.retailerRequests()).toEqual({ evo: 1, backcountry: 1 });
    } finally {
      await empty.close();
    }
  });
});

describe('search: the static tier unreachable', () => {
  it('is a clear SERVICE_UNAVAILABLE error, not an empty page; the server keeps serving', async () => {
    const down = await startTestApp();
    try {
      (down.services.store as RedisStore).client.disconnect();
      const { data, errors } = await down.execute(SearchDocument, { query: 'beginner snowboard', first: 5 });
      expect(data?.search ?? null).toBeNull();
      expect(errors![0]!.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(errors![0]!.message).toMatch(/catalog is unavailable/);
      expect((await down.yoga.fetch('http://yoga/health')).status).toBe(200);
    } finally {
      await down.close();
    }
  });
});

describe('search: relevance, sort and the reasons on each edge', () => {
  const RANKED = `query($q: String!, $sort: SearchSort, $after: String) {
    search(query: $q, first: 10, sort: $sort, after: $after) {
      totalCount
      interpretation { category skillLevel sort rankingWords }
      edges { cursor score reasons node { id name lastKnownPrice { amount } rating { average count } specs { skillLevels } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  it('"beginner snowboard 7" answers the beginner snowboards; "7" only ranked', async () => {
    const { data, errors } = await app.graphql(RANKED, { q: 'beginner snowboard 7' });
    expect(errors).toBeUndefined();
    expect(data.search.interpretation).toEqual({ category: 'SNOWBOARD', skillLevel: 'BEGINNER', sort: 'RELEVANCE', rankingWords: ['7'] });
    const beginnerBoards = sandboxCatalog().filter((p) => p.category === 'SNOWBOARD' && p.specs.abilityLevels.includes('BEGINNER'));
    expect(data.search.totalCount).toBe(beginnerBoards.length);
    for (const edge of data.search.edges) {
      expect(edge.node.specs.skillLevels).toContain('BEGINNER');
      expect(edge.reasons.some((r: string) => /skill level BEGINNER/.test(r))).toBe(true);
      expect(typeof edge.score).toBe('number');
    }
    const scores = data.search.edges.map((e: any) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('"cheap helmet" is sorted by price; the sort argument wins over the words; pages keep the order', async () => {
    const cheap = await app.graphql(RANKED, { q: 'cheap helmet' });
    expect(cheap.data.search.interpretation.sort).toBe('TOTAL_PRICE_ASC');
    const prices = cheap.data.search.edges.map((e: any) => e.node.lastKnownPrice?.amount ?? Infinity);
    expect(prices.length).toBeGreaterThan(3);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));

    const rated = await app.graphql(RANKED, { q: 'cheap helmet', sort: 'RATING' });
    expect(rated.data.search.interpretation.sort).toBe('RATING');
    const ratings = rated.data.search.edges.map((e: any) => e.node.rating?.average ?? -1);
    expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
    expect(rated.data.search.edges.map((e: any) => e.node.id)).not.toEqual(cheap.data.search.edges.map((e: any) => e.node.id));

    const board = await app.graphql(RANKED, { q: 'snowboard', sort: 'TOTAL_PRICE_ASC' });
    const next = await app.graphql(RANKED, { q: 'snowboard', sort: 'TOTAL_PRICE_ASC', after: board.data.search.pageInfo.endCursor });
    const both = [...board.data.search.edges, ...next.data.search.edges].map((e: any) => e.node.lastKnownPrice?.amount ?? Infinity);
    expect(both).toHaveLength(20);
    expect(both).toEqual([...both].sort((a, b) => a - b));
  });

  it('"best rated bindings" is ordered by the displayed rating, and each edge says why', async () => {
    const { data } = await app.graphql(RANKED, { q: 'best rated bindings' });
    expect(data.search.interpretation).toMatchObject({ category: 'BINDING', sort: 'RATING' });
    const first = data.search.edges[0];
    expect(first.reasons).toContain(`rated ${first.node.rating.average.toFixed(1)} from ${first.node.rating.count} review${first.node.rating.count === 1 ? '' : 's'}`);
  });

  it('an unknown sort is a GraphQL validation error', async () => {
    const { errors } = await app.graphql(RANKED, { q: 'snowboard', sort: 'PRICE' });
    expect(errors?.[0]?.message).toMatch(/SearchSort/);
  });
});

describe('search: the ranked window', () => {
  it('ranks the first 200 matches; totalCount counts every match; pages end at the window', async () => {
    const ids = app.services.catalog.index.ids();
    const priced = (await app.services.staticProducts.getProducts(ids)).filter((p) => p?.lastKnownPrice);
    expect(priced.length).toBeGreaterThan(200);
    const QUERY = `query($after: String) { search(query: "under $100000", first: 100, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const { data, errors } = await app.graphql(QUERY, { after });
      expect(errors).toBeUndefined();
      expect(data.search.totalCount).toBe(priced.length);
      seen.push(...data.search.edges.map((e: any) => e.node.id));
      if (!data.search.pageInfo.hasNextPage) break;
      after = data.search.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(200);
    expect(new Set(seen).size).toBe(200);
  });
});
