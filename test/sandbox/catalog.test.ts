import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/domain/product.js';
import { sandboxCatalog, type RetailListing } from '../../src/sandbox/index.js';

const catalog = sandboxCatalog();
const listings = (): RetailListing[] => catalog.flatMap((p) => [p.evo, p.backcountry].filter((l): l is RetailListing => l !== null));

describe('sandbox catalog: size and coverage', () => {
  it('holds at least 150 products across every category', () => {
    expect(catalog.length).toBeGreaterThanOrEqual(150);
    for (const category of CATEGORIES) expect(catalog.filter((p) => p.category === category).length, category).toBeGreaterThanOrEqual(10);
  });

  it('carries at least 60% of products at both retailers, and some at only one', () => {
    const both = catalog.filter((p) => p.evo && p.backcountry).length;
    expect(both / catalog.length).toBeGreaterThanOrEqual(0.6);
    expect(catalog.some((p) => p.evo && !p.backcountry)).toBe(true);
    expect(catalog.some((p) => !p.evo && p.backcountry)).toBe(true);
  });

  it('gives each product unique retailer ids and paths', () => {
    const evoIds = catalog.flatMap((p) => (p.evo ? [p.evo.vendorProductId] : []));
    const bcIds = catalog.flatMap((p) => (p.backcountry ? [p.backcountry.vendorProductId] : []));
    expect(new Set(evoIds).size).toBe(evoIds.length);
    expect(new Set(bcIds).size).toBe(bcIds.length);
    for (const id of bcIds) expect(id).toMatch(/^[A-Z]{3}\d{2}[A-Z]{2}$/);
  });

  it('is deterministic: the same seed gives the same catalog in a fresh process', async () => {
    const { execFileSync } = await import('node:child_process');
    const script = "import('./src/sandbox/index.ts').then(m => { const c = m.sandboxCatalog(); process.stdout.write(JSON.stringify(c.map(p => [p.key, p.evo?.minSalePrice ?? null, p.backcountry?.vendorProductId ?? null]))); })";
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: process.cwd(), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(catalog.map((p) => [p.key, p.evo?.minSalePrice ?? null, p.backcountry?.vendorProductId ?? null]));
  });
});

describe('sandbox catalog: what a shopper searches for', () => {
  it('has at least 6 beginner snowboards priced at or under $400 somewhere', () => {
    const cheapest = (p: (typeof catalog)[number]) => Math.min(p.evo?.minSalePrice ?? Infinity, p.backcountry?.minSalePrice ?? Infinity);
    const beginner = catalog.filter((p) => p.category === 'SNOWBOARD' && p.specs.abilityLevels.includes('BEGINNER') && cheapest(p) <= 400);
    expect(beginner.length).toBeGreaterThanOrEqual(6);
  });

  it('has powder skis in 176-186 cm between $500 and $800', () => {
    const powder = catalog.filter(
      (p) =>
        p.category === 'SKI' &&
        p.specs.terrain.includes('Powder') &&
        p.lengthsCm.some((l) => l >= 176 && l <= 186) &&
        [p.evo, p.backcountry].some((l) => l && l.minSalePrice >= 500 && l.minSalePrice <= 800),
    );
    expect(powder.length).toBeGreaterThanOrEqual(3);
    for (const p of powder) expect(p.specs.waistWidthMm).toBeGreaterThanOrEqual(100);
  });

  it('titles each retailer its own way: evo with brand and year, backcountry without brand', () => {
    const shared = catalog.filter((p) => p.evo && p.backcountry && p.category === 'SNOWBOARD' && p.gender === 'MENS');
    for (const p of shared.slice(0, 20)) {
      expect(p.evo!.title.startsWith(`${p.brand} `)).toBe(true);
      expect(p.evo!.title).toContain(String(p.year));
      expect(p.backcountry!.title.startsWith(p.brand)).toBe(false);
      expect(p.backcountry!.title).toContain(` - ${p.year}`);
    }
    expect(catalog.some((p) => p.evo?.title.includes("- Women's"))).toBe(true);
    expect(catalog.some((p) => p.backcountry?.title.includes('\u200b'))).toBe(true);
  });
});

describe('sandbox catalog: prices, stock, GTINs', () => {
  it('puts some listings on sale and prices shared products differently at some point', () => {
    expect(listings().filter((l) => l.onSale).length).toBeGreaterThan(20);
    const differing = catalog.filter((p) => p.evo && p.backcountry && p.evo.minSalePrice !== p.backcountry.minSalePrice);
    expect(differing.length).toBeGreaterThan(10);
    for (const l of listings()) expect(l.minSalePrice).toBeLessThanOrEqual(l.minListPrice);
  });

  it('has out-of-stock, low-stock (1-3 units) and backorder sizes', () => {
    const sizes = listings().flatMap((l) => l.sizes);
    expect(sizes.some((s) => s.status === 'outOfStock' && s.stockLevel === 0)).toBe(true);
    const low = sizes.filter((s) => s.status === 'lowStock');
    expect(low.length).toBeGreaterThan(10);
    for (const s of low) {
      expect(s.stockLevel).toBeGreaterThanOrEqual(1);
      expect(s.stockLevel).toBeLessThanOrEqual(3);
    }
    expect(sizes.some((s) => s.status === 'backorder' && s.backorderLevel > 0)).toBe(true);
  });

  it('uses the same GTIN-13 per size at both retailers, for some products only', () => {
    const shared = catalog.filter((p) => p.evo && p.backcountry);
    const withGtin = shared.filter((p) => p.evo!.sizes[0]?.gtin13);
    expect(withGtin.length).toBeGreaterThan(10);
    expect(withGtin.length).toBeLessThan(shared.length);
    for (const p of withGtin) {
      expect(p.backcountry!.sizes.map((s) => s.gtin13)).toEqual(p.evo!.sizes.map((s) => s.gtin13));
      for (const s of p.evo!.sizes) expect(s.gtin13).toMatch(/^\d{13}$/);
    }
  });
});

describe('sandbox catalog: reviews', () => {
  it('has listings without reviews, glowing ones and mixed ones', () => {
    const all = listings();
    expect(all.filter((l) => l.reviews.length === 0 && l.ratingAverage === null).length).toBeGreaterThan(20);
    expect(all.some((l) => l.reviews.length >= 3 && l.reviews.every((r) => r.rating >= 4))).toBe(true);
    expect(all.some((l) => l.reviews.some((r) => r.rating >= 4) && l.reviews.some((r) => r.rating <= 2))).toBe(true);
  });

  it('writes varied reviews about concrete aspects', () => {
    const reviews = listings().flatMap((l) => l.reviews);
    expect(reviews.length).toBeGreaterThan(200);
    const bodies = new Set(reviews.map((r) => r.body));
    expect(bodies.size / reviews.length).toBeGreaterThan(0.9);
    const aspects = ['edge', 'pop', 'float', 'flex', 'durab', 'value', 'size', 'price'];
    for (const word of aspects) expect(reviews.some((r) => r.body.toLowerCase().includes(word)), word).toBe(true);
    const negatives = reviews.filter((r) => r.rating <= 2);
    expect(negatives.length).toBeGreaterThan(10);
  });
});
