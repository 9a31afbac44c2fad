import type { Money } from '../domain/product.js';
import type { LiveOfferView } from './types.js';

type Loaded = LiveOfferView | null | Error;

/** Price plus the shipping the retailer states (unknown shipping counts as 0 only for ordering). */
function total(offer: LiveOfferView): number {
  return (offer.price?.amount ?? Number.POSITIVE_INFINITY) + (offer.shipping?.cost?.amount ?? 0);
}

function isInStock(offer: LiveOfferView): boolean {
  return offer.availability === 'IN_STOCK' || offer.availability === 'LOW_STOCK';
}

/** The offers that loaded, cheapest total first (errors and missing offers dropped, never filled in). */
export function sortOffersByTotal(loaded: readonly Loaded[]): LiveOfferView[] {
  return loaded
    .filter((o): o is LiveOfferView => o !== null && !(o instanceof Error))
    .sort((a, b) => total(a) - total(b) || a.vendor.localeCompare(b.vendor));
}

/** The in-stock offer with a price and the lowest total, or null. */
export function bestOffer(loaded: readonly Loaded[]): LiveOfferView | null {
  return sortOffersByTotal(loaded).find((o) => isInStock(o) && o.price !== null) ?? null;
}

/** Lowest and highest live price across retailers, or null when no retailer gave a price. */
export function priceRange(loaded: readonly Loaded[]): { min: Money; max: Money } | null {
  const prices = sortOffersByTotal(loaded)
    .map((o) => o.price)
    .filter((p): p is Money => p !== null)
    .sort((a, b) => a.amount - b.amount);
  const min = prices[0];
  const max = prices.at(-1);
  return min && max ? { min, max } : null;
}
