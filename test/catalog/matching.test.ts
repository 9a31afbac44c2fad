import { describe, expect, it } from 'vitest';
import { mergeVendorRecords, mergeVendorRecordsDetailed, weightedRating } from '../../src/catalog/matching.js';
import { emptyAnalysis, type VendorProductRecord } from '../../src/domain/product.js';
import { readCsv, vendorRecord } from './helpers.js';

const NOW = new Date('2026-01-15T12:00:00.000Z');

const evoCustom = vendorRecord({
  vendor: 'evo',
  vendorProductId: 'burton-custom-camber-snowboard-2026',
  title: "Burton Custom Camber Snowboard - 2026 - Men's",
  brand: 'Burton',
  category: 'SNOWBOARD',
  description: 'The board that started it all.',
  images: ['https://images.evo.example/custom-1.jpg', 'https://images.evo.example/custom-2.jpg'],
  specs: [
    { name: 'Ability Level', value: 'Intermediate-Advanced' },
    { name: 'Terrain', value: 'All-Mountain, Freestyle' },
    { name: 'Rocker Type', value: 'Camber' },
    { name: 'Shape', value: 'Twin' },
    { name: 'Flex Rating', value: 'Medium' },
    { name: 'Waist Width', value: '252mm' },
  ],
  sizes: ['154', '156', '158', '158W', '162W'],
  rating: { average: 4.0, count: 10 },
  reviews: [{ author: 'Sam', rating: 4, title: 'Solid', body: 'Pops well, holds an edge.', date: '2025-12-01' }],
  price: { amount: 659.95, currencyCode: 'USD' },
  fetchedAt: '2026-01-10T00:00:00.000Z',
});

const backcountryCustom = vendorRecord({
  vendor: 'backcountry',
  vendorProductId: 'BUR00A1',
  title: 'Custom Camber Snowboard - 2026',
  brand: 'Burton',
  // backcountry states gender only in its attributes table.
  category: 'SNOWBOARD',
  description: 'The Burton Custom Camber: the most trusted board in snowboarding, with a longer description here.',
  images: ['https://images.evo.example/custom-1.jpg', 'https://content.backcountry.example/custom.jpg'],
  specs: [
    { name: 'Ability Level', value: 'Advanced-Expert' },
    { name: 'Recommended Use', value: 'all-mountain, park' },
    { name: 'Profile', value: 'camber' },
    { name: 'Flex', value: 'medium' },
    { name: 'Length', value: '150, 154, 156 cm' },
    { name: 'Gender', value: "men's" },
  ],
  sizes: [],
  rating: { average: 5.0, count: 30 },
  reviews: [
    { author: 'Ana', rating: 5, title: 'Love it', body: 'Best board I have owned.', date: '2025-11-02' },
    { author: 'Sam', rating: 4, title: 'Solid', body: 'Pops well, holds an edge.', date: '2025-12-01' },
  ],
  price: { amount: 599.0, currencyCode: 'USD' },
  fetchedAt: '2026-01-11T00:00:00.000Z',
});

