import { load } from 'cheerio';
import { overallAvailability, stockOf, type Availability, type LiveOffer, type SizeStock } from '../../domain/live.js';
import { CATEGORIES, type Category, type Money, type Rating, type SpecEntry, type VendorId, type VendorProductRecord } from '../../domain/product.js';
import {
  cleanText, discountPercent, extractSchemaProduct, jsonAt, listPriceFor, parseAmount, parseAvailability, readPageReviews, readScriptJson,
  toRating,
} from '../extract/index.js';
import type { BackcountryProfile } from '../sites/profile.js';
import { genderOf, parseYear } from '../../domain/titles.js';
import { MalformedBodyError } from '../vendor-client.js';
import { requireStatedOffer, statesNothing, UNREADABLE_OFFER } from './offer-check.js';

/** Readers of backcountry's pages and API (pure). They throw MalformedBodyError for a body that is not backcountry's. */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? cleanText(v) : typeof v === 'number' ? String(v) : null);
const nameOf = (v: unknown): string | null => (isObj(v) ? str(v['name']) : str(v));

function nextData(html: string, profile: BackcountryProfile): unknown {
  let data: unknown;
  try {
    data = readScriptJson(load(html), profile.nextData);
  } catch (err) {
    throw new MalformedBodyError(`__NEXT_DATA__ does not parse: ${(err as Error).message}`);
  }
  if (data === undefined) throw new MalformedBodyError('no __NEXT_DATA__ script');
  return data;
}

export interface BackcountryListingItem {
  id: string;
  name: string;
  brand: string | null;
  url: string;
  minSalePrice: number | null;
  minListPrice: number | null;
  category: Category | null;
  /** The entry's image URL, when it has one. */
  image: string | null;
  /** The entry's review average and count, when it counts reviews. */
  rating: Rating | null;
}

