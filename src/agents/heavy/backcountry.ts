import type { Category } from '../../domain/product.js';
import { readBackcountryListing, readBackcountryProduct } from '../pages/backcountry.js';
import type { BackcountryProfile } from '../sites/profile.js';
import type { VendorClient } from '../vendor-client.js';
import { noteFailure, type ListedProduct } from './crawl.js';
import type { CrawlResult } from '../types.js';

/**
 * backcountry's listing walk: page 1 says how many pages there are (at most 1000, else page 1 is
 * MALFORMED); the rest are read in parallel, at most the client's concurrency in flight at once.
 */
export function backcountryListCategory(client: VendorClient, profile: BackcountryProfile, signal?: AbortSignal) {
  return async (category: Category, listingPath: string, failures: CrawlResult['failures']): Promise<ListedProduct[]> => {
    const read = (page: number) =>
      client.get(profile.listingPage(listingPath, page), (html) => readBackcountryListing(html, profile), { signal });
    const first = await read(1); // a 404 here is the caller's "category not carried"
    const rest = await Promise.all(
      Array.from({ length: Math.max(0, first.totalPages - 1) }, (_, i) =>
        read(i + 2).catch((err: unknown) => {
          noteFailure(failures, client.url(profile.listingPage(listingPath, i + 2)), err);
          return { items: [], totalPages: first.totalPages };
        }),
      ),
    );
    return [first, ...rest].flatMap((p) => p.items.map((item) => ({ vendorProductId: item.id, href: item.url, category })));
  };
}

/** Read one backcountry product page in full. */
export function backcountryFetchProduct(client: VendorClient, profile: BackcountryProfile, signal?: AbortSignal) {
  return (href: string) => {
    const url = client.url(href);
    return client.get(url, (html) => readBackcountryProduct(html, url, client.vendor, profile), { signal });
  };
}
