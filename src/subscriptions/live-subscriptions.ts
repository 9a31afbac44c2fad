import { Repeater } from 'graphql-yoga';
import type { LiveOffer } from '../domain/live.js';
import type { Money, StaticProduct, VendorId } from '../domain/product.js';
import type { Logger } from '../logger.js';
import { listingKey, type LiveOfferView, type ObservedListing } from '../live/types.js';
import { alertFires, classifyOfferChange, dropPercent, type AlertCriteria, type OfferChangeKind } from './changes.js';
import { InputError } from './errors.js';
import type { LiveRefresher } from './live-refresher.js';
import type { Viewer } from '../domain/user.js';
import type { HexarPubSub, ListingUpdateMessage, SavedAlertFiredMessage } from './pubsub.js';

/** At most this many products per offerUpdates subscription. */
export const MAX_SUBSCRIBED_PRODUCTS = 100;

/** One change of one retailer's offer of a subscribed product (Subscription.offerUpdates). */
export interface OfferUpdate {
  productId: string;
  vendor: VendorId;
  change: OfferChangeKind;
  /** SIZE_STOCK: the size whose stock flipped. */
  size: string | null;
  previousPrice: Money | null;
  /** null when DELISTED. */
  offer: LiveOfferView | null;
  lowestInHistory: boolean | null;
  observedAt: string;
}

/** A price alert that fired (Subscription.priceAlert; a saved alert's event too). */
export interface PriceAlertEvent {
  productId: string;
  vendor: VendorId;
  size: string | null;
  offer: LiveOfferView;
  previousPrice: Money | null;
  /** How far the price fell from the previous one, in percent (null when it did not fall or is unknown). */
  dropPercent: number | null;
  lowestInHistory: boolean | null;
  observedAt: string;
  /** Set when this is one of the viewer's saved alerts firing (Mutation.watchPrice). */
  savedAlertId?: string | null;
}

/** What the publisher needs of price history: the listing's lowest price in the window, and recording what was read. */
export interface PriceHistoryPort {
  /** Every read offer (and delisting) of a batch; written later, off the request path. */
  record(observed: readonly ObservedListing[]): void;
  /** The lowest price this listing had in the last PRICE_HISTORY_DAYS, or null when none is recorded. */
  lowestPrice(vendor: VendorId, vendorProductId: string): Promise<Money | null>;
}

/** What happens on a change besides the subscribers hearing it (saved alerts). */
export interface ListingUpdateListener {
  onListingUpdate(message: ListingUpdateMessage): void;
}

export interface LiveSubscriptionsDeps {
  pubsub: HexarPubSub;
  refresher: LiveRefresher;
  products: { getProducts(ids: readonly string[]): Promise<(StaticProduct | null)[]> };
  /** Retailers this server knows (vendors argument check). */
  vendors: readonly VendorId[];
  history?: PriceHistoryPort | null;
  listeners?: ListingUpdateListener[];
  logger: Logger;
}

const view = (offer: LiveOffer): LiveOfferView => ({ ...offer, stale: false });

/**
 * Live price subscriptions: the live track's observer publishes every change a retailer batch
 * read (refresher or request path) on the listing's topic; subscriptions follow their products'
 * listings' topics on whichever server they are connected to, and keep the refresher going while
 * they last.
 */
export class LiveSubscriptions {
  constructor(private readonly deps: LiveSubscriptionsDeps) {}

  /**
   * The live market service's observer: record what was read, then publish each listing whose
   * price, stock or listing changed against what the live tier held. Never throws.
   */
  observe(observed: readonly ObservedListing[]): void {
    this.deps.history?.record(observed);
    for (const { listing, previous, outcome } of observed) {
      if (!previous) continue;
      const offer = outcome.kind === 'offer' ? outcome.offer : outcome.failure === 'NOT_FOUND' ? null : undefined;
      if (offer === undefined) continue; // a failure says nothing about the offer
      const changes = classifyOfferChange(previous, offer);
      if (changes.length === 0) continue;
      void this.publish({
        vendor: listing.vendor,
        vendorProductId: listing.vendorProductId,
        changes,
        previous,
        offer,
        lowestInHistory: null,
        observedAt: offer?.fetchedAt ?? new Date().toISOString(),
      });
    }
  }

