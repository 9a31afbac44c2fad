import type { Kysely } from 'kysely';
import type { Availability, LiveOffer } from '../domain/live.js';
import type { Listing, Money, VendorId } from '../domain/product.js';
import type { Logger } from '../logger.js';
import type { ObservedListing } from '../live/types.js';
import { TABLES, type DurableTables } from '../db/database.js';

/** Observations wait this long at most before their batch is written. */
const FLUSH_INTERVAL_MS = 1000;
/** A batch is written at once when this many points wait. */
const FLUSH_SIZE = 500;
/** Pruning runs at start and then this often. */
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/** One point of a listing's history: the offer as a whole (`size: null`) or one size. */
export interface PricePoint {
  vendor: VendorId;
  vendorProductId: string;
  size: string | null;
  at: string;
  price: Money | null;
  availability: Availability;
}

/** A listing's (or product's) history over a window, with its extremes. */
export interface PriceHistorySeries {
  points: PricePoint[];
  lowest: Money | null;
  highest: Money | null;
}

/** The points one read offer stands for: the offer itself, then each size (its stock as the retailer states it). */
export function pointsOf(offer: LiveOffer): PricePoint[] {
  const base = { vendor: offer.vendor, vendorProductId: offer.vendorProductId, at: offer.fetchedAt, price: offer.price };
  return [
    { ...base, size: null, availability: offer.availability },
    ...offer.sizes.map((s) => ({
      ...base,
      size: s.size,
      availability: (s.inStock === true ? 'IN_STOCK' : s.inStock === false ? 'OUT_OF_STOCK' : 'UNKNOWN') as Availability,
    })),
  ];
}

const sameState = (a: Pick<PricePoint, 'price' | 'availability'>, b: Pick<PricePoint, 'price' | 'availability'>) =>
  a.availability === b.availability && (a.price?.amount ?? null) === (b.price?.amount ?? null) && (a.price?.currencyCode ?? null) === (b.price?.currencyCode ?? null);

const pointKey = (p: Pick<PricePoint, 'vendor' | 'vendorProductId' | 'size'>) => `${p.vendor}\u0000${p.vendorProductId}\u0000${p.size ?? ''}`;

/**
 * Price history in the durable store: every observed price or stock change of each retailer
 * listing and size. The live track's reads are queued in memory and written in batches, off the
 * request path: a batch reads the latest stored point of its listings once and inserts only the
 * points that differ. Kept PRICE_HISTORY_DAYS, then pruned.
 */
export class PriceHistory {
  /** Queued points in the order read; a point equal to the one queued before it for its listing and size is not queued. */
  private pending: PricePoint[] = [];
  private lastQueued = new Map<string, PricePoint>();
  private flushTimer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly counts = { written: 0, pruned: 0, failedBatches: 0 };

  constructor(
    private readonly db: Kysely<DurableTables>,
    private readonly options: { historyDays: number; logger: Logger },
  ) {}

  /** Prune now and every hour (unref'd timer). */
  start(): void {
    void this.prune();
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  /** Queue what a retailer batch read (offers; failures and delistings carry no price and are not points). */
  record(observed: readonly ObservedListing[]): void {
    for (const { outcome } of observed) {
      if (outcome.kind !== 'offer') continue;
      for (const point of pointsOf(outcome.offer)) {
        const key = pointKey(point);
        const last = this.lastQueued.get(key);
        if (last && sameState(last, point)) continue;
        this.lastQueued.set(key, point);
        this.pending.push(point);
      }
    }
    if (this.pending.length >= FLUSH_SIZE) void this.flush();
    else if (this.pending.length > 0 && !this.flushTimer) {
      this.flushTimer = setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
      this.flushTimer.unref();
    }
  }

  /** Write what is queued (batches one after another); resolves once written. Never rejects. */
  flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = this.pending;
    this.pending = [];
    this.lastQueued = new Map();
    this.writing = this.writing.then(() => (batch.length > 0 ? this.write(batch) : undefined));
    return this.writing;
  }

