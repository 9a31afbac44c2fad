/**
 * A synthetic catalog for the scale benchmark (`npm run bench -- --scale`), never served by
 * `npm start`: copies of the products one crawl of the sandbox storefronts yields, each copy with
 * its own id, and its brand, model name, sizes, price and rating varied, so facets, text and
 * orders spread as a large catalog's do. Deterministic: the same base and size give the same catalog.
 */
import { loadConfig } from '../src/config.js';
import type { StaticProduct } from '../src/domain/product.js';
import { createLogger } from '../src/logger.js';
import { startSandbox } from '../src/sandbox/index.js';
import { createServices } from '../src/services.js';

/** Every product one crawl of the sandbox storefronts puts in the static tier (embedded mode, nothing left running). */
export async function crawlSandboxProducts(): Promise<StaticProduct[]> {
  const sandbox = await startSandbox({ host: '127.0.0.1' });
  const services = await createServices(
    loadConfig({ EVO_BASE_URL: sandbox.evo.baseUrl, BACKCOUNTRY_BASE_URL: sandbox.backcountry.baseUrl, LOG_LEVEL: 'silent', CRAWL_ON_START: 'false' }),
    createLogger('silent'),
  );
  try {
    await services.heavyProcessor.runOnce();
    const ids = await services.staticProducts.allProductIds();
    return (await services.staticProducts.getProducts(ids)).filter((p): p is StaticProduct => p !== null);
  } finally {
    await services.close();
    await sandbox.close();
  }
}

/** Synthetic brands beside the real ones: a large catalog carries hundreds of brands. */
const SYNTHETIC_BRANDS = 300;

/** A price ending in .95, as retailers print them. */
const retailPrice = (amount: number) => Math.max(9.95, Math.round(amount) - 0.05);

/**
 * `size` products, one at a time (a caller decoding them as the static tier does never holds two
 * copies of the catalog): the base products first as they are, then copies. Copy k of a product takes
 * another real brand (or, one in four, a synthetic one), "<model> <k>" as its model, lengths
 * shifted by up to ±3 cm, a price from 70 % to 129 % of the original and a rating nudged by up to
 * ±0.5 with its review count varied; descriptions, specs, reviews and listings stay the base's
 * (listing ids made unique). The copies share those parts with the base in memory; encoded and
 * decoded as the static tier does (bench/scale.ts), each weighs what a real record does.
 */
export function* syntheticCatalog(base: readonly StaticProduct[], size: number): Generator<StaticProduct> {
  if (base.length === 0) throw new Error('synthetic catalog: no base products');
  const brands = [...new Set(base.map((p) => p.brand))].sort();
  for (let n = 0; n < size; n++) {
    const p = base[n % base.length]!;
    const copy = Math.floor(n / base.length);
    if (copy === 0) {
      yield p;
      continue;
    }
    const brand = copy % 4 === 0 ? `Synth${(n * 31) % SYNTHETIC_BRANDS}` : brands[(brands.indexOf(p.brand) + copy) % brands.length]!;
    const model = `${p.model} ${copy}`;
    const shift = (copy % 7) - 3;
    const shiftSize = (s: string) => s.replace(/^(\d{3})(?=\D*$)/, (m) => String(Number(m) + shift));
    const factor = 0.7 + ((n * 37) % 60) / 100;
    const rating = p.rating
      ? { average: Math.min(5, Math.max(1, Math.round((p.rating.average + (((n * 17) % 11) - 5) / 10) * 100) / 100)), count: Math.max(1, (p.rating.count * (1 + (copy % 5))) % 400) }
      : null;
    yield {
      ...p,
      id: `${p.id}-syn${copy}`,
      name: `${brand} ${model}`,
      brand,
      model,
      specs: { ...p.specs, sizes: p.specs.sizes.map(shiftSize), lengthsCm: p.specs.lengthsCm.map((cm) => cm + shift) },
      rating,
      lastKnownPrice: p.lastKnownPrice ? { ...p.lastKnownPrice, amount: retailPrice(p.lastKnownPrice.amount * factor) } : null,
      listings: p.listings.map((l) => ({ ...l, vendorProductId: `${l.vendorProductId}-syn${copy}`, title: `${brand} ${model}` })),
    };
  }
}
