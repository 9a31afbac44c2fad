import DataLoader from 'dataloader';
import type { Listing } from '../domain/product.js';
import type { GetLiveMarketDataOptions, LiveMarketService } from './live-market-service.js';
import { listingKey, type LiveOfferView, type VendorStatus } from './types.js';

/**
 * Per-request loader of live offers, keyed by listing key (`<vendor>:<vendorProductId>`).
 * `load(listing)` resolves with the listing's offer (possibly `stale: true`) or null; each
 * listing's status is kept for the live fields that show why an offer is missing.
 */
export type LiveLoader = DataLoader<Listing, LiveOfferView | null, string> & {
  /** The status of one listing once its load settled (undefined before). */
  statusOf(listing: Pick<Listing, 'vendor' | 'vendorProductId'>): VendorStatus | undefined;
};

/**
 * A new live loader for one request. Use it ONLY from live fields (offers, prices, stock):
 * yoga starts deferred fragments in the same tick as the rest of the operation, so a
 * loader shared with static fields would put static keys and live keys in one batch and
 * hold the first (static) payload back until the retailers answer.
 *
 * Batches within a tick (DataLoader's contract) become one `getLiveMarketData` call, i.e.
 * one agent batch per retailer; results come back one per key, in key order. Every batch of
 * the request shares `options.deadlineAtMs` (the operation's start plus LIVE_DEADLINE_MS).
 */
export function createLiveLoader(service: LiveMarketService, options: GetLiveMarketDataOptions = {}): LiveLoader {
  const listingStatuses = new Map<string, VendorStatus>();
  const loader = new DataLoader<Listing, LiveOfferView | null, string>(
    async (listings) => {
      const result = await service.getLiveMarketData(listings, options);
      for (const [key, status] of result.listingStatuses) listingStatuses.set(key, status);
      return listings.map((listing) => result.offers.get(listingKey(listing)) ?? null);
    },
    { cacheKeyFn: listingKey },
  );
  return Object.assign(loader, {
    statusOf: (listing: Pick<Listing, 'vendor' | 'vendorProductId'>) => listingStatuses.get(listingKey(listing)),
  });
}
