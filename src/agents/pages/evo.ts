import { load, type CheerioAPI } from 'cheerio';
import { overallAvailability, stockOf, type Availability, type LiveOffer, type Shipping, type SizeStock } from '../../domain/live.js';
import type { Category, Money, VendorId, VendorProductRecord } from '../../domain/product.js';
import {
  cleanText, discountPercent, extractSchemaProduct, listPriceFor, lowestOffer, money, parseFreeShippingThreshold,
  parsePriceText, readCards, readPageReviews, readRows, toRating, type Card, type SchemaOffer, type SchemaProduct,
} from '../extract/index.js';
import { lastPathSegment } from '../extract/cards.js';
import type { EvoProfile } from '../sites/profile.js';
import { genderOf, parseYear } from '../../domain/titles.js';
import { MalformedBodyError } from '../vendor-client.js';
import { requireStatedOffer } from './offer-check.js';

/** Readers of evo's pages (pure: HTML in, data out). They throw MalformedBodyError for a page that is not evo's. */

/** A page cut short or not HTML at all cannot be trusted, even when it happens to hold no cards. */
function loadHtml(html: string): CheerioAPI {
  if (!/<html[\s>]/i.test(html) || !/<\/html>\s*$/i.test(html)) throw new MalformedBodyError('not a complete HTML document');
  return load(html);
}

export interface EvoListingPage {
  cards: Card[];
  hasNext: boolean;
}

/** One listing page: its product cards and whether a next page exists. */
export function readEvoListing(html: string, profile: EvoProfile): EvoListingPage {
  const $ = loadHtml(html);
  const cards = readCards($, profile.listing.cards).filter((c) => c.id !== null && c.href !== null);
  return { cards, hasNext: cards.length > 0 && $(profile.listing.nextPage).length > 0 };
}

interface EvoPage {
  $: CheerioAPI;
  schema: SchemaProduct;
  title: string;
}

function readPage(html: string, profile: EvoProfile, url: string): EvoPage {
  const $ = loadHtml(html);
  const schema = extractSchemaProduct($, url);
  const title = cleanText($(profile.product.title).first().text()) ?? schema?.name ?? null;
  if (!schema || !title) throw new MalformedBodyError('no schema.org Product or title on the product page');
  return { $, schema, title };
}

/** The sizes as the page lists them, with whether each can be bought. */
function readSizes($: CheerioAPI, profile: EvoProfile): { size: string; unavailable: boolean }[] {
  const s = profile.product.sizes;
  return $(s.item)
    .toArray()
    .map((el) => ({ size: cleanText($(el).find(s.text).first().text()) ?? '', unavailable: $(el).hasClass(s.unavailableClass) }))
    .filter((x) => x.size !== '');
}

/** Category a product URL's first path segment names; `/outlet/…` names none. */
export function evoCategoryFromUrl(url: string, profile: EvoProfile): Category | null {
  const first = new URL(url, 'http://x').pathname.split('/').filter(Boolean)[0] ?? '';
  return profile.productPathCategories[first] ?? null;
}

/**
 * A full product page → VendorProductRecord (static data plus the crawl's price). Its reviews are every
 * review text the page carries (extract/reviews.ts). A page that names no brand is MALFORMED: a
 * product nobody can name is a failed page, never a product.
 */
export function readEvoProduct(html: string, url: string, vendor: VendorId, profile: EvoProfile): VendorProductRecord {
  const { $, schema, title } = readPage(html, profile, url);
  if (!schema.brand) throw new MalformedBodyError('no brand on the product page');
  const specs = readRows($, profile.product.specs);
  const sizes = readSizes($, profile).map((s) => s.size);
  const rv = profile.product.reviews;
  const snippetCount = parseInt(cleanText($(rv.count).first().text()) ?? '', 10);
  const snippetAvg = Number(cleanText($(rv.average).first().text()) ?? NaN);
  const rating =
    toRating(schema.rating) ??
    ($(rv.snippet).length > 0 && Number.isFinite(snippetAvg) && snippetCount > 0 ? { average: snippetAvg, count: snippetCount } : null);
  const price = lowestOffer(schema);
  return {
    vendor,
    vendorProductId: lastPathSegment(url) ?? url,
    url,
    title,
    brand: schema.brand,
    category: evoCategoryFromUrl(url, profile),
    gender: genderOf(title, specs),
    year: parseYear(title, profile.titleStyle.yearAt),
    description: schema.description,
    images: schema.images,
    specs,
    features: readRows($, profile.product.features),
    sizes: sizes.length > 0 ? sizes : schema.offers.map((o) => o.name).filter((n): n is string => n !== null),
    rating,
    reviews: readPageReviews($),
    price,
    listPrice: printedListPrice($, schema, profile, price),
    gtin: schema.gtin ?? schema.offers.find((o) => o.gtin)?.gtin ?? null,
    mpn: schema.mpn,
    fetchedAt: new Date().toISOString(),
  };
}

