import { describe, expect, it } from 'vitest';
import { parseShopperQuery } from '../../src/catalog/query-parser.js';
import { CatalogIndex } from '../../src/catalog/search-index.js';
import { emptyIntent, type SearchIntent } from '../../src/domain/search.js';
import { staticProduct } from './helpers.js';

const usd = (amount: number) => ({ amount, currencyCode: 'USD' });

const catalog = [
  staticProduct({
    id: 'snowboard-burton-custom-camber-2026-mens',
    brand: 'Burton',
    model: 'Custom Camber',
    gender: 'MENS',
    description: 'The most trusted all-mountain board.',
    rating: { average: 4.6, count: 200 },
    lastKnownPrice: usd(659.95),
    specs: { terrain: ['all-mountain'], skillLevels: ['INTERMEDIATE', 'ADVANCED'], sizes: ['154', '156', '158W'], lengthsCm: [154, 156, 158] },
  }),
  staticProduct({
    id: 'snowboard-burton-instigator-camber-2026-mens',
    brand: 'Burton',
    model: 'Instigator Camber',
    gender: 'MENS',
    description: 'An easy, forgiving board for your first days.',
    rating: { average: 4.8, count: 2 },
    lastKnownPrice: usd(379.95),
    specs: { terrain: ['all-mountain', 'freestyle'], skillLevels: ['BEGINNER'], sizes: ['150', '155'], lengthsCm: [150, 155] },
  }),
  staticProduct({
    id: 'snowboard-capita-doa-2026-mens',
    brand: 'CAPiTA',
    model: 'DOA',
    gender: 'MENS',
    description: 'Defenders of Awesome: a park and all-mountain twin.',
    rating: { average: 4.7, count: 120 },
    lastKnownPrice: usd(529.95),
    specs: { terrain: ['park', 'all-mountain'], skillLevels: ['INTERMEDIATE', 'ADVANCED'], sizes: ['152', '154'], lengthsCm: [152, 154] },
  }),
  staticProduct({
    id: 'snowboard-jones-dream-weaver-2026-womens',
    brand: 'Jones',
    model: 'Dream Weaver',
    gender: 'WOMENS',
    description: 'A women\u2019s freeride board for powder days.',
    rating: null,
    lastKnownPrice: usd(549.95),
    specs: { terrain: ['freeride', 'powder'], skillLevels: ['INTERMEDIATE', 'ADVANCED'], sizes: ['146', '149'], lengthsCm: [146, 149] },
  }),
  staticProduct({
    id: 'snowboard-gnu-beginner-no-price-2026',
    brand: 'GNU',
    model: 'Gloss',
    gender: 'UNISEX',
    description: 'Beginner friendly.',
    rating: { average: 4.0, count: 10 },
    lastKnownPrice: null,
    specs: { terrain: ['all-mountain'], skillLevels: ['BEGINNER'], sizes: ['151'], lengthsCm: [151] },
  }),
  staticProduct({
    id: 'ski-line-sakana-2026',
    brand: 'Line',
    model: 'Sakana',
    category: 'SKI',
    gender: 'UNISEX',
    description: 'A surfy powder ski.',
    rating: { average: 4.5, count: 40 },
    lastKnownPrice: usd(699.95),
    specs: { terrain: ['powder', 'freeride'], skillLevels: ['ADVANCED', 'EXPERT'], sizes: ['174cm', '181cm'], lengthsCm: [174, 181] },
  }),
  staticProduct({
    id: 'ski-volkl-revolt-121-2026',
    brand: 'Völkl',
    model: 'Revolt 121',
    category: 'SKI',
    description: 'Big freestyle powder ski.',
    rating: { average: 4.9, count: 15 },
    lastKnownPrice: usd(899.95),
    specs: { terrain: ['powder', 'freeride'], skillLevels: ['ADVANCED', 'EXPERT'], sizes: ['184', '192'], lengthsCm: [184, 192] },
  }),
  staticProduct({
    id: 'boot-burton-ruler-2026-mens',
    brand: 'Burton',
    model: 'Ruler BOA',
    category: 'BOOT',
    gender: 'MENS',
    lastKnownPrice: usd(349.95),
    specs: { sizes: ['9', '9.5', '10', '10.5'] },
  }),
];

function index(): CatalogIndex {
  const idx = new CatalogIndex();
  idx.replaceAll(catalog);
  return idx;
}

const intent = (over: Partial<SearchIntent>): SearchIntent => ({ ...emptyIntent(), ...over });

