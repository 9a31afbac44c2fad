import { stockOf, type LiveOffer } from '../domain/live.js';
import type { Money } from '../domain/product.js';

/**
 * Pure core of the subscriptions: what a live read says changed, and whether an alert's criteria
 * fire on it. No I/O; the publisher, the subscriptions and the saved alerts all decide here.
 */

export const OFFER_CHANGE_KINDS = ['PRICE_DROP', 'PRICE_RISE', 'BACK_IN_STOCK', 'OUT_OF_STOCK', 'SIZE_STOCK', 'DELISTED'] as const;
export type OfferChangeKind = (typeof OFFER_CHANGE_KINDS)[number];

export interface ListingChange {
  kind: OfferChangeKind;
  /** SIZE_STOCK: the size whose stock flipped; null for the other kinds. */
  size: string | null;
}

/**
 * What changed between the offer a shopper saw and the one just read (null: the retailer no
 * longer lists it). Stock changes are only between states the retailer stated: an UNKNOWN
 * availability (or a size it does not mark) is never "back in stock" nor "out of stock".
 */
export function classifyOfferChange(previous: LiveOffer, next: LiveOffer | null): ListingChange[] {
  if (!next) return [{ kind: 'DELISTED', size: null }];
  const changes: ListingChange[] = [];
  const before = previous.price;
  const after = next.price;
  if (before && after && before.currencyCode === after.currencyCode && before.amount !== after.amount) {
    changes.push({ kind: after.amount < before.amount ? 'PRICE_DROP' : 'PRICE_RISE', size: null });
  }
  const was = stockOf(previous.availability);
  const is = stockOf(next.availability);
  if (was === false && is === true) changes.push({ kind: 'BACK_IN_STOCK', size: null });
  if (was === true && is === false) changes.push({ kind: 'OUT_OF_STOCK', size: null });
  const sizesBefore = new Map(previous.sizes.map((s) => [s.size, s.inStock]));
  for (const size of next.sizes) {
    const old = sizesBefore.get(size.size);
    if (old !== undefined && old !== null && size.inStock !== null && old !== size.inStock) changes.push({ kind: 'SIZE_STOCK', size: size.size });
  }
  return changes;
}

/** What a price alert asks for (a subscription's arguments or a saved alert). */
export interface AlertCriteria {
  /** Fires at or under this price (same currency). */
  maxPrice: Money | null;
  /** Fires on a drop of at least this many percent from the previous price. */
  minDropPercent: number | null;
  /** Only this size, which must be in stock; null = the offer as a whole. */
  size: string | null;
}

/** In stock as the retailer states it (the size, when one is asked for): never for unknown. */
export function inStockFor(offer: LiveOffer, size: string | null): boolean {
  if (size === null) return stockOf(offer.availability) === true;
  return offer.sizes.some((s) => s.size === size && s.inStock === true) && stockOf(offer.availability) !== false;
}

function withinPrice(offer: LiveOffer, maxPrice: Money | null): boolean {
  if (!maxPrice) return true;
  return offer.price !== null && offer.price.currencyCode === maxPrice.currencyCode && offer.price.amount <= maxPrice.amount;
}

/** The drop from `previous` to `next` in percent (> 0 a drop), or null when either has no price or currencies differ. */
export function dropPercent(previous: Money | null, next: Money | null): number | null {
  if (!previous || !next || previous.currencyCode !== next.currencyCode || previous.amount <= 0) return null;
  return ((previous.amount - next.amount) / previous.amount) * 100;
}

/**
 * Whether this change fires the alert, once per change: with `minDropPercent`, when the new offer
 * (size) is in stock, within `maxPrice`, and the price fell at least that share; otherwise when
 * the offer (size) is now in stock within `maxPrice` and was not before (a price come down to
 * the limit, or a size back in stock). A delisted offer never fires.
 */
export function alertFires(criteria: AlertCriteria, previous: LiveOffer, next: LiveOffer | null): boolean {
  if (!next || !inStockFor(next, criteria.size) || !withinPrice(next, criteria.maxPrice)) return false;
  if (criteria.minDropPercent !== null) {
    const drop = dropPercent(previous.price, next.price);
    return drop !== null && drop > 0 && drop + 1e-9 >= criteria.minDropPercent;
  }
  return !(inStockFor(previous, criteria.size) && withinPrice(previous, criteria.maxPrice));
}
