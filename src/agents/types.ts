import type { Category, Listing, VendorId, VendorProductRecord } from '../domain/product.js';
import type { LiveOffer, VendorErrorKind } from '../domain/live.js';

export type { VendorErrorKind };

export class VendorError extends Error {
  override name = 'VendorError';
  constructor(
    readonly vendor: VendorId,
    readonly kind: VendorErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface CrawlProgress {
  vendor: VendorId;
  category: Category | null;
  productsDone: number;
  productsTotal: number;
}

export interface CrawlResult {
  records: VendorProductRecord[];
  /** Pages that failed (timeouts, 5xx, unreadable bodies); a 404 category is not listed here. */
  failures: { url: string; kind: VendorErrorKind; message: string }[];
}

/** Heavy agent: reads a retailer's listings and product pages in full. Runs in the background only. */
export interface HeavyAgent {
  readonly vendor: VendorId;
  /** Every listing page of the given categories (all by default), then every product page once. */
  crawlCatalog(options?: {
    categories?: readonly Category[];
    signal?: AbortSignal;
    onProgress?: (progress: CrawlProgress) => void;
  }): Promise<CrawlResult>;
  /** One product page, read in full. */
  fetchProduct(url: string, options?: { signal?: AbortSignal }): Promise<VendorProductRecord>;
}

/** Options of a light agent's search-miss call (LightAgent.searchListings). */
export interface SearchListingsOptions {
  /** Epoch ms after which no attempt may run (the request's deadline). */
  deadlineMs?: number;
  signal?: AbortSignal;
  /** At most this many records, in the page's order (a whole number >= 1). Default: all of page 1. */
  limit?: number;
}

/** Light agent: live price and stock for a batch of one retailer's listings. On the request path. */
export interface LightAgent {
  readonly vendor: VendorId;
  /**
   * One batch call for this retailer. Resolves with one entry per listing, in order:
   * its LiveOffer, or a VendorError for that listing alone (e.g. NOT_FOUND).
   * Rejects with a VendorError when the whole batch failed (TIMEOUT, ERROR, MALFORMED, CIRCUIT_OPEN).
   */
  getLiveMarketData(
    listings: readonly Listing[],
    options?: { signal?: AbortSignal; deadlineMs?: number },
  ): Promise<(LiveOffer | VendorError)[]>;
  /**
   * The search-miss call: ONE request to this retailer's own search page (page 1 only) for the
   * query's words, as the caller gives them. Resolves with a basic record per product card, in page
   * order: title, brand, category, url, id, the printed price and list price, an image and a rating
   * where the card shows them; everything a card does not say (description, specs, reviews, …) is
   * null or empty. No match (or a 404) resolves with [] and never trips the breaker. Rejects with a
   * VendorError when the call failed (TIMEOUT, ERROR, MALFORMED, CIRCUIT_OPEN).
   */
  searchListings(query: string, options?: SearchListingsOptions): Promise<VendorProductRecord[]>;
}
