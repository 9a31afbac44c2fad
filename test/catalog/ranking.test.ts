import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/cache/memory-store.js';
import { SmartCacheManager, tierKeys } from '../../src/cache/tiers.js';
import { CatalogService } from '../../src/catalog/catalog-service.js';
import { parseShopperQuery } from '../../src/catalog/query-parser.js';
import { scoreProduct, sortKey, type RankContext } from '../../src/catalog/ranking.js';
import { CatalogIndex } from '../../src/catalog/search-index.js';
import { loadConfig } from '../../src/config.js';
import type { StaticProduct } from '../../src/domain/product.js';
import { emptyIntent, type SearchIntent, type SearchSort } from '../../src/domain/search.js';
import { noPreferences, type UserContext, type UserPreferences } from '../../src/domain/user.js';
import { createLogger } from '../../src/logger.js';
import { liveOffer, staticProduct, staticServiceOn } from './helpers.js';

const usd = (amount: number) => ({ amount, currencyCode: 'USD' });

const boards = [
  staticProduct({
    id: 'snowboard-burton-custom-2026',
    brand: 'Burton',
    model: 'Custom',
    rating: { average: 4.6, count: 31 },
    lastKnownPrice: usd(599.95),
    specs: { terrain: ['all-mountain'], skillLevels: ['INTERMEDIATE', 'ADVANCED'], sizes: ['154', '156', '158'], lengthsCm: [154, 156, 158] },
  }),
  staticProduct({
    id: 'snowboard-capita-doa-2026',
    brand: 'CAPiTA',
    model: 'DOA',
    rating: { average: 4.7, count: 40 },
    lastKnownPrice: usd(529.95),
    specs: { terrain: ['park', 'all-mountain'], skillLevels: ['INTERMEDIATE', 'ADVANCED'], sizes: ['152', '154'], lengthsCm: [152, 154] },
  }),
  staticProduct({
    id: 'snowboard-rossignol-circuit-2026',
    brand: 'Rossignol',
    model: 'Circuit',
    rating: { average: 3.9, count: 10 },
    lastKnownPrice: usd(223.96),
    specs: { terrain: ['all-mountain'], skillLevels: ['BEGINNER'], sizes: ['150', '156'], lengthsCm: [150, 156] },
  }),
  staticProduct({
    id: 'snowboard-jones-flagship-2026',
    brand: 'Jones',
    model: 'Flagship',
    rating: { average: 4.6, count: 5 },
    lastKnownPrice: usd(699.95),
    specs: { terrain: ['freeride', 'powder'], skillLevels: ['ADVANCED', 'EXPERT'], sizes: ['158', '161'], lengthsCm: [158, 161] },
  }),
  staticProduct({
    id: 'snowboard-gnu-unrated-2026',
    brand: 'GNU',
    model: 'Unrated',
    rating: null,
    lastKnownPrice: usd(449.95),
    specs: { terrain: ['park'], skillLevels: ['BEGINNER', 'INTERMEDIATE'], sizes: ['151'], lengthsCm: [151] },
  }),
];

function index(products: StaticProduct[] = boards): CatalogIndex {
  const idx = new CatalogIndex();
  idx.replaceAll(products);
  return idx;
}

const user = (userId: string, prefs: Partial<UserPreferences>): UserContext => ({
  viewer: { userId },
  preferences: { ...noPreferences(), ...prefs },
  recentlyViewed: [],
});

