import type { VendorErrorKind } from '../agents/types.js';
import type { LiveOffer, VendorStatusCode } from '../domain/live.js';
import type { VendorId } from '../domain/product.js';
import type { NegativeEntry, VendorStatus } from './types.js';

/** Freshness rules of the live tier, from Config.ttl. */
export interface LiveTtl {
  liveSeconds: number;
  liveStaleGraceSeconds: number;
  liveNegativeSeconds: number;
}

/** What a cached live entry means for a request right now. */
export type CachedState =
  | { state: 'fresh'; offer: LiveOffer }
  | { state: 'stale'; offer: LiveOffer; ageSeconds: number }
  | { state: 'miss' };

/**
 * Judge a cached offer by its `fetchedAt`: fresh within the live TTL, stale within the
 * grace after it (never when the grace is 0), a miss past that or when unreadable.
 */
export function judgeOffer(offer: LiveOffer | null, ttl: LiveTtl, nowMs: number): CachedState {
  if (!offer) return { state: 'miss' };
  const fetchedMs = Date.parse(offer.fetchedAt);
  if (Number.isNaN(fetchedMs)) return { state: 'miss' };
  const ageSeconds = Math.max(0, (nowMs - fetchedMs) / 1000);
  if (ageSeconds < ttl.liveSeconds) return { state: 'fresh', offer };
  if (ageSeconds < ttl.liveSeconds + ttl.liveStaleGraceSeconds) return { state: 'stale', offer, ageSeconds };
  return { state: 'miss' };
}

/**
 * True when a NOT_FOUND answer is the listing's latest word about it: the retailer no longer
 * sells it, so no offer may be served, however fresh or stale. Only an offer fetched after the
 * 404 (the product came back) wins over it.
 */
export function delistedBy(offer: LiveOffer | null, negative: NegativeEntry | null): boolean {
  if (negative?.kind !== 'NOT_FOUND') return false;
  if (!offer) return true;
  return !(Date.parse(offer.fetchedAt) > Date.parse(negative.failedAt));
}

/** The status a retailer's error kind shows as. NOT_FOUND is an answer, a status of its own: the retailer no longer lists it. */
export function statusOfKind(kind: VendorErrorKind): VendorStatusCode {
  switch (kind) {
    case 'TIMEOUT':
      return 'TIMEOUT';
    case 'CIRCUIT_OPEN':
      return 'CIRCUIT_OPEN';
    case 'NOT_FOUND':
      return 'NOT_FOUND';
    case 'ERROR':
    case 'MALFORMED':
      return 'ERROR';
  }
}

/** The message shown for a failure: the kind first, so MALFORMED stays visible under ERROR. */
export function failureMessage(kind: VendorErrorKind, message: string): string {
  return `${kind}: ${message}`;
}

/** True when what a shopper sees changed: price, list price, availability or any size's stock. */
export function offerChanged(previous: LiveOffer, next: LiveOffer): boolean {
  const money = (m: LiveOffer['price']) => (m ? `${m.amount} ${m.currencyCode}` : null);
  if (money(previous.price) !== money(next.price)) return true;
  if (money(previous.listPrice) !== money(next.listPrice)) return true;
  if (previous.availability !== next.availability) return true;
  // true, false and null (unknown) are three different things to show.
  const stock = (o: LiveOffer) =>
    o.sizes
      .map((s) => `${s.size}=${s.inStock === null ? 'unknown' : s.inStock}:${s.quantity ?? ''}`)
      .sort()
      .join('|');
  return stock(previous) !== stock(next);
}

// Which status wins when a retailer's listings disagree: the one a shopper must know about.
// NOT_FOUND is the mildest: a sibling listing the retailer dropped says nothing about the offer
// another listing shows (OK, STALE) or failed to get (TIMEOUT, ERROR, CIRCUIT_OPEN); a retailer
// shows NOT_FOUND only when it lists none of the product's listings any more.
const SEVERITY: Record<VendorStatusCode, number> = { NOT_FOUND: 0, OK: 1, STALE: 2, TIMEOUT: 3, ERROR: 4, CIRCUIT_OPEN: 5 };

/** Per retailer, the most severe of its listings' statuses (first message among equals). */
export function aggregateStatuses(listingStatuses: Iterable<VendorStatus>): Map<VendorId, VendorStatus> {
  const out = new Map<VendorId, VendorStatus>();
  for (const s of listingStatuses) {
    const current = out.get(s.vendor);
    if (!current || SEVERITY[s.status] > SEVERITY[current.status] || (current.message === null && s.status === current.status)) {
      out.set(s.vendor, { ...s });
    }
  }
  return out;
}
