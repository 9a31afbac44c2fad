import type { CheerioAPI } from 'cheerio';
import type { Review } from '../../domain/product.js';
import { parseAmount, parseAvailability } from './money.js';
import { ratingFromJson } from './review-fields.js';
import { cleanText, toIsoDate, type SchemaOffer, type SchemaProduct, type SchemaRating, type SchemaShipping } from './schema-product.js';

/** JSON-LD (`<script type="application/ld+json">`) → SchemaProduct. */

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** Whether a node's @type (string or array, bare or as a schema.org URL) names `type`. */
export function hasType(node: Node, type: string): boolean {
  return asArray(node['@type']).some((t) => typeof t === 'string' && t.replace(/^.*[/:]/, '') === type);
}

/** Every JSON object in the page's JSON-LD blocks, flattening arrays and @graph. Blocks that do not parse are skipped. */
export function jsonLdNodes($: CheerioAPI): Node[] {
  const out: Node[] = [];
  const visit = (v: unknown): void => {
    for (const item of asArray(v)) {
      if (!isNode(item)) continue;
      out.push(item);
      if (item['@graph'] !== undefined) visit(item['@graph']);
    }
  };
  $('script[type="application/ld+json"]').each((_, el) => {
    const raw = $(el).text().trim();
    if (!raw) return;
    try {
      visit(JSON.parse(raw));
    } catch {
      // A broken block is the page's problem; other blocks may still hold the product.
    }
  });
  return out;
}

/** The page's product in JSON-LD: a ProductGroup first (it carries the variants), else the first Product. */
export function readJsonLdProduct($: CheerioAPI): SchemaProduct | null {
  const node = productNode(jsonLdNodes($));
  return node ? fromNode(node) : null;
}

const str = (v: unknown): string | null =>
  typeof v === 'string' ? cleanText(v) : typeof v === 'number' ? String(v) : null;

function nameOf(v: unknown): string | null {
  const first = asArray(v)[0];
  return isNode(first) ? str(first['name']) : str(first);
}

function imagesOf(v: unknown): string[] {
  return asArray(v)
    .map((i) => (isNode(i) ? str(i['url']) ?? str(i['contentUrl']) : str(i)))
    .filter((u): u is string => u !== null);
}

const gtinOf = (n: Node): string | null =>
  str(n['gtin13']) ?? str(n['gtin']) ?? str(n['gtin12']) ?? str(n['gtin14']) ?? str(n['gtin8']);

function shippingOf(v: unknown): SchemaShipping | null {
  const s = asArray(v).find(isNode);
  if (!s) return null;
  const rate = asArray(s['shippingRate']).find(isNode);
  const transit = isNode(s['deliveryTime']) ? asArray(s['deliveryTime']['transitTime']).find(isNode) : undefined;
  // shippingRate.value 0 is a stated free shipping, not a placeholder: read it as is.
  const value = rate ? Number(rate['value']) : NaN;
  const currency = rate ? str(rate['currency']) : null;
  const days = (k: string): number | null => {
    const d = transit ? Number(transit[k]) : NaN;
    return Number.isFinite(d) ? d : null;
  };
  return {
    rate: Number.isFinite(value) && value >= 0 && currency ? { amount: value, currencyCode: currency } : null,
    transitDaysMin: days('minValue'),
    transitDaysMax: days('maxValue'),
  };
}

function offerOf(o: Node, variant?: Node): SchemaOffer {
  const spec = asArray(o['priceSpecification']).find(isNode);
  return {
    sku: str(variant?.['sku']) ?? str(o['sku']),
    name: str(o['name']) ?? str(variant?.['name']),
    size: variant ? nameOf(variant['size']) : null,
    price: parseAmount(o['price']) ?? (spec ? parseAmount(spec['price']) : null),
    priceCurrency: str(o['priceCurrency']) ?? (spec ? str(spec['priceCurrency']) : null),
    availability: parseAvailability(o['availability']),
    gtin: (variant ? gtinOf(variant) : null) ?? gtinOf(o),
    shipping: shippingOf(o['shippingDetails']),
  };
}