describe('ranking: two viewers, one query', () => {
  const parkRider = user('park-rider', { brands: ['CAPiTA'], skillLevel: 'INTERMEDIATE', terrain: ['park'], sizes: ['152'] });
  const beginner = user('beginner', { brands: ['Rossignol'], skillLevel: 'BEGINNER', budget: { min: null, max: 300 }, sizes: ['156'] });

  it('get different orders, each with the reasons that made them', () => {
    const idx = index();
    const query = parseShopperQuery('snowboard');
    const a = idx.search(query, { user: parkRider });
    const b = idx.search(query, { user: beginner });
    expect(a.ids[0]).toBe('snowboard-capita-doa-2026');
    expect(b.ids[0]).toBe('snowboard-rossignol-circuit-2026');
    expect(a.ids).not.toEqual(b.ids);
    expect(a.explanations[0]!.reasons).toEqual(
      expect.arrayContaining(['your preferred brand CAPiTA', 'fits your level INTERMEDIATE', 'suits your terrain park', 'comes in your size 152', 'rated 4.7 from 40 reviews']),
    );
    expect(b.explanations[0]!.reasons).toEqual(
      expect.arrayContaining(['your preferred brand Rossignol', 'fits your level BEGINNER', 'within your budget of $300.00', 'comes in your size 156']),
    );
    // Over the beginner's budget, and not made for their level: said so.
    const flagship = b.explanations[b.ids.indexOf('snowboard-jones-flagship-2026')]!;
    expect(flagship.reasons).toEqual(expect.arrayContaining(['over your budget of $300.00', 'not made for your level BEGINNER']));
    // Scores are in rank order.
    for (const r of [a, b]) expect(r.explanations.map((e) => e.score)).toEqual([...r.explanations.map((e) => e.score)].sort((x, y) => y - x));
  });

  it('a viewer without preferences gets the global order', () => {
    const idx = index();
    const query = parseShopperQuery('snowboard');
    expect(idx.search(query, { user: user('nobody', {}) }).ids).toEqual(idx.search(query).ids);
  });
});

describe('ranking: rating with review-count confidence, and the sorts', () => {
  it('RELEVANCE: a 4.7 from 40 reviews outranks a 4.6 from 5; reasons say rating and count', () => {
    const { ids, explanations } = index().search(parseShopperQuery('snowboard'));
    expect(ids.indexOf('snowboard-capita-doa-2026')).toBeLessThan(ids.indexOf('snowboard-jones-flagship-2026'));
    expect(explanations[ids.indexOf('snowboard-jones-flagship-2026')]!.reasons).toContain('rated 4.6 from 5 reviews');
    expect(explanations[ids.indexOf('snowboard-gnu-unrated-2026')]!.reasons).toContain('no reviews yet');
  });

  it('RATING: displayed average first, more reviews among equals, unrated last', () => {
    expect(index().search(parseShopperQuery('snowboard'), { sort: 'RATING' }).ids).toEqual([
      'snowboard-capita-doa-2026',
      'snowboard-burton-custom-2026',
      'snowboard-jones-flagship-2026',
      'snowboard-rossignol-circuit-2026',
      'snowboard-gnu-unrated-2026',
    ]);
  });

  it('TOTAL_PRICE_ASC on the static track: lastKnownPrice ascending; sort words ask for it too', () => {
    const byArg = index().search(parseShopperQuery('snowboard'), { sort: 'TOTAL_PRICE_ASC' }).ids;
    expect(byArg).toEqual([
      'snowboard-rossignol-circuit-2026',
      'snowboard-gnu-unrated-2026',
      'snowboard-capita-doa-2026',
      'snowboard-burton-custom-2026',
      'snowboard-jones-flagship-2026',
    ]);
    expect(index().search(parseShopperQuery('cheap snowboard')).ids).toEqual(byArg);
  });

  it('intent match: a board made only for the asked level and terrain says so', () => {
    const { ids, explanations } = index().search(parseShopperQuery('beginner snowboard'));
    expect(ids[0]).toBe('snowboard-rossignol-circuit-2026');
    expect(explanations[0]!.reasons).toContain('made for skill level BEGINNER');
    expect(explanations[1]!.reasons).toContain('matches skill level BEGINNER');
  });
});

