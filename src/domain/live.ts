import type { Money, VendorId } from './product.js';

export const AVAILABILITIES = ['IN_STOCK', 'LOW_STOCK', 'OUT_OF_STOCK', 'BACKORDER', 'UNKNOWN'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export interface SizeStock {
  size: string;
  /**
   * Whether this size can be bought now, as the retailer states it: false only when it says so
   * (out of stock, backorder, marked unavailable); null when it does not say.
   */
  inStock: boolean | null;
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

/**
 * What an availability says about buying now: true in (or low) stock, false out of stock or on
 * backorder (it ships later, so it is not in stock now), null when unknown: never false for "unknown".
 */
export function stockOf(availability: Availability): boolean | null {
  if (availability === 'IN_STOCK' || availability === 'LOW_STOCK') return true;
  if (availability === 'OUT_OF_STOCK' || availability === 'BACKORDER') return false;
  return null;
}

/**
 * One availability for several (a product's sizes or skus): in stock when any is, else low stock
 * when any is; out of stock or backorder only when every one says it cannot be bought now (any
 * backorder makes it BACKORDER); UNKNOWN when one is unknown and none is in stock, or for none.
 */
export function overallAvailability(list: readonly Availability[]): Availability {
  if (list.includes('IN_STOCK')) return 'IN_STOCK';
  if (list.includes('LOW_STOCK')) return 'LOW_STOCK';
  if (list.length === 0 || list.includes('UNKNOWN')) return 'UNKNOWN';
  return list.includes('BACKORDER') ? 'BACKORDER' : 'OUT_OF_STOCK';
}

/** NOT_FOUND: the retailer no longer lists this product (an answer, not a fault). */
export const VENDOR_STATUSES = ['OK', 'STALE', 'TIMEOUT', 'ERROR', 'CIRCUIT_OPEN', 'NOT_FOUND'] as const;
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
