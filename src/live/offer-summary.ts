import { stockOf } from '../domain/live.js';
import type { Money } from '../domain/product.js';
import type { LiveOfferView } from './types.js';

type Loaded = LiveOfferView | null | Error;

/**
 * Order offers by price; at an equal price, the lower stated shipping cost first and unknown
 * shipping last. Shipping a retailer does not state is never taken as free.
 */
function compareOffers(a: LiveOfferView, b: LiveOfferView): number {
  const price = (o: LiveOfferView) => o.price?.amount ?? Number.POSITIVE_INFINITY;
  const shipping = (o: LiveOfferView) => o.shipping?.cost?.amount ?? Number.POSITIVE_INFINITY;
  return price(a) - price(b) || shipping(a) - shipping(b) || a.vendor.localeCompare(b.vendor);
}

/** In stock (or low stock) at this retailer. */
export function isInStock(offer: LiveOfferView): boolean {
  return stockOf(offer.availability) === true;
}

/** The retailer says it cannot be bought now: out of stock, or on backorder (it ships later, not now). */
export function isKnownNotInStock(offer: LiveOfferView): boolean {
  return stockOf(offer.availability) === false;
}

/** The offers that loaded, cheapest first (errors and missing offers dropped, never filled in). */
export function sortOffers(loaded: readonly Loaded[]): LiveOfferView[] {
  return loaded.filter((o): o is LiveOfferView => o !== null && !(o instanceof Error)).sort(compareOffers);
}

/**
 * The cheapest priced offer known to be in stock; when no retailer says it is in stock, the
 * cheapest priced offer whose stock is unknown; never one the retailer says is out of stock or
 * on backorder. null when none qualifies.
 */
export function bestOffer(loaded: readonly Loaded[]): LiveOfferView | null {
  const priced = sortOffers(loaded).filter((o) => o.price !== null);
  return priced.find(isInStock) ?? priced.find((o) => stockOf(o.availability) === null) ?? null;
}

/**
 * Whether the product can be bought now at some retailer that answered: true when some offer is in
 * stock; false only when every offer (at least one) says out of stock or backorder; null otherwise
 * (no offers, or some unknown and none in stock).
 */
export function productInStock(loaded: readonly Loaded[]): boolean | null {
  const offers = sortOffers(loaded);
  if (offers.some(isInStock)) return true;
  return offers.length > 0 && offers.every(isKnownNotInStock) ? false : null;
}

/** Lowest and highest live price across retailers, or null when no retailer gave a price. */
export function priceRange(loaded: readonly Loaded[]): { min: Money; max: Money } | null {
  const prices = sortOffers(loaded)
    .map((o) => o.price)
    .filter((p): p is Money => p !== null)
    .sort((a, b) => a.amount - b.amount);
  const min = prices[0];
  const max = prices.at(-1);
  return min && max ? { min, max } : null;
}
