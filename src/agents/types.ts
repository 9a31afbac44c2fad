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
}
