import { tierKeys, type SmartCacheManager } from '../cache/tiers.js';
import type { Config } from '../config.js';
import type { LiveOffer } from '../domain/live.js';
import type { StaticProduct } from '../domain/product.js';
import { delistedBy, judgeOffer } from '../live/live-entries.js';
import { bestOffer, productInStock } from '../live/offer-summary.js';
import type { LiveOfferView } from '../live/types.js';

/** One product as the seed's REST API listed it. */
export interface SeedProduct {
  id: string;
  name: string;
  brand: string;
  category: string;
  /** The best live offer the live tier holds, else the catalog's lastKnownPrice; null when neither. */
  price: number | null;
  currency: string | null;
  image_url: string | null;
  retailer_url: string | null;
  retailer: string | null;
  pros: string[];
  cons: string[];
  ratings: { average: number; count: number; aspects: Record<string, number> } | null;
  in_stock: boolean | null;
}

/** A pro or con as the analysis states it: a phrase, or a point with its phrase in `text`. */
type Point = string | { text: string };
const textOf = (point: Point): string => (typeof point === 'string' ? point : point.text);

/**
 * Aspect scores (1–5) by name, when the analysis has any. Read without assuming they exist: the
 * analysis track adds them to the static record.
 */
function aspectsOf(product: StaticProduct): Record<string, number> {
  const aspects = (product.analysis as { aspects?: readonly { name: string; score: number }[] }).aspects ?? [];
  return Object.fromEntries(aspects.map((a) => [a.name, a.score]));
}

/**
 * The products in the seed's shape. Live data is only what the live tier already holds for their
 * listings (one round trip, fresh or within the stale grace, never a delisted one): no retailer
 * is called. A live tier that cannot be read leaves price at lastKnownPrice and in_stock null.
 */
export async function toSeedProducts(
  products: readonly StaticProduct[],
  services: { cache: Pick<SmartCacheManager, 'live' | 'liveNegative'>; config: Pick<Config, 'ttl'> },
): Promise<SeedProduct[]> {
  const offers = await heldOffers(products, services);
  return products.map((p, i) => {
    const held = offers[i] ?? [];
    const best = bestOffer(held);
    const price = best?.price ?? p.lastKnownPrice;
    const listing = best ? p.listings.find((l) => l.vendor === best.vendor) : p.listings[0];
    return {
      id: p.id,
      name: p.name,
      brand: p.brand,
      category: p.category.toLowerCase(),
      price: price?.amount ?? null,
      currency: price?.currencyCode ?? null,
      image_url: p.images[0] ?? null,
      retailer_url: best?.url ?? listing?.url ?? null,
      retailer: best?.vendor ?? listing?.vendor ?? null,
      pros: (p.analysis.pros as Point[]).map(textOf),
      cons: (p.analysis.cons as Point[]).map(textOf),
      ratings: p.rating ? { average: p.rating.average, count: p.rating.count, aspects: aspectsOf(p) } : null,
      in_stock: held.length > 0 ? productInStock(held) : null,
    };
  });
}

/** Each product's offers the live tier holds now (empty when none, or when it cannot be read). */
async function heldOffers(
  products: readonly StaticProduct[],
  services: { cache: Pick<SmartCacheManager, 'live' | 'liveNegative'>; config: Pick<Config, 'ttl'> },
): Promise<LiveOfferView[][]> {
  const { live, liveNegative } = services.cache;
  const listings = products.flatMap((p, i) => p.listings.map((l) => ({ product: i, listing: l })));
  const keys = listings.flatMap(({ listing: l }) => [tierKeys.live(l.vendor, l.vendorProductId), tierKeys.liveNegative(l.vendor, l.vendorProductId)]);
  const out: LiveOfferView[][] = products.map(() => []);
  if (keys.length === 0) return out;
  let raw: (string | null)[];
  try {
    raw = await live.store.mget(keys);
  } catch {
    return out;
  }
  const now = Date.now();
  listings.forEach(({ product }, j) => {
    const offer: LiveOffer | null = live.decode(keys[2 * j]!, raw[2 * j], { count: false });
    const negative = liveNegative.decode(keys[2 * j + 1]!, raw[2 * j + 1], { count: false });
    if (delistedBy(offer, negative)) return;
    const judged = judgeOffer(offer, services.config.ttl, now);
    if (judged.state !== 'miss') out[product]!.push({ ...judged.offer, stale: judged.state === 'stale' });
  });
  return out;
}
