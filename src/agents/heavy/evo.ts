import type { Category } from '../../domain/product.js';
import { readEvoListing, readEvoProduct } from '../pages/evo.js';
import type { EvoProfile } from '../sites/profile.js';
import type { VendorClient } from '../vendor-client.js';
import { noteFailure, type ListedProduct } from './crawl.js';
import type { CrawlResult } from '../types.js';

/** evo's listing walk: `rpp_200` pages until a page has no cards or no "next" link. */
export function evoListCategory(client: VendorClient, profile: EvoProfile, signal?: AbortSignal) {
  return async (category: Category, listingPath: string, failures: CrawlResult['failures']): Promise<ListedProduct[]> => {
    const out: ListedProduct[] = [];
    // Far above any real catalog (200 per page); guards against a storefront that always says "next".
    for (let page = 1; page <= 1000; page++) {
      const path = profile.listingPage(listingPath, page);
      let result;
      try {
        result = await client.get(path, (html) => readEvoListing(html, profile), { signal });
      } catch (err) {
        if (page === 1) throw err; // the caller skips a 404 category
        noteFailure(failures, client.url(path), err);
        break;
      }
      for (const card of result.cards) {
        if (card.id && card.href) out.push({ vendorProductId: card.id, href: card.href, category });
      }
      if (!result.hasNext) break;
    }
    return out;
  };
}

/** Read one evo product page in full. */
export function evoFetchProduct(client: VendorClient, profile: EvoProfile, signal?: AbortSignal) {
  return (href: string) => {
    const url = client.url(href);
    return client.get(url, (html) => readEvoProduct(html, url, client.vendor, profile), { signal });
  };
}
