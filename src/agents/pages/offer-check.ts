import type { LiveOffer } from '../../domain/live.js';
import { MalformedBodyError } from '../vendor-client.js';

/** Why a light-agent read that states nothing is a failure: the message every offer reader throws with. */
export const UNREADABLE_OFFER = 'unreadable offer: the page states neither a price nor any availability';

type OfferFacts = Pick<LiveOffer, 'price' | 'availability' | 'sizes'>;

/** True when a read states no price and no availability at all (overall or for any size). */
export function statesNothing(offer: OfferFacts): boolean {
  return offer.price === null && offer.availability === 'UNKNOWN' && offer.sizes.every((s) => s.inStock === null);
}

/**
 * `offer` unchanged when it states a price or some availability. Otherwise it is not an offer
 * (a changed layout, a bot wall, an empty body): MalformedBodyError, so the vendor client reports
 * MALFORMED and the retailer's breaker counts it, and nothing is cached as data.
 */
export function requireStatedOffer<T extends OfferFacts>(offer: T): T {
  if (statesNothing(offer)) throw new MalformedBodyError(UNREADABLE_OFFER);
  return offer;
}
