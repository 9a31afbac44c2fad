import type { VendorProductRecord } from '../../domain/product.js';
import { readBackcountrySearch, readEvoSearch } from '../pages/search-results.js';
import type { SiteProfile } from '../sites/profile.js';
import type { SearchListingsOptions } from '../types.js';
import type { BodyParser, VendorClient } from '../vendor-client.js';
import { asVendorError } from './batch.js';

/**
 * The search-miss call: ONE GET of the retailer's own search page (page 1) for the query's words,
 * through the vendor client (a timeout per attempt under the caller's deadline, one retry only when
 * the deadline leaves room, the breaker). No matches is an empty page and a 404 is an answer too:
 * both resolve with [] and count as a success or not at all for the breaker.
 */
export async function searchListings(
  client: VendorClient,
  profile: SiteProfile,
  query: string,
  options: SearchListingsOptions,
): Promise<VendorProductRecord[]> {
  const { limit, signal, deadlineMs } = options;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) throw new RangeError(`limit must be a whole number >= 1, got ${limit}`);
  const words = query.replace(/\s+/g, ' ').trim();
  // No words, nothing to ask: a retailer's search answers an empty query with no cards anyway.
  if (words === '') return [];
  const read: BodyParser<VendorProductRecord[]> =
    profile.kind === 'evo'
      ? (html, url) => readEvoSearch(html, url, client.vendor, profile)
      : (html, url) => readBackcountrySearch(html, url, client.vendor, profile);
  let records: VendorProductRecord[];
  try {
    records = await client.get(profile.searchPage(words), read, { signal, deadlineMs });
  } catch (err) {
    const e = asVendorError(err);
    if (e.kind === 'NOT_FOUND') return [];
    throw e;
  }
  // A product a page shows twice (a promoted card) is one record.
  const unique = new Map<string, VendorProductRecord>();
  for (const r of records) if (!unique.has(r.vendorProductId)) unique.set(r.vendorProductId, r);
  return [...unique.values()].slice(0, limit);
}