describe('listings of one product at two retailers become one product', () => {
  const [custom, ...others] = mergeVendorRecords([evoCustom, backcountryCustom], NOW);

  it('merges titles in different styles into one product with a stable slug id', () => {
    expect(others).toHaveLength(0);
    expect(custom!.id).toBe('snowboard-burton-custom-camber-2026-mens');
    expect(custom!.name).toBe('Burton Custom Camber');
    expect(custom!.model).toBe('Custom Camber');
    expect(custom!.year).toBe(2026);
    expect(custom!.gender).toBe('MENS');
    expect(custom!.updatedAt).toBe(NOW.toISOString());
  });

  it('keeps one listing per retailer record', () => {
    expect(custom!.listings.map((l) => [l.vendor, l.vendorProductId])).toEqual([
      ['backcountry', 'BUR00A1'],
      ['evo', 'burton-custom-camber-snowboard-2026'],
    ]);
  });

  it('takes the longest description, the union of images and reviews, and the lowest price', () => {
    expect(custom!.description).toBe(backcountryCustom.description);
    expect(custom!.images).toHaveLength(3);
    expect(new Set(custom!.images).size).toBe(3);
    expect(custom!.reviews.map((r) => r.author).sort()).toEqual(['Ana', 'Sam']);
    expect(custom!.lastKnownPrice).toEqual({ amount: 599, currencyCode: 'USD' });
  });

  it('weights each retailer\u2019s rating by its review count', () => {
    // (4.0 × 10 + 5.0 × 30) / 40 = 4.75, not the plain mean 4.5.
    expect(custom!.rating).toEqual({ average: 4.75, count: 40 });
  });

  it('maps both retailers\u2019 spec names onto typed specs', () => {
    const specs = custom!.specs;
    expect(specs.skillLevels).toEqual(['INTERMEDIATE', 'ADVANCED', 'EXPERT']);
    expect(specs.terrain.sort()).toEqual(['all-mountain', 'freestyle', 'park']);
    expect(specs.flex).toBeTruthy();
    expect(specs.profile?.toLowerCase()).toBe('camber');
    expect(specs.shape).toBe('Twin');
    expect(specs.waistWidthMm).toBe(252);
    expect(specs.sizes).toEqual(['150', '154', '156', '158', '158W', '162W']);
    expect(specs.lengthsCm).toEqual([150, 154, 156, 158, 162]);
    expect(specs.raw.some((s) => s.name === 'Recommended Use')).toBe(true);
    expect(specs.raw.some((s) => s.name === 'Rocker Type')).toBe(true);
  });

  it('is PENDING analysis with no invented pros or cons', () => {
    expect(custom!.analysis).toEqual(emptyAnalysis('PENDING'));
  });
});