const currencyOf = (schema: SchemaProduct, price: Money | null): string | null =>
  price?.currencyCode ?? schema.offers.find((o) => o.priceCurrency)?.priceCurrency ?? null;

/**
 * The regular price the page prints (`.pdp-price-regular`, the lowest list price over sizes), or null
 * when it prints none. Below `price` it is another size's list price, not this offer's: null then too.
 */
function printedListPrice($: CheerioAPI, schema: SchemaProduct, profile: EvoProfile, price: Money | null): Money | null {
  const regular = parsePriceText($(profile.product.listPrice).first().text()).list;
  return money(listPriceFor(price?.amount ?? null, regular), currencyOf(schema, price));
}

function readShipping($: CheerioAPI, schema: SchemaProduct, profile: EvoProfile, currency: string | null): Shipping | null {
  const details = schema.offers.find((o) => o.shipping)?.shipping ?? null;
  const threshold = parseFreeShippingThreshold($(profile.product.shippingMessage).first().text());
  if (!details && threshold === null) return null;
  return {
    cost: details?.rate ?? null,
    freeShippingThreshold: money(threshold, currency),
    estimatedDaysMin: details?.transitDaysMin ?? null,
    estimatedDaysMax: details?.transitDaysMax ?? null,
  };
}

/** A size tile: its label, and whether the page marks it unavailable. */
type EvoSizeTile = ReturnType<typeof readSizes>[number];

/**
 * One size's stock as the page states it: the JSON-LD offer's availability when it gives one,
 * else the size tile: marked unavailable → false. An unmarked tile is not "in stock" (a backorder
 * size is unmarked too), so it says nothing: null.
 */
function sizeStock(offer: SchemaOffer | undefined, tile: EvoSizeTile | undefined): boolean | null {
  return stockOf(offer?.availability ?? 'UNKNOWN') ?? (tile?.unavailable ? false : null);
}

/** The offers' overall availability; when they state none, OUT_OF_STOCK if every size tile is marked unavailable. */
function evoAvailability(schema: SchemaProduct, sizes: SizeStock[]): Availability {
  const stated = overallAvailability(schema.offers.map((o) => o.availability));
  return stated === 'UNKNOWN' && sizes.length > 0 && sizes.every((s) => s.inStock === false) ? 'OUT_OF_STOCK' : stated;
}

/**
 * A product page → LiveOffer: offers per size (price, availability), list price, shipping. evo states
 * no quantities. A page that states neither a price nor any availability (its offer markup gone) is
 * not an offer: MalformedBodyError.
 */
export function readEvoOffer(html: string, url: string, vendor: VendorId, vendorProductId: string, profile: EvoProfile): LiveOffer {
  const { $, schema } = readPage(html, profile, url);
  const offerBySize = new Map(schema.offers.map((o) => [o.name ?? o.size ?? '', o]));
  const tiles = readSizes($, profile);
  const names = tiles.length > 0 ? tiles.map((s) => s.size) : [...offerBySize.keys()].filter(Boolean);
  const sizes: SizeStock[] = names.map((size, i) => ({ size, inStock: sizeStock(offerBySize.get(size), tiles[i]), quantity: null }));
  const price = lowestOffer(schema, true) ?? lowestOffer(schema);
  const currency = currencyOf(schema, price);
  const listPrice = printedListPrice($, schema, profile, price);
  return requireStatedOffer({
    vendor,
    vendorProductId,
    url,
    price,
    listPrice,
    discountPercent: discountPercent(price?.amount ?? null, listPrice?.amount ?? null),
    availability: evoAvailability(schema, sizes),
    sizes,
    shipping: readShipping($, schema, profile, currency),
    fetchedAt: new Date().toISOString(),
  });
}
