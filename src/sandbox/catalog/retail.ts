import type { Category } from '../../domain/product.js';
import { cents, ean13, hashString, rngFor, slugify, type Rng } from './prng.js';
import { averageRating, generateReviews, type ReviewProfile } from './reviews.js';
import type { ProductDraft, RetailListing, RetailSize, StockStatus } from './types.js';

/**
 * How each simulated retailer stocks a product: its own title style, ids, URL,
 * prices (MSRP, own sales), per-size stock and its own customers' reviews.
 */

const EVO_NOUN: Record<Category, string> = {
  SNOWBOARD: 'Snowboard', SKI: 'Skis', BINDING: 'Snowboard Bindings', BOOT: 'Snowboard Boots',
  HELMET: 'Helmet', GOGGLE: 'Goggles', JACKET: 'Jacket',
};
const BC_NOUN: Record<Category, string> = {
  SNOWBOARD: 'Snowboard', SKI: 'Ski', BINDING: 'Snowboard Binding', BOOT: 'Snowboard Boot',
  HELMET: 'Helmet', GOGGLE: 'Goggle', JACKET: 'Jacket',
};
/** evo's product-page folder per category (the listing card's href is `/<folder>/<slug>`). */
const EVO_PAGE_FOLDER: Record<Category, string> = {
  SNOWBOARD: 'snowboards', SKI: 'skis', BINDING: 'snowboard-bindings', BOOT: 'snowboard-boots',
  HELMET: 'helmets', GOGGLE: 'goggles', JACKET: 'jackets',
};
const COLORS: Record<Category, string[]> = {
  SNOWBOARD: ['One Color', 'Graphic'], SKI: ['One Color'], BINDING: ['Black', 'White', 'Gray', 'Olive'],
  BOOT: ['Black', 'Brown', 'Black/White'], HELMET: ['Matte Black', 'Matte White', 'Matte Slate', 'Pacific'],
  GOGGLE: ['Matte Black / Prizm Sapphire', 'White / ChromaPop Sun Black'], JACKET: ['Black', 'Tatsu', 'Forest', 'Stone Blue'],
};

function noun(category: Category, model: string, nouns: Record<Category, string>): string {
  // Packages ("Skis + Bindings") already say what they are.
  return model.includes(' + ') ? '' : ` ${nouns[category]}`;
}

/** evo: "Burton Custom Camber Snowboard 2026", "CAPiTA Paradise Snowboard - Women's 2026". */
function evoTitle(d: ProductDraft): string {
  const gender = d.gender === 'WOMENS' ? " - Women's" : d.gender === 'KIDS' ? " - Kids'" : '';
  return `${d.brand} ${d.model}${noun(d.category, d.model, EVO_NOUN)}${gender}${d.year ? ` ${d.year}` : ''}`;
}

/** backcountry: brand apart, "Custom Camber Snowboard - 2026", "Sabre Jacket - Men's". */
function backcountryTitle(d: ProductDraft, rng: Rng): string {
  const model = rng.chance(0.05) ? `${d.model}\u200b` : d.model;
  const gendered = d.category === 'BOOT' || d.category === 'JACKET' || d.category === 'BINDING' || rng.chance(0.3);
  const gender = d.gender === 'WOMENS' ? " - Women's" : d.gender === 'KIDS' ? " - Kids'" : gendered && d.gender === 'MENS' ? " - Men's" : '';
  return `${model}${noun(d.category, d.model, BC_NOUN)}${d.year ? ` - ${d.year}` : ''}${gender}`;
}

function stockFor(rng: Rng, soldOut: boolean): Pick<RetailSize, 'status' | 'stockLevel' | 'backorderLevel'> {
  const status: StockStatus = soldOut
    ? 'outOfStock'
    : rng.weighted([['inStock', 62], ['lowStock', 16], ['outOfStock', 17], ['backorder', 5]] as const);
  const stockLevel = status === 'inStock' ? rng.int(4, 40) : status === 'lowStock' ? rng.int(1, 3) : 0;
  return { status, stockLevel, backorderLevel: status === 'backorder' ? rng.int(2, 10) : 0 };
}

interface RetailContext {
  retailer: 'evo' | 'backcountry';
  draft: ProductDraft;
  key: string;
  /** Per-size GTINs shared by both retailers, or nulls. */
  gtins: (string | null)[];
  vendorProductId: string;
  path: string;
  title: string;
  brand: string;
}