function offersOf(v: unknown): { offers: SchemaOffer[]; range: SchemaProduct['priceRange'] } {
  const offers: SchemaOffer[] = [];
  let range: SchemaProduct['priceRange'] = null;
  for (const o of asArray(v).filter(isNode)) {
    if (hasType(o, 'AggregateOffer')) {
      range = { low: parseAmount(o['lowPrice']), high: parseAmount(o['highPrice']), currency: str(o['priceCurrency']) };
      offers.push(...offersOf(o['offers']).offers);
    } else offers.push(offerOf(o));
  }
  return { offers, range };
}

function ratingOf(v: unknown): SchemaRating | null {
  const r = asArray(v).find(isNode);
  const value = r ? Number(r['ratingValue']) : NaN;
  if (!r || !Number.isFinite(value)) return null;
  const best = Number(r['bestRating'] ?? 5);
  const count = Number(r['reviewCount'] ?? r['ratingCount']);
  return { value, best: Number.isFinite(best) && best > 0 ? best : 5, count: Number.isFinite(count) ? count : null };
}

function reviewRatingOf(v: unknown): number | null {
  if (typeof v === 'number' || typeof v === 'string') return ratingFromJson(v);
  const rating = ratingOf(v);
  return rating ? Math.round((rating.value / rating.best) * 5 * 10) / 10 : null;
}

function reviewsOf(v: unknown): Review[] {
  const out: Review[] = [];
  for (const r of asArray(v).filter(isNode)) {
    const body = str(r['reviewBody']) ?? str(r['description']) ?? str(r['text']);
    if (!body) continue;
    out.push({
      author: nameOf(r['author']),
      rating: reviewRatingOf(r['reviewRating']),
      title: str(r['name']) ?? str(r['headline']),
      body,
      date: toIsoDate(str(r['datePublished']) ?? str(r['dateCreated'])),
    });
  }
  return out;
}

const REVIEW_TYPES = ['Review', 'UserReview', 'CriticReview'];

/** The page's product node: a ProductGroup first (it carries the variants), else the first Product. */
function productNode(nodes: Node[]): Node | undefined {
  return nodes.find((n) => hasType(n, 'ProductGroup')) ?? nodes.find((n) => hasType(n, 'Product'));
}

/** Whether a stand-alone Review node reviews `product` (by @id or name), or names no item at all. */
function reviewsProduct(review: Node, product: Node): boolean {
  const item = asArray(review['itemReviewed']).find(isNode);
  if (!item) return review['itemReviewed'] === undefined;
  if (item['@id'] !== undefined) return item['@id'] === product['@id'];
  return str(item['name']) !== null && str(item['name']) === str(product['name']);
}

/**
 * Every schema.org review of the page's product in its JSON-LD (also in @graph): the product's
 * `review` (and the older `reviews`), its variants' (ProductGroup `hasVariant`), and stand-alone
 * Review nodes that review it. A review without text is none. Order as the page gives them.
 */
export function jsonLdReviews($: CheerioAPI): Review[] {
  const nodes = jsonLdNodes($);
  const product = productNode(nodes);
  if (!product) return [];
  const variants = asArray(product['hasVariant']).filter(isNode);
  return [
    ...[product, ...variants].flatMap((n) => [...reviewsOf(n['review']), ...reviewsOf(n['reviews'])]),
    ...reviewsOf(nodes.filter((n) => REVIEW_TYPES.some((t) => hasType(n, t)) && reviewsProduct(n, product))),
  ];
}

function fromNode(n: Node): SchemaProduct {
  const isGroup = hasType(n, 'ProductGroup');
  const { offers, range } = offersOf(n['offers']);
  if (isGroup) {
    // Each variant is a Product with its own offer(s): one SchemaOffer per variant offer.
    for (const variant of asArray(n['hasVariant']).filter(isNode)) {
      for (const o of asArray(variant['offers']).filter(isNode)) offers.push(offerOf(o, variant));
    }
  }
  return {
    source: 'json-ld',
    type: isGroup ? 'ProductGroup' : 'Product',
    name: str(n['name']),
    brand: nameOf(n['brand']),
    description: str(n['description']),
    images: imagesOf(n['image']),
    url: str(n['url']),
    sku: str(n['sku']),
    mpn: str(n['mpn']),
    gtin: gtinOf(n),
    productGroupId: str(n['productGroupID']),
    offers,
    priceRange: range,
    rating: ratingOf(n['aggregateRating']),
    reviews: reviewsOf(n['review']),
  };
}