describe('ranking with what the live tier holds (CatalogService.rankIntent)', () => {
  async function setup(products: StaticProduct[] = boards) {
    const store = new MemoryStore();
    const logger = createLogger('silent');
    const cache = new SmartCacheManager(store, loadConfig({}), logger);
    const staticProducts = staticServiceOn(store);
    await staticProducts.putProducts(products);
    const catalog = new CatalogService({ staticProducts, logger });
    await catalog.rebuildFromStore();
    return { cache, catalog };
  }

  it('orders by the best total with shipping, in stock first, discounts; reads only the tier and never waits on a retailer', async () => {
    const { cache, catalog } = await setup();
    const live = cache.live;
    await live.setMany([
      // The cheapest by lastKnownPrice is out of stock now.
      { key: tierKeys.live('evo', 'snowboard-rossignol-circuit-2026'), value: liveOffer('snowboard-rossignol-circuit-2026', { price: usd(223.96), availability: 'OUT_OF_STOCK' }) },
      // The GNU costs 449.95 plus 30 shipping: the DOA at 469.95 with free shipping is cheaper in total.
      { key: tierKeys.live('evo', 'snowboard-gnu-unrated-2026'), value: liveOffer('snowboard-gnu-unrated-2026', { price: usd(449.95), shipping: { cost: usd(30), freeShippingThreshold: null, estimatedDaysMin: null, estimatedDaysMax: null } }) },
      {
        key: tierKeys.live('evo', 'snowboard-capita-doa-2026'),
        value: liveOffer('snowboard-capita-doa-2026', {
          price: usd(469.95),
          listPrice: usd(529.95),
          discountPercent: 11,
          shipping: { cost: usd(0), freeShippingThreshold: null, estimatedDaysMin: null, estimatedDaysMax: null },
          sizes: [{ size: '152', inStock: true, quantity: null }],
        }),
      },
    ]);
    const intent = parseShopperQuery('snowboard');
    const byTotal = await catalog.rankIntent({ ...intent, sort: 'TOTAL_PRICE_ASC' }, {}, live);
    expect(byTotal.ids.slice(0, 3)).toEqual(['snowboard-capita-doa-2026', 'snowboard-gnu-unrated-2026', 'snowboard-burton-custom-2026']);
    expect(byTotal.explanations[0]!.reasons).toEqual(expect.arrayContaining(['in stock at evo', 'best total $469.95 at evo with free shipping', '11% off at evo']));
    expect(byTotal.explanations[1]!.reasons).toContain('best total $479.95 at evo with $30.00 shipping');
    // The out-of-stock board has no total to offer: its lastKnownPrice still orders it, and the reason says why it sank under RELEVANCE.
    const relevance = await catalog.rankIntent(intent, {}, live);
    expect(relevance.explanations[relevance.ids.indexOf('snowboard-rossignol-circuit-2026')]!.reasons).toContain('out of stock at every retailer');
    expect(relevance.ids.at(-1)).toBe('snowboard-rossignol-circuit-2026');

    const byDiscount = await catalog.rankIntent({ ...intent, sort: 'DISCOUNT' }, {}, live);
    expect(byDiscount.ids[0]).toBe('snowboard-capita-doa-2026');

    const parkRider = user('p', { sizes: ['152'] });
    const sized = await catalog.rankIntent(intent, { user: parkRider }, live);
    expect(sized.explanations[sized.ids.indexOf('snowboard-capita-doa-2026')]!.reasons).toContain('your size 152 in stock at evo');
  });

  it('ranked again with live signals, a product keeps the text relevance the search gave it, whatever the window', async () => {
    // The Circuit names "flagship" once in its description; the Flagship is the strong match.
    const products = boards.map((b) => (b.id === 'snowboard-rossignol-circuit-2026' ? { ...b, description: 'A flagship ride for the price.' } : b));
    const { cache, catalog } = await setup(products);
    await cache.live.set(tierKeys.live('evo', 'snowboard-rossignol-circuit-2026'), liveOffer('snowboard-rossignol-circuit-2026', { price: usd(223.96) }));
    const intent = { ...parseShopperQuery('snowboard flagship'), sort: 'TOTAL_PRICE_ASC' as const };
    const alone = await catalog.rankIntent(intent, { limit: 1 }, cache.live);
    const all = await catalog.rankIntent(intent, {}, cache.live);
    expect(alone.ids).toEqual(['snowboard-rossignol-circuit-2026']);
    expect(alone.explanations[0]!.reasons).toContain('in stock at evo');
    const inAll = all.ids.indexOf('snowboard-rossignol-circuit-2026');
    // Scored on the window alone, its weak match would be the best there and count in full.
    expect(alone.explanations[0]!.score).toBe(all.explanations[inAll]!.score);
    expect(alone.text![0]!.score).toBeLessThan(all.text![all.ids.indexOf('snowboard-jones-flagship-2026')]!.score);
  });

  it('an empty live tier ranks as the static track does, with the same scores and reasons', async () => {
    const { cache, catalog } = await setup();
    for (const q of ['snowboard', 'snowboard flagship', 'cheap snowboard', 'best rated snowboard']) {
      const intent = parseShopperQuery(q);
      const ranked = await catalog.rankIntent(intent, {}, cache.live);
      const { ids, explanations, text } = catalog.searchIntent(intent);
      expect(ranked.ids, q).toEqual(ids);
      expect(ranked.explanations, q).toEqual(explanations);
      expect(ranked.text, q).toEqual(text);
      expect(explanations.every((e) => e.reasons.length > 0), q).toBe(true);
    }
  });
});

