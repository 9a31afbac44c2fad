import type { Config, RetailerConfig } from '../../config.js';
import { CATEGORIES } from '../../domain/product.js';
import type { Logger } from '../../logger.js';
import { profileFor } from '../sites/index.js';
import type { HeavyAgent } from '../types.js';
import { VendorClient } from '../vendor-client.js';
import { backcountryFetchProduct, backcountryListCategory } from './backcountry.js';
import { runCrawl } from './crawl.js';
import { evoFetchProduct, evoListCategory } from './evo.js';

/** A heavy agent plus its vendor client (breaker state for monitoring: `client.isOpen()`). */
export type HeavyVendorAgent = HeavyAgent & { readonly client: VendorClient };

/**
 * The heavy agent for one configured retailer. Its identity is `retailer.id`; `retailer.kind`
 * picks the site profile. Pass `options.client` to share one breaker with other agents.
 */
export function createHeavyAgent(
  retailer: RetailerConfig & { baseUrl: string },
  config: Config,
  logger: Logger,
  options: { client?: VendorClient } = {},
): HeavyVendorAgent {
  const log = logger.child({ component: 'heavy-agent', vendor: retailer.id });
  const client = options.client ?? VendorClient.forRetailer(retailer, config, config.agents.maxConcurrentHeavy, log);
  const profile = profileFor(retailer.kind);
  const parts = (signal?: AbortSignal) =>
    profile.kind === 'evo'
      ? { list: evoListCategory(client, profile, signal), fetch: evoFetchProduct(client, profile, signal) }
      : { list: backcountryListCategory(client, profile, signal), fetch: backcountryFetchProduct(client, profile, signal) };
  return {
    vendor: retailer.id,
    client,
    async crawlCatalog(opts = {}) {
      const { list, fetch } = parts(opts.signal);
      const result = await runCrawl({
        vendor: retailer.id,
        categories: opts.categories ?? CATEGORIES,
        listingPaths: profile.listingPaths,
        listCategory: list,
        fetchProduct: fetch,
        signal: opts.signal,
        onProgress: opts.onProgress,
        logger: log,
      });
      log.info({ records: result.records.length, failures: result.failures.length }, 'crawl finished');
      return result;
    },
    fetchProduct(url, opts = {}) {
      return parts(opts.signal).fetch(url);
    },
  };
}
