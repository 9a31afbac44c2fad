import type { VendorProductRecord } from '../../domain/product.js';
import type { HeavyAgent, LightAgent } from '../types.js';

export interface SearchHitsRead {
  /** Every hit's product page read in full (the category the search card gave where the page names none). */
  records: VendorProductRecord[];
  /** Hits whose product page failed. */
  failed: number;
}

/**
 * One retailer's answer to a query, in full: its search page once (the light agent), then every
 * hit's product page (the heavy agent, bounded by its client), but for the hits `held` says the
 * caller has already (read again, they would add nothing a crawl or refresh does not). Rejects
 * only when the search page does; a failed product page costs only that hit.
 */
export async function readSearchHitsInFull(
  search: Pick<LightAgent, 'searchListings'>,
  heavy: Pick<HeavyAgent, 'fetchProduct'>,
  query: string,
  signal?: AbortSignal,
  held: (hit: VendorProductRecord) => boolean = () => false,
): Promise<SearchHitsRead> {
  const hits = (await search.searchListings(query, { signal })).filter((hit) => !held(hit));
  const pages = await Promise.allSettled(hits.map((hit) => heavy.fetchProduct(hit.url, { signal })));
  const records = pages.flatMap((p, i) => (p.status === 'fulfilled' ? [{ ...p.value, category: p.value.category ?? hits[i]!.category }] : []));
  return { records, failed: pages.length - records.length };
}
