import type { Category } from '../domain/product.js';
import type { RetailListing, RetailSize, SandboxProduct } from './catalog/types.js';
import { backcountryAbility } from './catalog/vocabulary.js';

/**
 * backcountry's JSON shapes (docs/storefronts.md): the product API answer, the
 * `__NEXT_DATA__` product and the listing's Apollo entries. Pure functions of the catalog.
 */

/** backcountry's listing path per category. `/ski-goggles` answers 404: the sandbox backcountry sells no goggles. */
export const BACKCOUNTRY_LISTING_PATHS: Record<Category, string> = {
  SNOWBOARD: '/snowboards',
  BINDING: '/snowboard-bindings',
  BOOT: '/snowboard-boots',
  SKI: '/skis',
  HELMET: '/ski-helmets',
  GOGGLE: '/ski-goggles',
  JACKET: '/mens-jackets',
};

/** The `category` value backcountry puts on products (its department name). */
export const BACKCOUNTRY_CATEGORY_NAME: Record<Category, string> = {
  SNOWBOARD: 'Snowboards', BINDING: 'Snowboard Bindings', BOOT: 'Snowboard Boots', SKI: 'Skis',
  HELMET: 'Ski Helmets', GOGGLE: 'Ski Goggles', JACKET: "Men's Jackets",
};

export interface BcSku {
  id: string;
  size: { name: string };
  color: { name: string };
  listPrice: number;
  salePrice: number;
  discountPercent: number;
  onSale: boolean;
  availability: { status: RetailSize['status']; stockLevel: number; backorderLevel: number };
}

function sku(l: RetailListing, s: RetailSize): BcSku {
  return {
    id: s.sku,
    size: { name: s.name },
    color: { name: l.color },
    listPrice: s.listPrice,
    salePrice: s.salePrice,
    discountPercent: Math.round((1 - s.salePrice / s.listPrice) * 100),
    onSale: s.salePrice < s.listPrice,
    availability: { status: s.status, stockLevel: s.stockLevel, backorderLevel: s.backorderLevel },
  };
}

/** `GET /api/products/<id>`: one product. */
export function apiProduct(l: RetailListing): Record<string, unknown> {
  return {
    id: l.vendorProductId,
    title: l.title,
    brand: { name: l.brand },
    url: l.path,
    customerReviews: { average: l.ratingAverage, count: l.reviews.length },
    skus: l.sizes.map((s) => sku(l, s)),
    minListPrice: l.minListPrice,
    minSalePrice: l.minSalePrice,
  };
}

/**
 * `?fields=a,b.c`: the answer keeps `id` plus each named top-level field; a
 * `skus.<x>` path keeps, per sku, its `id`, `size` and the whole `<x>` object.
 */
export function selectFields(product: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { id: product.id };
  const skuKeys = new Set<string>();
  for (const field of fields) {
    const [head, sub] = field.split('.');
    if (!head) continue;
    if (head === 'skus' && sub) skuKeys.add(sub);
    else if (head in product) out[head] = product[head];
  }
  if (skuKeys.size > 0 && !('skus' in out)) {
    out.skus = (product.skus as Record<string, unknown>[]).map((s) => {
      const picked: Record<string, unknown> = { id: s.id, size: s.size };
      for (const k of skuKeys) if (k in s) picked[k] = s[k];
      return picked;
    });
  }
  return out;
}

const GENDER_WORD = { MENS: "men's", WOMENS: "women's", UNISEX: 'unisex', KIDS: "kids'" } as const;
/** evo label of an extra spec → backcountry's attribute name. */
const ATTRIBUTE_NAME: Record<string, string> = {
  'Core/Laminates': 'Core',
  'Binding Compatibility': 'Mounting Compatibility',
  'Tail Type': 'Tail',
  Skis: 'Binding Included',
  'Turning Radius': 'Turn Radius',
};

/** backcountry's `attributes` (name/value) for a product, in its own wording. */
function bcAttributes(p: SandboxProduct): { name: string; value: string }[] {
  const s = p.specs;
  const out: { name: string; value: string }[] = [];
  if (s.abilityLevels.length > 0) out.push({ name: 'Ability Level', value: backcountryAbility(s.abilityLevels) });
  if (s.terrain.length > 0) out.push({ name: 'Recommended Use', value: s.terrain.map((t) => t.toLowerCase()).join(', ') });
  if (s.profile) out.push({ name: 'Profile', value: s.profile.toLowerCase() });
  if (s.shape) out.push({ name: 'Shape', value: s.shape.toLowerCase() });
  if (s.flex !== null) out.push({ name: 'Flex', value: `${s.flex}/10` });
  if (s.waistWidthMm !== null) out.push({ name: 'Waist Width', value: `${s.waistWidthMm}mm` });
  if (s.sidecutRadiusM !== null) out.push({ name: 'Sidecut Radius', value: `${s.sidecutRadiusM.toFixed(1)}m` });
  if (p.lengthsCm.length > 0) out.push({ name: 'Length', value: `${[...new Set(p.lengthsCm)].sort((a, b) => a - b).join(', ')} cm` });
  for (const e of s.extra) {
    if (e.value === '' || e.name === 'Tail Type') continue;
    const value = e.name === 'Skis' ? (e.value === 'With Bindings' ? 'yes' : 'no') : e.value;
    out.push({ name: ATTRIBUTE_NAME[e.name] ?? e.name, value });
  }
  out.push({ name: 'Gender', value: GENDER_WORD[p.gender] });
  return out;
}

export function bcImages(l: RetailListing): { url: string }[] {
  const code = l.sizes[0]?.sku.split('-')[1] ?? 'ONECOL';
  const base = `https://content.backcountry.com/images/items/1200/${l.vendorProductId.slice(0, 3)}/${l.vendorProductId}`;
  return [{ url: `${base}/${code}.jpg` }, { url: `${base}/${code}_D1.jpg` }];
}

/** `props.pageProps.product` of a product page. */
export function nextDataProduct(p: SandboxProduct, l: RetailListing): Record<string, unknown> {
  const api = apiProduct(l);
  return {
    id: l.vendorProductId,
    title: l.title,
    brand: { name: l.brand },
    url: l.path,
    description: p.description,
    images: bcImages(l),
    category: BACKCOUNTRY_CATEGORY_NAME[p.category],
    attributes: bcAttributes(p),
    features: p.features,
    customerReviews: {
      average: l.ratingAverage,
      count: l.reviews.length,
      reviews: l.reviews.map((r) => ({ author: r.author, rating: r.rating, title: r.title, body: r.body, date: r.date })),
    },
    skus: api.skus,
    minListPrice: l.minListPrice,
    minSalePrice: l.minSalePrice,
  };
}

/** One `"Product:<id>"` entry of a listing's `__APOLLO_STATE__`. */
export function apolloProduct(p: SandboxProduct, l: RetailListing): Record<string, unknown> {
  return {
    __typename: 'Product',
    id: l.vendorProductId,
    name: l.title,
    brand: { name: l.brand },
    url: l.path,
    aggregates: { minSalePrice: l.minSalePrice, minListPrice: l.minListPrice },
    category: BACKCOUNTRY_CATEGORY_NAME[p.category],
    image: bcImages(l)[0],
    customerReviews: { average: l.ratingAverage, count: l.reviews.length },
  };
}