/** A listing's category word ("snowboards", "SNOWBOARD") → Category. */
function backcountryCategory(value: unknown, profile: BackcountryProfile): Category | null {
  const word = str(value);
  if (!word) return null;
  const upper = word.toUpperCase();
  if ((CATEGORIES as readonly string[]).includes(upper)) return upper as Category;
  // "Snowboard Bindings", "Men's Jackets", "/snowboard-bindings" → the profile's slug words.
  const slug = word.toLowerCase().replace(/['\u2019]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return profile.categoryWords[slug] ?? null;
}

/** A rating as the data states it: null without a count above 0 or a numeric average. */
function statedRating(rawAverage: unknown, rawCount: unknown): Rating | null {
  const average = Number(rawAverage);
  const count = Number(rawCount);
  return rawAverage !== null && rawAverage !== undefined && Number.isFinite(average) && count > 0 ? { average, count } : null;
}

/** One listing page (or search results page): its products (from the Apollo state) and the total page count. */
export function readBackcountryListing(html: string, profile: BackcountryProfile): { items: BackcountryListingItem[]; totalPages: number } {
  const data = nextData(html, profile);
  const state = jsonAt(data, profile.listing.apolloState);
  if (!isObj(state)) throw new MalformedBodyError('listing without an Apollo state');
  const items: BackcountryListingItem[] = [];
  for (const [key, entry] of Object.entries(state)) {
    if (!key.startsWith(profile.listing.productKeyPrefix) || !isObj(entry)) continue;
    const id = str(entry['id']);
    const url = str(entry['url']);
    const name = str(entry['name']);
    if (!id || !url || !name) continue;
    const agg = isObj(entry['aggregates']) ? entry['aggregates'] : {};
    items.push({
      id, name, url,
      brand: nameOf(entry['brand']),
      minSalePrice: parseAmount(agg['minSalePrice']),
      minListPrice: parseAmount(agg['minListPrice']),
      category: backcountryCategory(entry['category'], profile),
      image: str(jsonAt(entry, profile.listing.image)),
      rating: statedRating(jsonAt(entry, profile.listing.reviews.average), jsonAt(entry, profile.listing.reviews.count)),
    });
  }
  return { items, totalPages: totalPagesOf(jsonAt(data, profile.listing.totalPages)) };
}

/**
 * Far above any real catalog (30 products a page: 30 000 per category), the same bound as evo's
 * walk. A larger count is not a listing we can trust, and walking it would fire that many requests.
 */
const MAX_LISTING_PAGES = 1000;

/** The listing's page count: 1 when unstated (this page is all we know of); an integer in 0..1000 otherwise, else MALFORMED. */
function totalPagesOf(value: unknown): number {
  if (value === undefined || value === null) return 1;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > MAX_LISTING_PAGES) {
    throw new MalformedBodyError(`listing states totalPages ${JSON.stringify(value)}; expected an integer in 0..${MAX_LISTING_PAGES}`);
  }
  return Math.max(1, n); // an empty category may say 0 pages; page 1 has been read either way
}

const entries = (v: unknown): SpecEntry[] =>
  arr(v)
    .filter(isObj)
    .map((e) => ({ name: str(e['name']) ?? '', value: str(e['value']) ?? '' }))
    .filter((e) => e.name !== '');

interface Sku {
  size: string | null;
  listPrice: number | null;
  salePrice: number | null;
  availability: Availability;
  stockLevel: number | null;
}

function skusOf(v: unknown): Sku[] {
  return arr(v)
    .filter(isObj)
    .map((s) => {
      const a = isObj(s['availability']) ? s['availability'] : {};
      const level = Number(a['stockLevel']);
      return {
        size: nameOf(s['size']),
        listPrice: parseAmount(s['listPrice']),
        salePrice: parseAmount(s['salePrice']),
        availability: parseAvailability(a['status']),
        stockLevel: a['stockLevel'] !== undefined && a['stockLevel'] !== null && Number.isFinite(level) ? level : null,
      };
    });
}

const minOf = (xs: (number | null)[]): number | null => {
  const nums = xs.filter((x): x is number => x !== null);
  return nums.length ? Math.min(...nums) : null;
};
const inStock = (a: Availability): boolean => a === 'IN_STOCK' || a === 'LOW_STOCK';

/**
 * Price and list price of one sku: the lowest-priced of `skus` (the first on a tie), with its own
 * list price, so the discount is that sku's. null when no sku states a sale price.
 */
function pricedSku(skus: Sku[]): { price: number; list: number | null } | null {
  let best: { price: number; list: number | null } | null = null;
  for (const s of skus) if (s.salePrice !== null && (best === null || s.salePrice < best.price)) best = { price: s.salePrice, list: s.listPrice };
  return best && { price: best.price, list: listPriceFor(best.price, best.list) };
}

/** The product's rating as its data states it (see statedRating). */
function ratingOf(product: Obj, profile: BackcountryProfile): Rating | null {
  return statedRating(jsonAt(product, profile.product.reviews.average), jsonAt(product, profile.product.reviews.count));
}

/**
 * A full product page → VendorProductRecord. Its reviews: the product data's review list (under the
 * usual keys) and every other review text the page carries (extract/reviews.ts), each once. A page
 * whose product has no title or no brand is MALFORMED: a failed page, never a product.
 */
export function readBackcountryProduct(html: string, url: string, vendor: VendorId, profile: BackcountryProfile): VendorProductRecord {
  const $ = load(html);
  const product = jsonAt(nextData(html, profile), profile.product.data);
  const id = isObj(product) ? str(product['id']) : null;
  const title = isObj(product) ? str(product['title']) : null;
  if (!isObj(product) || !id || !title) throw new MalformedBodyError('product page without product data');
  const schema = extractSchemaProduct($, url);
  const brand = nameOf(product['brand']) ?? schema?.brand ?? null;
  if (!brand) throw new MalformedBodyError('no brand on the product page');
  const attributes = entries(product['attributes']);
  const skus = skusOf(product['skus']);
  const money = (n: number | null): Money | null => (n === null ? null : { amount: n, currencyCode: profile.currency });
  const sizes = [...new Set(skus.map((s) => s.size).filter((s): s is string => s !== null))];
  const priced = pricedSku(skus);
  return {
    vendor,
    vendorProductId: id,
    url,
    title,
    brand,
    category: backcountryCategory(product['category'], profile),
    gender: genderOf(title, attributes),
    year: parseYear(title, profile.titleStyle.yearAt),
    description: str(product['description']) ?? schema?.description ?? null,
    images: arr(product['images']).map((i) => (isObj(i) ? str(i['url']) : str(i))).filter((u): u is string => u !== null),
    specs: attributes,
    features: entries(product['features']),
    sizes,
    rating: ratingOf(product, profile) ?? toRating(schema?.rating ?? null),
    reviews: readPageReviews($, [jsonAt(product, profile.product.reviews.list)]),
    price: money(priced?.price ?? null),
    // No sku priced: the lowest list price is still what the page prints.
    listPrice: money(priced ? priced.list : minOf(skus.map((s) => s.listPrice))),
    gtin: schema?.gtin ?? schema?.offers.find((o) => o.gtin)?.gtin ?? null,
    mpn: schema?.mpn ?? null,
    fetchedAt: new Date().toISOString(),
  };
}

/** The products an API answer holds (batch `{products, notFound}` or one product) and the ids it says are unknown. */
function apiAnswer(body: unknown): { products: Obj[]; notFound: string[] } {
  if (isObj(body) && Array.isArray(body['products'])) {
    return { products: body['products'].filter(isObj), notFound: arr(body['notFound']).map(str).filter((x): x is string => x !== null) };
  }
  if (isObj(body) && str(body['id']) && Array.isArray(body['skus'])) return { products: [body], notFound: [] };
  throw new MalformedBodyError('not a backcountry product API answer');
}

/**
 * The products an API answer holds (batch `{products, notFound}` or one product) and the ids it
 * says are unknown. MalformedBodyError when the body is not such an answer, or when it says nothing
 * about what was asked: no product in it states a price or any availability, and it names none of
 * `askedIds` as unknown (skus gone from every product, `{"products": []}`). One silent product
 * among readable ones is that product's failure alone (see backcountryOffer).
 */
export function readBackcountryApi(body: unknown, askedIds: readonly string[]): { products: Obj[]; notFound: string[] } {
  const answer = apiAnswer(body);
  // The currency plays no part in whether a product states something.
  const saysSomething =
    answer.products.some((p) => !statesNothing(liveFields(p, ''))) || answer.notFound.some((id) => askedIds.includes(id));
  if (!saysSomething) throw new MalformedBodyError(answer.products.length > 0 ? UNREADABLE_OFFER : `the answer says nothing of ${askedIds.join(',')}`);
  return answer;
}

/** Two skus of one size (colours): in stock when either is; not in stock only when both say so; else unknown. */
function eitherInStock(a: boolean | null, b: boolean | null): boolean | null {
  if (a === true || b === true) return true;
  return a === false && b === false ? false : null;
}

/** One size per size name, its skus' stock and quantities merged. A sku whose status is unknown leaves its size unknown, never out of stock. */
function sizesOf(skus: Sku[]): SizeStock[] {
  const bySize = new Map<string, SizeStock>();
  for (const s of skus) {
    if (!s.size) continue;
    const prev = bySize.get(s.size);
    const stock = stockOf(s.availability);
    const quantity = prev && prev.quantity !== null && s.stockLevel !== null ? prev.quantity + s.stockLevel : (prev?.quantity ?? s.stockLevel);
    bySize.set(s.size, { size: s.size, inStock: prev ? eitherInStock(prev.inStock, stock) : stock, quantity });
  }
  return [...bySize.values()];
}

type LiveFields = Pick<LiveOffer, 'price' | 'listPrice' | 'discountPercent' | 'availability' | 'sizes'>;

/**
 * What one API product states live. Price: lowest sale price of in-stock skus, else of all; list
 * price and discount are that sku's; without sku prices, the product's own minimums.
 */
function liveFields(product: Obj, currency: string): LiveFields {
  const skus = skusOf(product['skus']);
  const buyable = skus.filter((s) => inStock(s.availability));
  const priced = pricedSku(buyable.length > 0 ? buyable : skus);
  // Without sku prices, the product's own minimums (which may come from different skus).
  const price = priced?.price ?? parseAmount(product['minSalePrice']);
  const list = priced ? priced.list : listPriceFor(price, parseAmount(product['minListPrice']));
  const m = (n: number | null): Money | null => (n === null ? null : { amount: n, currencyCode: currency });
  return {
    price: m(price),
    listPrice: m(list),
    discountPercent: discountPercent(price, list),
    availability: overallAvailability(skus.map((s) => s.availability)),
    sizes: sizesOf(skus),
  };
}

/**
 * One API product → LiveOffer (see liveFields). Backcountry states no shipping. A product that states
 * neither a price nor any availability (no skus, no minimums) is not an offer: MalformedBodyError.
 */
export function backcountryOffer(product: Obj, vendor: VendorId, vendorProductId: string, url: string, profile: BackcountryProfile): LiveOffer {
  const fields = requireStatedOffer(liveFields(product, profile.currency));
  return { vendor, vendorProductId, url, ...fields, shipping: null, fetchedAt: new Date().toISOString() };
}
