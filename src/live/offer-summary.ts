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
  return offer.availability === 'IN_STOCK' || offer.availability === 'LOW_STOCK';
}

/** The offers that loaded, cheapest first (errors and missing offers dropped, never filled in). */
export function sortOffers(loaded: readonly Loaded[]): LiveOfferView[] {
  return loaded.filter((o): o is LiveOfferView => o !== null && !(o instanceof Error)).sort(compareOffers);
}

/** The cheapest in-stock offer with a price, or null. */
export function bestOffer(loaded: readonly Loaded[]): LiveOfferView | null {
  return sortOffers(loaded).find((o) => isInStock(o) && o.price !== null) ?? null;
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