  /** Subscription.offerUpdates: every change of the products' offers (at these retailers), one update per kind of change. */
  async offerUpdates(productIds: readonly string[], vendors: readonly string[] | null): Promise<AsyncIterable<OfferUpdate>> {
    if (productIds.length === 0) throw new InputError('BAD_USER_INPUT', 'productIds: give at least one product id');
    if (productIds.length > MAX_SUBSCRIBED_PRODUCTS) {
      throw new InputError('BAD_USER_INPUT', `productIds: at most ${MAX_SUBSCRIBED_PRODUCTS} products per subscription, got ${productIds.length}; open another subscription for the rest`);
    }
    const unknownVendors = (vendors ?? []).filter((v) => !this.deps.vendors.includes(v));
    if (unknownVendors.length > 0) {
      throw new InputError('BAD_USER_INPUT', `vendors: unknown retailer ${unknownVendors.map((v) => `"${v}"`).join(', ')}; known: ${this.deps.vendors.join(', ')}`);
    }
    const products = await this.loadProducts(productIds);
    const wanted = vendors && vendors.length > 0 ? new Set(vendors) : null;
    const owner = new Map<string, string>();
    for (const p of products) for (const l of p.listings) if (!wanted || wanted.has(l.vendor)) owner.set(listingKey(l), p.id);
    return this.follow(products.map((p) => p.id), [...owner.keys()], (message) => {
      if ('savedAlertId' in message) return [];
      const productId = owner.get(listingKey(message))!;
      return message.changes.map((c) => ({
        productId,
        vendor: message.vendor,
        change: c.kind,
        size: c.size,
        previousPrice: message.previous.price,
        offer: message.offer ? view(message.offer) : null,
        lowestInHistory: message.lowestInHistory,
        observedAt: message.observedAt,
      }));
    });
  }

  /**
   * Subscription.priceAlert: fires once per change that meets the criteria (see alertFires); a
   * signed-in viewer also hears their saved alerts on the product fire (with `savedAlertId`).
   */
  async priceAlert(productId: string, criteria: AlertCriteria, viewer: Viewer | null = null): Promise<AsyncIterable<PriceAlertEvent>> {
    validateCriteria(criteria);
    const [product] = await this.loadProducts([productId]);
    const saved = viewer ? [{ topic: this.deps.pubsub.topic('savedAlertFired'), id: savedAlertRoute(viewer.userId, product!.id) }] : [];
    return this.follow([product!.id], product!.listings.map(listingKey), (message) => {
      if ('savedAlertId' in message) return [{ ...message.event, savedAlertId: message.savedAlertId }];
      const event = alertEvent(product!.id, criteria, message);
      return event ? [event] : [];
    }, saved);
  }

  /** Tell the owner's priceAlert subscribers (on every server) that a saved alert fired. */
  publishSavedAlert(ownerId: string, savedAlertId: string, event: PriceAlertEvent): void {
    const message: SavedAlertFiredMessage = { savedAlertId, event };
    this.deps.pubsub.pubSub.publish(this.deps.pubsub.topic('savedAlertFired'), savedAlertRoute(ownerId, event.productId), message);
  }

  /** Follow listing topics while the subscriber stays, keeping the refresher on the products. */
  private follow<T>(
    productIds: string[],
    listingKeys: string[],
    toEvents: (message: ListingUpdateMessage | SavedAlertFiredMessage) => T[],
    extra: { topic: string; id: string }[] = [],
  ): AsyncIterable<T> {
    const { pubsub, refresher } = this.deps;
    const topic = pubsub.topic('listingUpdates');
    return new Repeater<T>(async (push, stop) => {
      const release = refresher.watch(productIds);
      const merged = Repeater.merge([...listingKeys.map((key) => pubsub.pubSub.subscribe(topic, key)), ...extra.map((e) => pubsub.pubSub.subscribe(e.topic, e.id))]);
      void stop.then(() => {
        release();
        void merged.return(undefined);
      });
      try {
        for await (const message of merged) for (const event of toEvents(message)) await push(event);
      } finally {
        release();
      }
    });
  }

