import { VendorError, type LightAgent } from '../../../src/agents/types.js';
import type { Availability, LiveOffer } from '../../../src/domain/live.js';
import type { Listing, VendorId } from '../../../src/domain/product.js';
import type { FakeProduct } from './fake-storefront.js';

const AVAILABILITY: Record<string, Availability> = {
  inStock: 'IN_STOCK',
  lowStock: 'LOW_STOCK',
  outOfStock: 'OUT_OF_STOCK',
  backorder: 'BACKORDER',
};

/**
 * A test-local light agent: one HTTP request per batch to the product API of a
 * (fake) storefront, with the error kinds of the LightAgent contract. Used until the
 * real light agents (src/agents/light/) land.
 */
export function httpLightAgent(vendor: VendorId, baseUrl: string, timeoutMs: number): LightAgent {
  return {
    vendor,
    async getLiveMarketData(listings: readonly Listing[]) {
      const ids = listings.map((l) => l.vendorProductId);
      let body: { products: FakeProduct[]; notFound?: string[] };
      try {
        const res = await fetch(`${baseUrl}/api/products/${ids.map(encodeURIComponent).join(',')}`, {
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!res.ok) throw new VendorError(vendor, 'ERROR', `HTTP ${res.status}`);
        const text = await res.text();
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          throw new VendorError(vendor, 'MALFORMED', 'product API answered with unreadable JSON');
        }
      } catch (err) {
        if (err instanceof VendorError) throw err;
        if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
          throw new VendorError(vendor, 'TIMEOUT', `no answer within ${timeoutMs} ms`, { cause: err });
        }
        throw new VendorError(vendor, 'ERROR', String(err), { cause: err });
      }
      const byId = new Map(body.products.map((p) => [p.id, p]));
      const fetchedAt = new Date().toISOString();
      return listings.map((listing): LiveOffer | VendorError => {
        const product = byId.get(listing.vendorProductId);
        if (!product) return new VendorError(vendor, 'NOT_FOUND', `${listing.vendorProductId} is not sold by ${vendor}`);
        const cheapest = product.skus.reduce((a, b) => (b.salePrice < a.salePrice ? b : a));
        const anyInStock = product.skus.some((s) => s.availability.status === 'inStock' || s.availability.status === 'lowStock');
        return {
          vendor,
          vendorProductId: product.id,
          url: listing.url,
          price: { amount: cheapest.salePrice, currencyCode: 'USD' },
          listPrice: { amount: cheapest.listPrice, currencyCode: 'USD' },
          discountPercent: cheapest.discountPercent,
          availability: anyInStock ? 'IN_STOCK' : 'OUT_OF_STOCK',
          sizes: product.skus.map((s) => ({
            size: s.size.name,
            inStock: AVAILABILITY[s.availability.status] === 'IN_STOCK' || AVAILABILITY[s.availability.status] === 'LOW_STOCK',
            quantity: s.availability.stockLevel,
          })),
          shipping: null,
          fetchedAt,
        };
      });
    },
  };
}