  /** The listings' points in the last `days` (default PRICE_HISTORY_DAYS), oldest first, with the lowest and highest price of the offers. */
  async series(listings: readonly Pick<Listing, 'vendor' | 'vendorProductId'>[], days = this.options.historyDays): Promise<PriceHistorySeries> {
    if (listings.length === 0) return { points: [], lowest: null, highest: null };
    const since = new Date(Date.now() - days * 86_400_000);
    const rows = await this.db
      .selectFrom(TABLES.pricePoints)
      .select(['vendor', 'vendor_product_id', 'size', 'observed_at', 'price_amount', 'currency_code', 'availability'])
      .where('observed_at', '>=', since)
      .where((eb) => eb.or(listings.map((l) => eb.and([eb('vendor', '=', l.vendor), eb('vendor_product_id', '=', l.vendorProductId)]))))
      .orderBy('observed_at')
      .orderBy('id')
      .execute();
    const points = rows.map(
      (r): PricePoint => ({
        vendor: r.vendor,
        vendorProductId: r.vendor_product_id,
        size: r.size === '' ? null : r.size,
        at: new Date(r.observed_at).toISOString(),
        price: r.price_amount === null || r.currency_code === null ? null : { amount: Number(r.price_amount), currencyCode: r.currency_code },
        availability: r.availability as Availability,
      }),
    );
    const prices = points.filter((p) => p.size === null && p.price).map((p) => p.price!);
    const byAmount = [...prices].sort((a, b) => a.amount - b.amount);
    return { points, lowest: byAmount[0] ?? null, highest: byAmount.at(-1) ?? null };
  }

  /** The listing's lowest offer price in PRICE_HISTORY_DAYS, or null when none is recorded. */
  async lowestPrice(vendor: VendorId, vendorProductId: string): Promise<Money | null> {
    const since = new Date(Date.now() - this.options.historyDays * 86_400_000);
    const row = await this.db
      .selectFrom(TABLES.pricePoints)
      .select(['price_amount', 'currency_code'])
      .where('vendor', '=', vendor)
      .where('vendor_product_id', '=', vendorProductId)
      .where('size', '=', '')
      .where('observed_at', '>=', since)
      .where('price_amount', 'is not', null)
      .orderBy('price_amount')
      .limit(1)
      .executeTakeFirst();
    return row && row.price_amount !== null && row.currency_code ? { amount: Number(row.price_amount), currencyCode: row.currency_code } : null;
  }

  /** Delete points older than PRICE_HISTORY_DAYS; resolves with how many. Never rejects. */
  async prune(): Promise<number> {
    try {
      const since = new Date(Date.now() - this.options.historyDays * 86_400_000);
      const result = await this.db.deleteFrom(TABLES.pricePoints).where('observed_at', '<', since).executeTakeFirst();
      const n = Number(result.numDeletedRows);
      this.counts.pruned += n;
      return n;
    } catch (err) {
      this.options.logger.warn({ err: messageOf(err) }, 'price history: pruning failed; retried at the next interval');
      return 0;
    }
  }

  stats(): { written: number; pruned: number; failedBatches: number; pending: number } {
    return { ...this.counts, pending: this.pending.length };
  }

  /** Stop the timers and write what is queued. */
  async close(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.flush();
  }

  private async write(batch: PricePoint[]): Promise<void> {
    try {
      const listings = [...new Map(batch.map((p) => [`${p.vendor}\u0000${p.vendorProductId}`, p])).values()];
      // The latest stored point of each listing and size: only what differs from it is a change.
      const latest = await this.db
        .selectFrom(TABLES.pricePoints)
        .select(['vendor', 'vendor_product_id', 'size', 'price_amount', 'currency_code', 'availability'])
        .distinctOn(['vendor', 'vendor_product_id', 'size'])
        .where((eb) => eb.or(listings.map((l) => eb.and([eb('vendor', '=', l.vendor), eb('vendor_product_id', '=', l.vendorProductId)]))))
        .orderBy('vendor')
        .orderBy('vendor_product_id')
        .orderBy('size')
        .orderBy('observed_at', 'desc')
        .execute();
      const last = new Map(
        latest.map((r) => [
          pointKey({ vendor: r.vendor, vendorProductId: r.vendor_product_id, size: r.size || null }),
          { price: r.price_amount === null || r.currency_code === null ? null : { amount: Number(r.price_amount), currencyCode: r.currency_code }, availability: r.availability as Availability },
        ]),
      );
      // Each point against the one before it: the stored latest, then the batch's own.
      const changed = batch.filter((p) => {
        const key = pointKey(p);
        const before = last.get(key);
        last.set(key, p);
        return !before || !sameState(before, p);
      });
      if (changed.length === 0) return;
      await this.db
        .insertInto(TABLES.pricePoints)
        .values(
          changed.map((p) => ({
            vendor: p.vendor,
            vendor_product_id: p.vendorProductId,
            size: p.size ?? '',
            observed_at: new Date(p.at),
            price_amount: p.price?.amount ?? null,
            currency_code: p.price?.currencyCode ?? null,
            availability: p.availability,
          })),
        )
        .execute();
      this.counts.written += changed.length;
    } catch (err) {
      this.counts.failedBatches++;
      this.options.logger.warn({ points: batch.length, err: messageOf(err) }, 'price history: a batch could not be written; those observations are lost');
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