function buildListing(c: RetailContext): RetailListing {
  const { draft, retailer } = c;
  const rng = rngFor(`${retailer}:${c.key}`);
  const closeout = draft.year !== null && draft.year < 2026;
  const onSale = rng.chance(closeout ? 0.85 : 0.35);
  const discount = onSale ? rng.pick(retailer === 'evo' ? [0.1, 0.15, 0.2, 0.25, 0.3, 0.4] : [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.5]) : 0;
  // Some sales cover only part of the size run, as on the real sites.
  const partialSale = onSale && draft.sizes.length > 2 && rng.chance(0.2);
  const allGone = rng.chance(0.03);
  const soldOutSeed = retailer === 'evo' ? new Set(draft.soldOutSizes ?? []) : new Set<string>();
  const colorCode = rng.pick(['BK', 'WH', 'ONECOL', 'GR', 'BL']);
  const productNumber = 100000 + (hashString(`${retailer}:${c.key}`) % 900000);
  const sizes: RetailSize[] = draft.sizes.map((name, i) => {
    const listPrice = draft.msrp;
    const discounted = onSale && (!partialSale || i % 2 === 0);
    return {
      name,
      sku: retailer === 'evo' ? `${productNumber}-${slugify(name) || i}` : `${c.vendorProductId}-${colorCode}-${name.replace(/[^A-Za-z0-9.]/g, '').toUpperCase()}`,
      gtin13: c.gtins[i] ?? null,
      listPrice,
      salePrice: discounted ? cents(listPrice * (1 - discount)) : listPrice,
      ...stockFor(rng, allGone || soldOutSeed.has(name)),
    };
  });
  const profile = rng.weighted<ReviewProfile>([['none', 30], ['glowing', 20], ['positive', 25], ['mixed', 18], ['critical', 7]]);
  const levels = draft.specs.abilityLevels;
  const reviews = generateReviews(
    `${retailer}:${c.key}`,
    {
      category: draft.category,
      model: draft.model,
      flex: draft.specs.flex,
      beginner: levels.includes('BEGINNER'),
      advanced: levels.includes('ADVANCED') || levels.includes('EXPERT'),
      kids: draft.gender === 'KIDS',
      powder: draft.specs.terrain.some((t) => /powder|freeride|big mountain/i.test(t)),
    },
    profile,
  );
  return {
    vendorProductId: c.vendorProductId,
    path: c.path,
    title: c.title,
    brand: c.brand,
    color: rng.pick(COLORS[draft.category]),
    sizes,
    minListPrice: Math.min(...sizes.map((s) => s.listPrice)),
    minSalePrice: Math.min(...sizes.map((s) => s.salePrice)),
    onSale: sizes.some((s) => s.salePrice < s.listPrice),
    reviews,
    ratingAverage: averageRating(reviews),
  };
}

/** Per-size GTIN-13s (the same at every retailer), or nulls when the brand publishes none. */
export function gtinsFor(d: ProductDraft, productIndex: number): (string | null)[] {
  if (!d.hasGtin) return d.sizes.map(() => null);
  const brandPrefix = String(6000000 + (hashString(d.brand) % 3000000));
  return d.sizes.map((_, i) => ean13(brandPrefix + String(productIndex * 20 + i).padStart(5, '0')));
}

/** evo's listing of a draft: slug id, `/outlet/…` for closeouts on sale. */
export function evoListing(d: ProductDraft, key: string, gtins: (string | null)[], taken: Set<string>): RetailListing {
  let slug = slugify(evoTitle(d));
  while (taken.has(slug)) slug += '-1';
  taken.add(slug);
  const listing = buildListing({ retailer: 'evo', draft: d, key, gtins, vendorProductId: slug, path: '', title: evoTitle(d), brand: d.brand });
  const outlet = d.year !== null && d.year < 2026 && listing.onSale;
  return { ...listing, path: `/${outlet ? 'outlet' : EVO_PAGE_FOLDER[d.category]}/${slug}` };
}

/** backcountry's listing of a draft: an id like `BUR00AB`, a root-level slug URL. */
export function backcountryListing(d: ProductDraft, key: string, gtins: (string | null)[], taken: Set<string>): RetailListing {
  const letters = (d.brand.toUpperCase().replace(/[^A-Z]/g, '') + 'XXX').slice(0, 3);
  let h = hashString(`bc-id:${key}`);
  let id: string;
  do {
    const digits = String(h % 100).padStart(2, '0');
    const tail = String.fromCharCode(65 + ((h >>> 8) % 26), 65 + ((h >>> 16) % 26));
    id = `${letters}${digits}${tail}`;
    h = hashString(`${id}:${h}`);
  } while (taken.has(id));
  taken.add(id);
  const rng = rngFor(`bc-title:${key}`);
  const title = backcountryTitle(d, rng);
  const genderWord = d.gender === 'WOMENS' ? '-womens' : d.gender === 'KIDS' ? '-kids' : d.gender === 'MENS' ? '-mens' : '';
  let slug = `${slugify(`${d.brand} ${d.model}${noun(d.category, d.model, BC_NOUN)}${d.year ? ` ${d.year}` : ''}`)}${genderWord}`;
  while (taken.has(slug)) slug += '-1';
  taken.add(slug);
  return buildListing({ retailer: 'backcountry', draft: d, key, gtins, vendorProductId: id, path: `/${slug}`, title, brand: d.brand });
}
