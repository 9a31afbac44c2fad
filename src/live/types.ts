import type { LiveOffer, NegativeEntry, VendorErrorKind, VendorStatusCode } from '../domain/live.js';
import type { Listing, VendorId } from '../domain/product.js';

export type { NegativeEntry };

/** A live offer as served: `stale` when it is past the live TTL (within the stale grace). */
export type LiveOfferView = LiveOffer & { stale: boolean };

/** How one retailer (or one of its listings) answered this request. */
export interface VendorStatus {
  vendor: VendorId;
  status: VendorStatusCode;
  /** Why, when not plainly OK (the failure, or how old a stale offer is). */
  message: string | null;
}

export interface LiveMarketResult {
  /** By listing key (`<vendor>:<vendorProductId>`); a listing without an offer is absent. */
  offers: Map<string, LiveOfferView>;
  /** One per retailer in the request: its most severe listing status. */
  statuses: Map<VendorId, VendorStatus>;
  /** One per listing key, so a caller can tell "not found at the retailer" from "retailer failed". */
  listingStatuses: Map<string, VendorStatus>;
}

/** A price or stock change seen by a live fetch, for subscriptions. */
export interface OfferChange {
  vendor: VendorId;
  vendorProductId: string;
  offer: LiveOffer;
  previous: LiveOffer;
}

/** One listing a retailer batch read, for subscriptions and price history: what the live tier held before, and the answer. */
export interface ObservedListing {
  listing: Listing;
  previous: LiveOffer | null;
  outcome: FetchOutcome;
}

/** The outcome of one listing's fetch, shared by every request that joined it. */
export type FetchOutcome =
  | { kind: 'offer'; offer: LiveOffer }
  | { kind: 'failure'; failure: VendorErrorKind; message: string };

/** The key of a listing in results and loaders: `<vendor>:<vendorProductId>`. */
export function listingKey(listing: Pick<Listing, 'vendor' | 'vendorProductId'>): string {
  return `${listing.vendor}:${listing.vendorProductId}`;
}