describe('matching rules', () => {
  const board = (over: Partial<VendorProductRecord> & Pick<VendorProductRecord, 'vendor' | 'vendorProductId' | 'title'>) =>
    vendorRecord({ brand: 'Jones', category: 'SNOWBOARD', ...over });

  it('merges on a shared GTIN even when the titles disagree', () => {
    const products = mergeVendorRecords(
      [
        board({ vendor: 'evo', vendorProductId: 'a', title: 'Jones Mountain Twin Snowboard 2026', gtin: '0887123456781' }),
        board({ vendor: 'backcountry', vendorProductId: 'B1', title: 'Jones MT Snowboard', gtin: '887123456781' }),
      ],
      NOW,
    );
    expect(products).toHaveLength(1);
    expect(products[0]!.listings).toHaveLength(2);
  });

  it('does not merge different model years', () => {
    const products = mergeVendorRecords(
      [
        board({ vendor: 'evo', vendorProductId: 'a', title: 'Jones Stratos Snowboard - 2025' }),
        board({ vendor: 'backcountry', vendorProductId: 'B1', title: 'Jones Stratos Snowboard - 2026' }),
      ],
      NOW,
    );
    expect(products.map((p) => p.id)).toEqual(['snowboard-jones-stratos-2025', 'snowboard-jones-stratos-2026']);
  });

  it('a season title ("2025-26") is the same edition as its model year, whether the agent or the title gave the year', () => {
    const products = mergeVendorRecords(
      [
        // year as the agent read it from its own title
        board({ vendor: 'evo', vendorProductId: 'a', title: 'Jones Stratos Snowboard 2025-26', year: 2026 }),
        // no year on the record: matching reads the title
        board({ vendor: 'backcountry', vendorProductId: 'B1', title: 'Jones Stratos Snowboard - 2025/26' }),
        board({ vendor: 'house', vendorProductId: 'h', title: 'Jones Stratos Snowboard - 2026' }),
      ],
      NOW,
    );
    expect(products.map((p) => p.id)).toEqual(['snowboard-jones-stratos-2026']);
    expect(products[0]!.listings).toHaveLength(3);
  });

  it('does not merge men\u2019s and women\u2019s versions', () => {
    const products = mergeVendorRecords(
      [
        board({ vendor: 'evo', vendorProductId: 'a', title: "Jones Dream Weaver 2.0 Snowboard - 2026 - Women's" }),
        board({ vendor: 'evo', vendorProductId: 'b', title: "Jones Dream Weaver 2.0 Snowboard - 2026 - Men's" }),
      ],
      NOW,
    );
    expect(products).toHaveLength(2);
  });

  it('a record without a year joins the one edition it fits, and stays apart when two fit', () => {
    const one = mergeVendorRecords(
      [
        board({ vendor: 'evo', vendorProductId: 'a', title: 'Jones Flagship Snowboard - 2026' }),
        board({ vendor: 'backcountry', vendorProductId: 'B1', title: 'Jones Flagship Snowboard' }),
      ],
      NOW,
    );
    expect(one).toHaveLength(1);
    expect(one[0]!.id).toBe('snowboard-jones-flagship-2026');

    const ambiguous = mergeVendorRecords(
      [
        board({ vendor: 'evo', vendorProductId: 'a', title: 'Jones Flagship Snowboard - 2025' }),
        board({ vendor: 'evo', vendorProductId: 'b', title: 'Jones Flagship Snowboard - 2026' }),
        board({ vendor: 'backcountry', vendorProductId: 'B1', title: 'Jones Flagship Snowboard' }),
      ],
      NOW,
    );
    expect(ambiguous).toHaveLength(3);
  });

  it('does not merge the same model name across categories or brands', () => {
    const products = mergeVendorRecords(
      [
        vendorRecord({ vendor: 'evo', vendorProductId: 'a', title: 'Burton Custom Snowboard', brand: 'Burton', category: 'SNOWBOARD' }),
        vendorRecord({ vendor: 'evo', vendorProductId: 'b', title: 'Burton Custom Bindings', brand: 'Burton', category: 'BINDING' }),
        vendorRecord({ vendor: 'evo', vendorProductId: 'c', title: 'Custom Snowboard', brand: 'Sims', category: 'SNOWBOARD' }),
      ],
      NOW,
    );
    expect(products).toHaveLength(3);
  });

  it('merges spellings of one brand ("Solomon" at one retailer)', () => {
    const products = mergeVendorRecords(
      [
        vendorRecord({ vendor: 'evo', vendorProductId: 'a', title: 'Salomon Sight X Snowboard 2026', brand: 'Salomon', category: 'SNOWBOARD' }),
        vendorRecord({ vendor: 'house', vendorProductId: 'h', title: 'Solomon Sight X Snowboard 2026', brand: 'Solomon', category: 'SNOWBOARD' }),
      ],
      NOW,
    );
    expect(products).toHaveLength(1);
    expect(products[0]!.brand).toBe('Salomon');
  });

  it('a product without reviews is NO_REVIEWS with a null rating', () => {
    const [product] = mergeVendorRecords([board({ vendor: 'evo', vendorProductId: 'a', title: 'Jones Stratos Snowboard' })], NOW);
    expect(product!.analysis).toEqual(emptyAnalysis('NO_REVIEWS'));
    expect(product!.rating).toBeNull();
    expect(product!.lastKnownPrice).toBeNull();
    expect(product!.description).toBeNull();
    expect(product!.year).toBeNull();
  });

  it('skips records without brand or category instead of guessing', () => {
    const result = mergeVendorRecordsDetailed(
      [
        vendorRecord({ vendor: 'evo', vendorProductId: 'a', title: 'Mystery Thing' }),
        vendorRecord({ vendor: 'evo', vendorProductId: 'b', title: 'Acme Thing', brand: 'Acme' }),
      ],
      NOW,
    );
    expect(result.products).toEqual([]);
    expect(result.skipped.map((s) => s.reason)).toEqual(['NO_BRAND', 'NO_CATEGORY']);
  });

  it('a listing crawled twice keeps its newest read', () => {
    const [product] = mergeVendorRecords(
      [
        board({ vendor: 'evo', vendorProductId: 'a', title: 'Jones Stratos Snowboard', price: { amount: 500, currencyCode: 'USD' }, fetchedAt: '2026-01-01T00:00:00Z' }),
        board({ vendor: 'evo', vendorProductId: 'a', title: 'Jones Stratos Snowboard', price: { amount: 550, currencyCode: 'USD' }, fetchedAt: '2026-01-02T00:00:00Z' }),
      ],
      NOW,
    );
    expect(product!.listings).toHaveLength(1);
    expect(product!.lastKnownPrice?.amount).toBe(550);
  });
});

