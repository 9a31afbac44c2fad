import type { Listing } from '../../domain/product.js';
import { readEvoOffer } from '../pages/evo.js';
import type { EvoProfile } from '../sites/profile.js';
import type { VendorClient } from '../vendor-client.js';
import { asVendorError, settleBatch, type Slot } from './batch.js';

/**
 * evo has no API: one agent call fans out over the product pages (each page once, at most
 * config.agents.maxConcurrentLight at a time through the client), all under the caller's deadline.
 */
export async function evoLiveMarketData(
  client: VendorClient,
  profile: EvoProfile,
  listings: readonly Listing[],
  options: { signal?: AbortSignal; deadlineMs?: number },
): Promise<Slot[]> {
  const pages = new Map<string, Promise<Slot>>();
  for (const l of listings) {
    if (pages.has(l.vendorProductId)) continue;
    const url = client.url(l.url);
    pages.set(
      l.vendorProductId,
      client
        .get(url, (html) => readEvoOffer(html, l.url, client.vendor, l.vendorProductId, profile), options)
        .catch(asVendorError),
    );
  }
  const slots = await Promise.all(listings.map((l) => pages.get(l.vendorProductId) as Promise<Slot>));
  return settleBatch(client.vendor, slots);
}
