import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { backcountryHandler } from './backcountry-storefront.js';
import { sandboxCatalog } from './catalog/index.js';
import { evoHandler } from './evo-storefront.js';
import { parsePriceChange, PriceBook } from './price-moves.js';
import { startStorefront, type ControlRoute, type Storefront, type StorefrontControls } from './server-kit.js';

/**
 * The sandbox retailers: simulated evo.com and backcountry.com storefronts over one
 * seeded catalog, served from memory. They stand in for the real sites in the demo and
 * in tests; their pages follow docs/storefronts.md.
 */

export { sandboxCatalog };
export type { Storefront, StorefrontControls };
export type { FailureMode } from './server-kit.js';
export type { RetailListing, RetailSize, SandboxProduct, SandboxReview, SandboxSpecs, StockStatus } from './catalog/types.js';
export { EVO_LISTING_PATHS } from './evo-pages.js';
export { BACKCOUNTRY_LISTING_PATHS } from './backcountry-data.js';
export { PriceBook, type PriceChange } from './price-moves.js';

export interface Sandbox {
  evo: Storefront;
  backcountry: Storefront;
  /** Both storefronts' prices and stock as they move (the schedule and `POST /__sandbox/price`). */
  prices: PriceBook;
  /** Closes both storefronts, hung requests included. */
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** 0 (default) = an ephemeral port. */
  evoPort?: number;
  backcountryPort?: number;
  latencyMs?: number;
  /** Above latencyMs: latencies are log-normal with median latencyMs and this p95. */
  latencyP95Ms?: number;
  failureRate?: number;
  /** Slot length of the deterministic price and stock moves (SANDBOX_PRICE_CHANGES); null/absent = none. */
  priceChangeIntervalMs?: number | null;
}

/**
 * `POST /__sandbox/price` on one storefront: `{ vendorProductId, size?, price?, status? }` sets that
 * listing's sale price (every size, or one) and/or a size's stock until the sandbox stops.
 */
function priceRoute(retailer: 'evo' | 'backcountry', catalog: ReturnType<typeof sandboxCatalog>, prices: PriceBook): ControlRoute {
  const listings = new Map(catalog.flatMap((p) => (p[retailer] ? [[p[retailer].vendorProductId, p[retailer]] as const] : [])));
  return (body) => {
    try {
      const change = parsePriceChange(body);
      const listing = listings.get(change.vendorProductId);
      if (!listing) return { status: 404, body: { error: `${retailer} has no product ${change.vendorProductId}` } };
      prices.set(retailer, listing, change);
      const shown = prices.view(retailer, listing);
      return { status: 200, body: { vendorProductId: shown.vendorProductId, sizes: shown.sizes.map((s) => ({ size: s.name, salePrice: s.salePrice, status: s.status })) } };
    } catch (error) {
      return { status: 400, body: { error: (error as Error).message } };
    }
  };
}

/** Starts both sandbox storefronts (ephemeral ports unless given) and resolves once both listen. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const catalog = sandboxCatalog();
  const controls: StorefrontControls = { latencyMs: opts.latencyMs ?? 0, latencyP95Ms: opts.latencyP95Ms ?? 0, failureRate: opts.failureRate ?? 0 };
  const prices = new PriceBook(opts.priceChangeIntervalMs ?? null);
  // Handlers need the server's own base URL (for absolute URLs in JSON-LD), known only after listen.
  let evoBase = '';
  let bcBase = '';
  const evo = await startStorefront({ id: 'evo', handler: evoHandler(catalog, () => evoBase, prices), host: opts.host, port: opts.evoPort ?? 0, controls, controlRoutes: { price: priceRoute('evo', catalog, prices) } });
  evoBase = evo.baseUrl;
  let backcountry: Storefront;
  try {
    backcountry = await startStorefront({
      id: 'backcountry',
      handler: backcountryHandler(catalog, () => bcBase, prices),
      host: opts.host,
      port: opts.backcountryPort ?? 0,
      controls,
      controlRoutes: { price: priceRoute('backcountry', catalog, prices) },
    });
  } catch (error) {
    await evo.close();
    throw error;
  }
  bcBase = backcountry.baseUrl;
  return {
    evo,
    backcountry,
    prices,
    close: async () => {
      await Promise.all([evo.close(), backcountry.close()]);
    },
  };
}

/** `npm run sandbox`: serves both storefronts on the configured ports (and host) and logs their URLs. */
export async function serveSandbox(config: Config, logger: Logger): Promise<Sandbox> {
  const sandbox = await startSandbox({
    host: config.host,
    evoPort: config.sandbox.evoPort,
    backcountryPort: config.sandbox.backcountryPort,
    latencyMs: config.sandbox.latencyMs,
    latencyP95Ms: config.sandbox.latencyP95Ms,
    failureRate: config.sandbox.failureRate,
    priceChangeIntervalMs: config.live.sandboxPriceChangeIntervalMs,
  });
  const products = sandboxCatalog();
  logger.info(
    { evo: sandbox.evo.baseUrl, backcountry: sandbox.backcountry.baseUrl, latencyMs: config.sandbox.latencyMs, latencyP95Ms: config.sandbox.latencyP95Ms, failureRate: config.sandbox.failureRate },
    `sandbox storefronts: evo on ${sandbox.evo.baseUrl} (${products.filter((p) => p.evo).length} products), backcountry on ${sandbox.backcountry.baseUrl} (${products.filter((p) => p.backcountry).length} products)`,
  );
  return sandbox;
}
