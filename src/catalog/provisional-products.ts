import { emptyAnalysis, type ProductAnalysis, type StaticProduct, type VendorProductRecord } from '../domain/product.js';
import { mergeVendorRecordsDetailed, type SkippedRecord } from './matching.js';

/**
 * Provisional products: what a search miss answers with while the background crawl of the query
 * runs. The basic records of the retailers' search pages (LightAgent.searchListings) go through the
 * same matching as crawled records, so one product listed at both retailers is one product with both
 * listings, under the id its full record will have once the card states what the product page does
 * (brand, model, year, gender). Pure: no I/O.
 */

/** Why a provisional product says so little; a client tells provisional products by it (see isProvisional). */
export const PROVISIONAL_MESSAGE =
  'from the retailers\u2019 search pages; full details (specs, reviews, analysis) arrive when the background crawl of this query lands';

export interface ProvisionalResult {
  /** Sorted by id, as the crawl's products are. */
  products: StaticProduct[];
  /** Cards matching cannot make a product of (no brand or category it can read), as in the crawl. */
  skipped: SkippedRecord[];
}

/** Basic records of both retailers → provisional StaticProducts (see `provisionalProductsDetailed`). */
export function provisionalProducts(records: readonly VendorProductRecord[], now: Date = new Date()): StaticProduct[] {
  return provisionalProductsDetailed(records, now).products;
}

/**
 * Basic records of both retailers → provisional StaticProducts, and the records that could not become one. Everything comes from the cards:
 * a card states no specs, reviews or description, so those stay empty or null (a rating only where a
 * card shows one); `analysis` is PENDING with PROVISIONAL_MESSAGE, so the answer never reads as a
 * product without reviews. Records are merged exactly as crawled ones (mergeVendorRecordsDetailed).
 */
export function provisionalProductsDetailed(records: readonly VendorProductRecord[], now: Date = new Date()): ProvisionalResult {
  const { products, skipped } = mergeVendorRecordsDetailed(records, now);
  const analysis = (): ProductAnalysis => emptyAnalysis('PENDING', PROVISIONAL_MESSAGE);
  return { products: products.map((p) => ({ ...p, analysis: analysis() })), skipped };
}

/** Whether a product is provisional (built from search cards, its crawl still to land). */
export function isProvisional(product: Pick<StaticProduct, 'analysis'>): boolean {
  return product.analysis.status === 'PENDING' && product.analysis.message === PROVISIONAL_MESSAGE;
}
