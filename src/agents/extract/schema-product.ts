import type { Availability } from '../../domain/live.js';
import type { Money, Rating, Review } from '../../domain/product.js';

/**
 * One normalized view of a schema.org product, whichever markup the page used
 * (JSON-LD or microdata). Values the page does not state stay null or empty.
 */
export interface SchemaOffer {
  sku: string | null;
  /** The offer's (or variant's) name: on evo and backcountry, the size. */
  name: string | null;
  /** A variant's `size` when stated (ProductGroup variants). */
  size: string | null;
  price: number | null;
  priceCurrency: string | null;
  availability: Availability;
  gtin: string | null;
  shipping: SchemaShipping | null;
}

export interface SchemaShipping {
  /** What shipping this item costs (shippingRate). */
  rate: Money | null;
  transitDaysMin: number | null;
  transitDaysMax: number | null;
}

export interface SchemaRating {
  value: number;
  /** The scale's top (bestRating); schema.org's own default is 5. */
  best: number;
  count: number | null;
}

export interface SchemaProduct {
  source: 'json-ld' | 'microdata';
  type: 'Product' | 'ProductGroup';
  name: string | null;
  brand: string | null;
  description: string | null;
  images: string[];
  url: string | null;
  sku: string | null;
  mpn: string | null;
  gtin: string | null;
  /** ProductGroup's productGroupID. */
  productGroupId: string | null;
  /** One per offer; for a ProductGroup, one per variant. */
  offers: SchemaOffer[];
  /** An AggregateOffer's range when the page gives one. */
  priceRange: { low: number | null; high: number | null; currency: string | null } | null;
  rating: SchemaRating | null;
  reviews: Review[];
}

/** The page's rating on a 5-star scale with its count, or null when either is missing. */
export function toRating(r: SchemaRating | null): Rating | null {
  if (!r || r.count === null || r.best <= 0) return null;
  const average = Math.round((r.value / r.best) * 5 * 100) / 100;
  return { average, count: r.count };
}

/** Lowest offer price (preferring offers one can buy), with its currency. */
export function lowestOffer(p: Pick<SchemaProduct, 'offers' | 'priceRange'>, buyableOnly = false): Money | null {
  const priced = p.offers.filter(
    (o) => o.price !== null && (!buyableOnly || o.availability === 'IN_STOCK' || o.availability === 'LOW_STOCK'),
  );
  const best = priced.reduce<SchemaOffer | null>((m, o) => (m === null || (o.price ?? 0) < (m.price ?? 0) ? o : m), null);
  if (best?.price != null && best.priceCurrency) return { amount: best.price, currencyCode: best.priceCurrency };
  if (!buyableOnly && p.priceRange?.low != null && p.priceRange.currency) {
    return { amount: p.priceRange.low, currencyCode: p.priceRange.currency };
  }
  return null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "2019-02-22", "2019-02-22T10:00:00Z" or "February 22, 2019" → "2019-02-22"; anything else → null. */
export function toIsoDate(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const long = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(t);
  if (long) {
    const month = MONTHS.indexOf((long[1] ?? '').toLowerCase());
    if (month < 0) return null;
    return `${long[3]}-${String(month + 1).padStart(2, '0')}-${(long[2] ?? '').padStart(2, '0')}`;
  }
  return null;
}

/** Collapse whitespace as a browser renders it; empty → null. */
export function cleanText(text: string | null | undefined): string | null {
  if (text == null) return null;
  const t = text.replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}
