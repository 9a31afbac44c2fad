import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { backcountryHandler } from './backcountry-storefront.js';
import { sandboxCatalog } from './catalog/index.js';
import { evoHandler } from './evo-storefront.js';
import { startStorefront, type Storefront, type StorefrontControls } from './server-kit.js';

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

export interface Sandbox {
  evo: Storefront;
  backcountry: Storefront;
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
}

/** Starts both sandbox storefronts (ephemeral ports unless given) and resolves once both listen. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const catalog = sandboxCatalog();
  const controls: StorefrontControls = { latencyMs: opts.latencyMs ?? 0, latencyP95Ms: opts.latencyP95Ms ?? 0, failureRate: opts.failureRate ?? 0 };
  // Handlers need the server's own base URL (for absolute URLs in JSON-LD), known only after listen.
  let evoBase = '';
  let bcBase = '';
  const evo = await startStorefront({ id: 'evo', handler: evoHandler(catalog, () => evoBase), host: opts.host, port: opts.evoPort ?? 0, controls });
  evoBase = evo.baseUrl;
  let backcountry: Storefront;
  try {
    backcountry = await startStorefront({
      id: 'backcountry',
      handler: backcountryHandler(catalog, () => bcBase),
      host: opts.host,
      port: opts.backcountryPort ?? 0,
      controls,
    });
  } catch (error) {
    await evo.close();
    throw error;
  }
  bcBase = backcountry.baseUrl;
  return {
    evo,
    backcountry,
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
  });
  const products = sandboxCatalog();
  logger.info(
    { evo: sandbox.evo.baseUrl, backcountry: sandbox.backcountry.baseUrl, latencyMs: config.sandbox.latencyMs, latencyP95Ms: config.sandbox.latencyP95Ms, failureRate: config.sandbox.failureRate },
    `sandbox storefronts: evo on ${sandbox.evo.baseUrl} (${products.filter((p) => p.evo).length} products), backcountry on ${sandbox.backcountry.baseUrl} (${products.filter((p) => p.backcountry).length} products)`,
  );
  return sandbox;
}