  private async loadProducts(ids: readonly string[]): Promise<StaticProduct[]> {
    const loaded = await this.deps.products.getProducts([...new Set(ids)]);
    const missing = [...new Set(ids)].filter((_, i) => !loaded[i]);
    if (missing.length > 0) {
      throw new InputError('NOT_FOUND', `No product with id ${missing.slice(0, 5).map((id) => `"${id}"`).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''} in the catalog.`);
    }
    return loaded as StaticProduct[];
  }

  private async publish(message: ListingUpdateMessage): Promise<void> {
    try {
      const lowestInHistory = await this.lowestInHistory(message);
      const full = { ...message, lowestInHistory };
      for (const listener of this.deps.listeners ?? []) listener.onListingUpdate(full);
      this.deps.pubsub.pubSub.publish(this.deps.pubsub.topic('listingUpdates'), listingKey(full), full);
    } catch (err) {
      this.deps.logger.warn({ vendor: message.vendor, err: err instanceof Error ? err.message : String(err) }, 'subscriptions: a change could not be published');
    }
  }

  /** The new price is at or under every price this listing had in the history window (the previous one included). */
  private async lowestInHistory(message: ListingUpdateMessage): Promise<boolean | null> {
    const price = message.offer?.price;
    if (!this.deps.history || !price) return null;
    const lowest = await this.deps.history.lowestPrice(message.vendor, message.vendorProductId).catch(() => undefined);
    if (lowest === undefined) return null;
    const floor = [lowest, message.previous.price].filter((m): m is Money => m !== null && m.currencyCode === price.currencyCode);
    return floor.every((m) => price.amount <= m.amount);
  }
}

const savedAlertRoute = (ownerId: string, productId: string) => `${ownerId} ${productId}`;

/** Bad criteria, said plainly (shared with saved alerts). */
export function validateCriteria(criteria: AlertCriteria): void {
  if (criteria.maxPrice && !(criteria.maxPrice.amount >= 0 && Number.isFinite(criteria.maxPrice.amount))) {
    throw new InputError('BAD_USER_INPUT', `maxPrice.amount must be a number >= 0, got ${criteria.maxPrice.amount}`);
  }
  if (criteria.maxPrice && !/^[A-Z]{3}$/.test(criteria.maxPrice.currencyCode)) {
    throw new InputError('BAD_USER_INPUT', `maxPrice.currencyCode must be an ISO 4217 code such as "USD", got "${criteria.maxPrice.currencyCode}"`);
  }
  if (criteria.minDropPercent !== null && !(criteria.minDropPercent > 0 && criteria.minDropPercent <= 100)) {
    throw new InputError('BAD_USER_INPUT', `minDropPercent must be more than 0 and at most 100, got ${criteria.minDropPercent}`);
  }
  if (criteria.size !== null && (criteria.size.trim() === '' || criteria.size.length > 40)) {
    throw new InputError('BAD_USER_INPUT', 'size must be a size as retailers list it, e.g. "158" or "10.5"');
  }
}

/** The priceAlert event this change fires for these criteria, or null. */
export function alertEvent(productId: string, criteria: AlertCriteria, message: ListingUpdateMessage): PriceAlertEvent | null {
  if (!alertFires(criteria, message.previous, message.offer) || !message.offer) return null;
  const drop = dropPercent(message.previous.price, message.offer.price);
  return {
    productId,
    vendor: message.vendor,
    size: criteria.size,
    offer: view(message.offer),
    previousPrice: message.previous.price,
    dropPercent: drop !== null && drop > 0 ? Math.round(drop * 100) / 100 : null,
    lowestInHistory: message.lowestInHistory,
    observedAt: message.observedAt,
  };
}