describe('CatalogIndex: the queries from the issue', () => {
  it('"beginner snowboard under $400" finds only the cheap beginner board with a known price', () => {
    expect(index().search(parseShopperQuery('beginner snowboard under $400')).ids).toEqual([
      'snowboard-burton-instigator-camber-2026-mens',
    ]);
  });

  it('"Burton Custom" puts the Custom first and only Burton', () => {
    const { ids } = index().search(parseShopperQuery('Burton Custom'));
    expect(ids[0]).toBe('snowboard-burton-custom-camber-2026-mens');
    expect(ids.every((id) => id.includes('burton'))).toBe(true);
  });

  it('"powder skis 180cm between $500 and $800" finds the 181 cm ski, not the 184 cm one', () => {
    expect(index().search(parseShopperQuery('powder skis 180cm between $500 and $800')).ids).toEqual(['ski-line-sakana-2026']);
  });
});

describe('CatalogIndex: filters', () => {
  const idx = index();

  it('category', () => {
    expect(idx.search(intent({ category: 'SKI' })).ids.sort()).toEqual(['ski-line-sakana-2026', 'ski-volkl-revolt-121-2026']);
  });

  it('brand, in any spelling', () => {
    expect(idx.search(intent({ brand: 'capita' })).ids).toEqual(['snowboard-capita-doa-2026-mens']);
    expect(idx.search(intent({ brand: 'Volkl' })).ids).toEqual(['ski-volkl-revolt-121-2026']);
  });

  it('skill level', () => {
    expect(idx.search(intent({ skillLevel: 'BEGINNER' })).ids.sort()).toEqual([
      'snowboard-burton-instigator-camber-2026-mens',
      'snowboard-gnu-beginner-no-price-2026',
    ]);
  });

  it('terrain: park also finds freestyle boards', () => {
    expect(idx.search(intent({ terrain: 'park' })).ids.sort()).toEqual([
      'snowboard-burton-instigator-camber-2026-mens',
      'snowboard-capita-doa-2026-mens',
    ]);
  });

  it('gender: unisex gear fits, unstated gender does not', () => {
    const womens = idx.search(intent({ gender: 'WOMENS' })).ids.sort();
    expect(womens).toEqual(['ski-line-sakana-2026', 'snowboard-gnu-beginner-no-price-2026', 'snowboard-jones-dream-weaver-2026-womens']);
  });

  it('size: a length within 3 cm, an exact size label, a boot size', () => {
    expect(idx.search(intent({ size: '180cm', category: 'SKI' })).ids).toEqual(['ski-line-sakana-2026']);
    expect(idx.search(intent({ size: '188' })).ids).toEqual([]);
    expect(idx.search(intent({ size: '158W' })).ids).toEqual(['snowboard-burton-custom-camber-2026-mens']);
    expect(idx.search(intent({ size: '10' })).ids).toEqual(['boot-burton-ruler-2026-mens']);
  });

  it('price range on the last known price; no known price is left out', () => {
    expect(idx.search(intent({ minPrice: 500, maxPrice: 700 })).ids.sort()).toEqual([
      'ski-line-sakana-2026',
      'snowboard-burton-custom-camber-2026-mens',
      'snowboard-capita-doa-2026-mens',
      'snowboard-jones-dream-weaver-2026-womens',
    ]);
    expect(idx.search(intent({ maxPrice: 100_000 })).ids).not.toContain('snowboard-gnu-beginner-no-price-2026');
    expect(idx.search(intent({})).ids).toContain('snowboard-gnu-beginner-no-price-2026');
  });

  it('a product indexed again with a new price is checked at the range boundary by its new price', () => {
    const own = index();
    const instigator = catalog.find((p) => p.id === 'snowboard-burton-instigator-camber-2026-mens')!;
    // $379.95 and $389.95 share the $380–400 bucket, the one a $385 bound checks product by product.
    expect(own.search(intent({ maxPrice: 385 })).ids).toContain(instigator.id);
    own.upsert([{ ...instigator, lastKnownPrice: usd(389.95) }]);
    expect(own.search(intent({ maxPrice: 385 })).ids).not.toContain(instigator.id);
    expect(own.search(intent({ minPrice: 385, maxPrice: 390 })).ids).toEqual([instigator.id]);
  });
});

