import type { Logger } from '../../logger.js';
import type { Category, VendorId, VendorProductRecord } from '../../domain/product.js';
import { VendorError, type CrawlProgress, type CrawlResult } from '../types.js';

/**
 * The crawl every heavy agent runs: each category's listing pages, then each product page
 * once (concurrency bounded by the vendor client). A 404 category is skipped; any other
 * failed page goes into `failures` and the crawl goes on.
 */

export interface ListedProduct {
  vendorProductId: string;
  /** Path or URL of the product page. */
  href: string;
  category: Category;
}

export interface CrawlPlan {
  vendor: VendorId;
  categories: readonly Category[];
  /** Listing path per category; categories without one are not requested. */
  listingPaths: Partial<Record<Category, string>>;
  /** All products of one category, reading every listing page. Rejects with NOT_FOUND when the category is absent. */
  listCategory(category: Category, listingPath: string, failures: CrawlResult['failures']): Promise<ListedProduct[]>;
  fetchProduct(href: string): Promise<VendorProductRecord>;
  signal?: AbortSignal;
  onProgress?: (progress: CrawlProgress) => void;
  logger?: Logger;
}

/** Record a failure unless it is a NOT_FOUND (an answer). Rethrows what is not a VendorError. */
export function noteFailure(failures: CrawlResult['failures'], url: string, err: unknown): void {
  if (!(err instanceof VendorError)) throw err;
  if (err.kind === 'NOT_FOUND') return;
  failures.push({ url, kind: err.kind, message: err.message });
}

/** Run a crawl plan. */
export async function runCrawl(plan: CrawlPlan): Promise<CrawlResult> {
  const failures: CrawlResult['failures'] = [];
  const byId = new Map<string, ListedProduct>();
  const lists = await Promise.all(
    plan.categories.map(async (category) => {
      const path = plan.listingPaths[category];
      if (!path) return [];
      try {
        return await plan.listCategory(category, path, failures);
      } catch (err) {
        if (err instanceof VendorError && err.kind === 'NOT_FOUND') {
          plan.logger?.debug({ vendor: plan.vendor, category }, 'category not carried (404), skipped');
        }
        noteFailure(failures, path, err);
        return [];
      }
    }),
  );
  // A product listed in two categories is read once, under the first category asked for.
  for (const p of lists.flat()) if (!byId.has(p.vendorProductId)) byId.set(p.vendorProductId, p);

  const listed = [...byId.values()];
  const records: VendorProductRecord[] = [];
  let done = 0;
  await Promise.all(
    listed.map(async (p) => {
      plan.signal?.throwIfAborted();
      try {
        const record = await plan.fetchProduct(p.href);
        records.push({ ...record, category: p.category });
      } catch (err) {
        noteFailure(failures, p.href, err);
      }
      done++;
      plan.onProgress?.({ vendor: plan.vendor, category: p.category, productsDone: done, productsTotal: listed.length });
    }),
  );
  plan.signal?.throwIfAborted();
  // Stable order for callers and tests: the order the listings gave.
  const order = new Map(listed.map((p, i) => [p.vendorProductId, i]));
  records.sort((a, b) => (order.get(a.vendorProductId) ?? 0) - (order.get(b.vendorProductId) ?? 0));
  return { records, failures };
}
