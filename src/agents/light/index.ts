import type { Config, RetailerConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import { profileFor } from '../sites/index.js';
import type { LightAgent } from '../types.js';
import { VendorClient } from '../vendor-client.js';
import { backcountryLiveMarketData } from './backcountry.js';
import { evoLiveMarketData } from './evo.js';
import { searchListings } from './search.js';

/** A light agent plus its vendor client (breaker state for monitoring: `client.isOpen()`). */
export type LightVendorAgent = LightAgent & { readonly client: VendorClient };

/**
 * The light agent for one configured retailer: one `getLiveMarketData` call per batch, one
 * request per `searchListings` call (the retailer's search page), never past `deadlineMs`. Identity is `retailer.id`; `retailer.kind` picks the site profile.
 */
export function createLightAgent(
  retailer: RetailerConfig & { baseUrl: string },
  config: Config,
  logger: Logger,
  options: { client?: VendorClient } = {},
): LightVendorAgent {
  const log = logger.child({ component: 'light-agent', vendor: retailer.id });
  const client = options.client ?? VendorClient.forRetailer(retailer, config, config.agents.maxConcurrentLight, log);
  const profile = profileFor(retailer.kind);
  return {
    vendor: retailer.id,
    client,
    async getLiveMarketData(listings, opts = {}) {
      if (listings.length === 0) return [];
      const foreign = listings.find((l) => l.vendor !== retailer.id);
      if (foreign) throw new Error(`light agent ${retailer.id} got a listing of ${foreign.vendor}`);
      return profile.kind === 'evo'
        ? evoLiveMarketData(client, profile, listings, opts)
        : backcountryLiveMarketData(client, profile, listings, opts);
    },
    searchListings(query, opts = {}) {
      return searchListings(client, profile, query, opts);
    },
  };
}
