import type { Money, VendorId } from './product.js';

export const AVAILABILITIES = ['IN_STOCK', 'LOW_STOCK', 'OUT_OF_STOCK', 'BACKORDER', 'UNKNOWN'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export interface SizeStock {
  size: string;
  inStock: boolean;
  /** Units on hand, only when the retailer tells. */
  quantity: number | null;
}

export interface Shipping {
  cost: Money | null;
  freeShippingThreshold: Money | null;
  estimatedDaysMin: number | null;
  estimatedDaysMax: number | null;
}

/** Live price and stock of one listing, as one light agent read it. */
export interface LiveOffer {
  vendor: VendorId;
  vendorProductId: string;
  url: string;
  price: Money | null;
  listPrice: Money | null;
  discountPercent: number | null;
  availability: Availability;
  sizes: SizeStock[];
  /** null when the retailer does not state shipping. */
  shipping: Shipping | null;
  fetchedAt: string;
}

export const VENDOR_STATUSES = ['OK', 'STALE', 'TIMEOUT', 'ERROR', 'CIRCUIT_OPEN'] as const;
export type VendorStatusCode = (typeof VENDOR_STATUSES)[number];

/**
 * Why a retailer call failed. NOT_FOUND is an answer (a category or product the
 * retailer lacks) and never trips a circuit breaker; the others do.
 */
export const VENDOR_ERROR_KINDS = ['TIMEOUT', 'ERROR', 'MALFORMED', 'CIRCUIT_OPEN', 'NOT_FOUND'] as const;
export type VendorErrorKind = (typeof VENDOR_ERROR_KINDS)[number];

/**
 * What the live tier remembers about a failed fetch: its status only, never data,
 * for `ttl.liveNegativeSeconds`, so a failing retailer is not called on every request.
 */
export interface NegativeEntry {
  kind: VendorErrorKind;
  message: string;
  failedAt: string;
}