describe('analysis status: reviews counted but none of their texts read is FAILED, never NO_REVIEWS', () => {
  const jones = (over: Partial<VendorProductRecord> & Pick<VendorProductRecord, 'vendor' | 'vendorProductId'>) =>
    vendorRecord({ title: 'Jones Stratos Snowboard 2026', brand: 'Jones', category: 'SNOWBOARD', ...over });
  const analysisOf = (...records: VendorProductRecord[]) => {
    const products = mergeVendorRecords(records, NOW);
    expect(products).toHaveLength(1);
    return products[0]!.analysis;
  };
  const text = { author: 'Sam', rating: 4, title: 'Solid', body: 'Pops well, holds an edge.', date: '2025-12-01' };

  it('a rating that counts 3 reviews with no text read: FAILED, saying which retailer counted them', () => {
    expect(analysisOf(jones({ vendor: 'evo', vendorProductId: 'a', rating: { average: 4.3, count: 3 } }))).toEqual(emptyAnalysis('FAILED', '3 reviews counted by evo, but none of their texts could be read'));
  });

  it('counted at two retailers, one review at one of them: both named', () => {
    expect(analysisOf(
      jones({ vendor: 'evo', vendorProductId: 'a', rating: { average: 5, count: 1 } }),
      jones({ vendor: 'backcountry', vendorProductId: 'B', rating: { average: 4, count: 2 } }),
    ).message).toBe('2 reviews counted by backcountry and 1 counted by evo, but none of their texts could be read');
    expect(analysisOf(jones({ vendor: 'evo', vendorProductId: 'a', rating: { average: 5, count: 1 } })).message)
      .toBe('1 review counted by evo, but its text could not be read');
  });

  it('texts read at one retailer: PENDING even when another retailer\'s texts were not', () => {
    expect(analysisOf(
      jones({ vendor: 'evo', vendorProductId: 'a', rating: { average: 4, count: 1 }, reviews: [text] }),
      jones({ vendor: 'backcountry', vendorProductId: 'B', rating: { average: 4, count: 5 } }),
    )).toEqual(emptyAnalysis('PENDING'));
  });

  it('no count anywhere (or a count of 0): NO_REVIEWS', () => {
    expect(analysisOf(jones({ vendor: 'evo', vendorProductId: 'a', rating: { average: 0, count: 0 } }))).toEqual(emptyAnalysis('NO_REVIEWS'));
  });
});

describe('weightedRating', () => {
  it('is null when no retailer has a counted rating', () => {
    expect(weightedRating([null, { average: 4, count: 0 }])).toBeNull();
  });
});

describe('real evo ski export (Spec - … : labels)', () => {
  const rows = readCsv(new URL('../fixtures/real/evo-skis.csv', import.meta.url).pathname);
  const records = rows.map((row) =>
    vendorRecord({
      vendor: 'evo',
      vendorProductId: row['Ski']!,
      title: row['Ski']!.replace(/-/g, ' '),
      brand: row['Ski']!.split('-')[0]!,
      category: 'SKI',
      description: row['Full Description'] || null,
      specs: Object.entries(row)
        .filter(([k, v]) => k.startsWith('Spec - ') && v !== '')
        .map(([name, value]) => ({ name, value })),
      features: Object.entries(row)
        .filter(([k, v]) => k.startsWith('Detail - ') && v !== '')
        .map(([name, value]) => ({ name, value })),
    }),
  );

  it('maps ability level, terrain, rocker type and tail type from every row', () => {
    expect(records.length).toBe(40);
    const products = mergeVendorRecords(records, NOW);
    const apostle = products.find((p) => p.listings.some((l) => l.vendorProductId === 'rmu-apostle-30-106'))!;
    expect(apostle.specs.skillLevels).toEqual(['INTERMEDIATE', 'ADVANCED']);
    expect(apostle.specs.terrain).toEqual(['all-mountain']);
    expect(apostle.specs.profile).toBe('Rocker/Camber/Rocker');
    expect(apostle.specs.shape).toBe('Full Twin Tip');
    const revolt = products.find((p) => p.listings.some((l) => l.vendorProductId === 'volkl-revolt-121'))!;
    expect(revolt.specs.skillLevels).toEqual(['ADVANCED', 'EXPERT']);
    expect(revolt.specs.terrain.sort()).toEqual(['freeride', 'powder']);
    for (const p of products) expect(p.specs.skillLevels.length).toBeGreaterThan(0);
  });
});
