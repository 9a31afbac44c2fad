import { cents, hashString } from './catalog/prng.js';
import type { RetailListing, RetailSize, StockStatus } from './catalog/types.js';

/**
 * The sandbox retailers' prices and stock as they move: a deterministic schedule (the same in
 * every process at the same time, so servers that each run their own sandbox agree) plus what
 * an operator or a test set through `POST /__sandbox/price`. The seeded catalog itself stays
 * read-only: a listing is shown through `view()`, which returns it unchanged when nothing moved.
 */

export const STOCK_STATUSES: readonly StockStatus[] = ['inStock', 'lowStock', 'outOfStock', 'backorder'];

/** What `POST /__sandbox/price` sets: a listing's price (every size, or one) and/or a size's stock. */
export interface PriceChange {
  vendorProductId: string;
  /** One size by name; absent = every size. */
  size?: string;
  /** The new sale price in USD (> 0), never above the list price. */
  price?: number;
  status?: StockStatus;
}

interface SizeOverride {
  salePrice?: number;
  status?: StockStatus;
}

/** One in ten listings moves in each slot of the schedule. */
const MOVED_SHARE = 10;
/** Price moves of the schedule: drops more often than rises, as sales go. */
const PRICE_FACTORS = [0.9, 0.85, 0.8, 0.95, 1.05];

export class PriceBook {
  /** retailer → vendorProductId → size name → override. */
  private readonly overrides = new Map<string, Map<string, Map<string, SizeOverride>>>();

  /**
   * @param scheduleIntervalMs the schedule's slot length; null = no scheduled moves (tests).
   * @param now the clock (the schedule is a function of the slot the time falls in).
   */
  constructor(
    private readonly scheduleIntervalMs: number | null = null,
    private readonly now: () => number = Date.now,
  ) {}

  /** Apply an operator's change to one of the retailer's listings (validated against it); throws a message on bad input. */
  set(retailer: string, listing: RetailListing, change: PriceChange): void {
    const sizes = change.size === undefined ? listing.sizes : listing.sizes.filter((s) => s.name === change.size);
    if (sizes.length === 0) throw new Error(`${retailer} ${listing.vendorProductId} has no size "${change.size}" (sizes: ${listing.sizes.map((s) => s.name).join(', ')})`);
    const byListing = this.overrides.get(retailer) ?? new Map<string, Map<string, SizeOverride>>();
    this.overrides.set(retailer, byListing);
    const bySize = byListing.get(listing.vendorProductId) ?? new Map<string, SizeOverride>();
    byListing.set(listing.vendorProductId, bySize);
    for (const size of sizes) {
      if (change.price !== undefined && change.price > size.listPrice) {
        throw new Error(`price ${change.price} is above size ${size.name}'s list price ${size.listPrice}`);
      }
      const current = bySize.get(size.name) ?? {};
      bySize.set(size.name, {
        ...current,
        ...(change.price !== undefined ? { salePrice: cents(change.price) } : {}),
        ...(change.status !== undefined ? { status: change.status } : {}),
      });
    }
  }

  /** Forget every operator change (the schedule goes on). */
  reset(): void {
    this.overrides.clear();
  }

  /** The listing as the retailer shows it now: scheduled moves, then operator changes. */
  view(retailer: string, listing: RetailListing): RetailListing {
    const scheduled = this.scheduledMove(retailer, listing);
    const operator = this.overrides.get(retailer)?.get(listing.vendorProductId);
    if (!scheduled && !operator) return listing;
    const sizes = listing.sizes.map((size, index): RetailSize => {
      let next = size;
      if (scheduled) next = scheduled(next, index);
      const o = operator?.get(size.name);
      if (o) next = withOverride(next, o);
      return next;
    });
    const minListPrice = Math.min(...sizes.map((s) => s.listPrice));
    const minSalePrice = Math.min(...sizes.map((s) => s.salePrice));
    return { ...listing, sizes, minListPrice, minSalePrice, onSale: sizes.some((s) => s.salePrice < s.listPrice) };
  }

  /** This slot's move of the listing, if it is one of the moved ones: a price factor, or one size's stock flipped. */
  private scheduledMove(retailer: string, listing: RetailListing): ((size: RetailSize, index: number) => RetailSize) | null {
    if (this.scheduleIntervalMs === null || listing.sizes.length === 0) return null;
    const slot = Math.floor(this.now() / this.scheduleIntervalMs);
    const h = hashString(`move:${retailer}:${listing.vendorProductId}:${slot}`);
    if (h % MOVED_SHARE !== 0) return null;
    const pick = Math.floor(h / MOVED_SHARE);
    if (pick % 3 === 2) {
      const flipped = pick % listing.sizes.length;
      return (size, index) => {
        if (index !== flipped) return size;
        const inStock = size.status === 'inStock' || size.status === 'lowStock';
        return withOverride(size, { status: inStock ? 'outOfStock' : 'inStock' });
      };
    }
    const factor = PRICE_FACTORS[pick % PRICE_FACTORS.length]!;
    // A size at full price cannot rise (never above its list price): it goes on sale instead.
    return (size) => withOverride(size, { salePrice: cents(size.salePrice * (factor > 1 && size.salePrice * factor > size.listPrice ? PRICE_FACTORS[0]! : factor)) });
  }
}

function withOverride(size: RetailSize, o: SizeOverride): RetailSize {
  const status = o.status ?? size.status;
  const stockChanged = status !== size.status;
  return {
    ...size,
    salePrice: o.salePrice ?? size.salePrice,
    status,
    // Stock counts follow the status (backcountry shows them): none on hand unless in stock.
    stockLevel: !stockChanged ? size.stockLevel : status === 'inStock' ? 10 : status === 'lowStock' ? 2 : 0,
    backorderLevel: !stockChanged ? size.backorderLevel : status === 'backorder' ? 5 : 0,
  };
}

/** Read a `POST /__sandbox/price` body; throws a message naming what is wrong. */
export function parsePriceChange(input: unknown): PriceChange {
  if (typeof input !== 'object' || input === null) throw new Error('expected a JSON object');
  const o = input as Record<string, unknown>;
  if (typeof o.vendorProductId !== 'string' || o.vendorProductId === '') throw new Error('vendorProductId (a string) is required');
  const change: PriceChange = { vendorProductId: o.vendorProductId };
  if (o.size !== undefined) {
    if (typeof o.size !== 'string') throw new Error('size must be a string');
    change.size = o.size;
  }
  if (o.price !== undefined) {
    if (typeof o.price !== 'number' || !(o.price > 0) || !Number.isFinite(o.price)) throw new Error('price must be a number > 0');
    change.price = o.price;
  }
  if (o.status !== undefined) {
    if (!STOCK_STATUSES.includes(o.status as StockStatus)) throw new Error(`status must be one of ${STOCK_STATUSES.join(', ')}`);
    change.status = o.status as StockStatus;
  }
  if (change.price === undefined && change.status === undefined) throw new Error('give a price, a status, or both');
  return change;
}