describe('CatalogIndex: ranking', () => {
  const idx = index();

  it('without text returns all that pass, ranked by count-aware rating, unrated after well-rated', () => {
    const { ids, total } = idx.search(intent({ category: 'SNOWBOARD' }));
    expect(total).toBe(5);
    // 4.7×120 beats 4.6×200 beats 4.8×2 (two reviews say little, but the cheapest board) beats
    // 4.0×10 (no known price) beats unrated.
    expect(ids).toEqual([
      'snowboard-capita-doa-2026-mens',
      'snowboard-burton-custom-camber-2026-mens',
      'snowboard-burton-instigator-camber-2026-mens',
      'snowboard-gnu-beginner-no-price-2026',
      'snowboard-jones-dream-weaver-2026-womens',
    ]);
  });

  it('text relevance comes before rating', () => {
    const { ids } = idx.search(intent({ text: 'dream weaver' }));
    expect(ids[0]).toBe('snowboard-jones-dream-weaver-2026-womens');
  });

  it('finds a typo and a prefix', () => {
    expect(idx.search(intent({ text: 'instigatr' })).ids[0]).toBe('snowboard-burton-instigator-camber-2026-mens');
    expect(idx.search(intent({ text: 'saka' })).ids[0]).toBe('ski-line-sakana-2026');
  });

  it('equal products tie-break by id, the same every time', () => {
    const twins = new CatalogIndex();
    twins.replaceAll([staticProduct({ id: 'b-board' }), staticProduct({ id: 'a-board' }), staticProduct({ id: 'c-board' })]);
    expect(twins.search(intent({})).ids).toEqual(['a-board', 'b-board', 'c-board']);
  });

  it('pages with limit and offset, total counts all matches', () => {
    const page = idx.search(intent({ category: 'SNOWBOARD' }), { limit: 2, offset: 1 });
    expect(page).toMatchObject({ ids: ['snowboard-burton-custom-camber-2026-mens', 'snowboard-burton-instigator-camber-2026-mens'], total: 5 });
    expect(page.explanations.map((e) => e.reasons[0])).toEqual(['rated 4.6 from 200 reviews', 'rated 4.8 from 2 reviews']);
  });

  it('text alone that matches nothing finds nothing (the text was all that was asked)', () => {
    expect(idx.search(intent({ text: 'zzzqqq' }))).toMatchObject({ ids: [], total: 0 });
  });
});

describe('CatalogIndex: upsert and remove', () => {
  it('replaces a product by id and forgets removed ones', () => {
    const idx = index();
    expect(idx.size).toBe(catalog.length);
    idx.upsert([staticProduct({ id: 'snowboard-capita-doa-2026-mens', brand: 'CAPiTA', model: 'DOA', lastKnownPrice: usd(199) })]);
    expect(idx.size).toBe(catalog.length);
    expect(idx.search(intent({ maxPrice: 200 })).ids).toEqual(['snowboard-capita-doa-2026-mens']);
    expect(idx.search(intent({ text: 'defenders' })).ids).toEqual([]);
    expect(idx.remove(['snowboard-capita-doa-2026-mens', 'unknown'])).toBe(1);
    expect(idx.search(intent({ text: 'doa' })).ids).toEqual([]);
    expect(idx.size).toBe(catalog.length - 1);
  });

  it('re-ingesting changed products keeps one entry each and forgets their old words', async () => {
    // Each round re-ingests the products with words that changed (as a second retailer's
    // titles and descriptions do), so the text index drops terms while earlier changes settle.
    const round = (r: number) =>
      Array.from({ length: 300 }, (_, i) =>
        staticProduct({
          id: `snowboard-brand${i % 7}-model-${i}-2026-mens`,
          brand: `Brand${i % 7}`,
          model: `Model ${i} Pro`,
          description: `${['amber', 'birch', 'cobalt', 'delta', 'ember', 'fjord'][r]}${i}`,
        }),
      );
    const idx = new CatalogIndex();
    idx.upsert(round(0).slice(0, 200));
    for (let r = 1; r < 6; r++) {
      idx.upsert(round(r));
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(idx.size).toBe(300);
    const ids = idx.search(intent({ text: 'model 42' })).ids;
    expect(ids).toContain('snowboard-brand0-model-42-2026-mens');
    expect(new Set(ids).size).toBe(ids.length);
    expect(idx.search(intent({ text: 'fjord42' })).ids[0]).toBe('snowboard-brand0-model-42-2026-mens');
    expect(idx.search(intent({ text: 'birch42' })).ids).toEqual([]);
  });
});