/** Every match scored and sorted: what the index's top-k window must equal. */
function bruteForce(products: StaticProduct[], idx: CatalogIndex, intent: SearchIntent, sort: SearchSort, userContext: UserContext | null, k: number): string[] {
  const ctx: RankContext = { intent, sort, user: userContext };
  const all = idx.search(intent, { sort, user: userContext, limit: products.length });
  const features = idx.features(all.ids);
  return features
    .map((f) => ({ id: f.id, key: sortKey(f, sort), score: scoreProduct(f, ctx, null) }))
    .sort((a, b) => a.key - b.key || b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, k)
    .map((r) => r.id);
}

describe('the index ranks a window without sorting every match', () => {
  // A catalog large enough for the walk (matches over 4× the window) with ties on price and rating.
  const brands = ['Burton', 'CAPiTA', 'Jones', 'GNU', 'Rossignol', 'K2', 'Salomon'];
  const skills = ['BEGINNER', 'INTERMEDIATE', 'ADVANCED', 'EXPERT'] as const;
  const terrains = ['all-mountain', 'park', 'powder', 'freeride'];
  const many = Array.from({ length: 3000 }, (_, i) =>
    staticProduct({
      id: `snowboard-${i.toString().padStart(4, '0')}`,
      brand: brands[i % brands.length]!,
      model: `Model ${i}`,
      category: i % 5 === 0 ? 'SKI' : 'SNOWBOARD',
      rating: i % 7 === 0 ? null : { average: 3 + ((i * 37) % 21) / 10, count: (i * 13) % 50 },
      lastKnownPrice: i % 11 === 0 ? null : usd(150 + ((i * 53) % 700) + (i % 3) * 0.95),
      specs: {
        skillLevels: [skills[i % 4]!, skills[(i + 1) % 4]!],
        terrain: [terrains[i % 4]!, terrains[(i + 2) % 4]!],
        sizes: [String(148 + (i % 12)), String(152 + (i % 9))],
        lengthsCm: [148 + (i % 12), 152 + (i % 9)],
      },
    }),
  );
  const idx = index(many);
  const rider = user('r', { brands: ['Jones', 'GNU'], skillLevel: 'ADVANCED', terrain: ['powder'], budget: { min: null, max: 500 }, sizes: ['156'] });

  it.each([
    ['snowboard', 'RELEVANCE', null],
    ['snowboard', 'TOTAL_PRICE_ASC', null],
    ['snowboard', 'RATING', null],
    ['snowboard', 'DISCOUNT', null],
    ['intermediate park snowboard under $600', 'RELEVANCE', null],
    ['snowboard between $300 and $333', 'TOTAL_PRICE_ASC', null],
    ['snowboard 156', 'RATING', null],
    ['snowboard', 'RELEVANCE', rider],
    ['powder snowboard over $400', 'TOTAL_PRICE_ASC', rider],
  ] as const)('%j sorted %s (viewer: %j): the window equals the full sort of every match', (query, sort, who) => {
    const intent = parseShopperQuery(query);
    for (const k of [20, 100]) {
      const got = idx.search(intent, { sort, user: who, limit: k });
      expect(got.ids).toEqual(bruteForce(many, idx, intent, sort, who, k));
      expect(got.total).toBe(idx.search(intent, { limit: many.length }).ids.length);
    }
  });

  it.each([
    ['model', 'RELEVANCE'],
    // "zzzz" matches nothing: every product matches the most words there are to match (one).
    ['model zzzz', 'RELEVANCE'],
    ['model', 'RATING'],
    ['model', 'TOTAL_PRICE_ASC'],
  ] as const)('free text alone, %j sorted %s: every product matches, and the window equals the ranking of every match', (query, sort) => {
    const intent = parseShopperQuery(query);
    const every = idx.search(intent, { sort, limit: many.length });
    expect(every.total).toBe(many.length);
    for (const k of [20, 100]) {
      const got = idx.search(intent, { sort, limit: k });
      expect(got.total).toBe(many.length);
      expect(got.ids).toEqual(every.ids.slice(0, k));
      expect(got.explanations).toEqual(every.explanations.slice(0, k));
    }
  });

  it('free text alone answers the products that match the most of its words: all of them when any product does', () => {
    const ids = (query: string) => idx.search(parseShopperQuery(query), { limit: many.length });
    // Every product says "model"; one says "42" too.
    expect(ids('model 42')).toMatchObject({ total: 1, ids: ['snowboard-0042'] });
    expect(ids('model 42 zzzz').ids).toEqual(['snowboard-0042']);
    // No product has all of "model 7 8 9": those with two of them are the answer.
    expect(ids('model 7 8 9').ids.sort()).toEqual(['snowboard-0007', 'snowboard-0008', 'snowboard-0009']);
    expect(ids('7 8 9').total).toBe(3);
  });

  it('price bounds are exact inside a price bucket', () => {
    const intent: SearchIntent = { ...emptyIntent(), minPrice: 300.95, maxPrice: 319.95 };
    const expected = many.filter((p) => p.lastKnownPrice && p.lastKnownPrice.amount >= 300.95 && p.lastKnownPrice.amount <= 319.95).map((p) => p.id).sort();
    expect(expected.length).toBeGreaterThan(0);
    const got = idx.search(intent, { limit: many.length });
    expect(got.total).toBe(expected.length);
    expect([...got.ids].sort()).toEqual(expected);
  });

  it('words that only rank read the strongest postings of common words, every posting of rare ones: the best match still leads', () => {
    const got = idx.search(parseShopperQuery('snowboard model 42'));
    expect(got.total).toBe(many.filter((p) => p.category === 'SNOWBOARD').length);
    expect(got.ids[0]).toBe('snowboard-0042');
    expect(got.explanations[0]!.reasons[0]).toBe('matches "model 42"');
  });

  it('pages past the window are not ranked, and totalCount still counts every match', () => {
    const got = idx.search(parseShopperQuery('snowboard'));
    expect(got.ids).toHaveLength(200);
    expect(got.total).toBe(many.filter((p) => p.category === 'SNOWBOARD').length);
  });
});
