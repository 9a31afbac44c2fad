import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { TABLES, type DurableTables, type PriceAlertRow } from '../db/database.js';
import type { StaticProduct } from '../domain/product.js';
import type { Viewer } from '../domain/user.js';
import type { Logger } from '../logger.js';
import { listingKey } from '../live/types.js';
import type { AlertCriteria } from './changes.js';
import { InputError } from './errors.js';
import { alertEvent, validateCriteria, type ListingUpdateListener, type PriceAlertEvent } from './live-subscriptions.js';
import type { ListingUpdateMessage } from './pubsub.js';
import { postWebhook, webhookProblem } from './webhook.js';

/** Attempts per delivery before it is given up (then `failed_at`). */
export const MAX_DELIVERY_ATTEMPTS = 6;
/** Backoff after a failed attempt: 1 s, 2 s, 4 s … capped. */
const BACKOFF_FIRST_MS = 1000;
const BACKOFF_MAX_MS = 5 * 60_000;
/** A claimed delivery is another server's to retry only after this long (its sender died mid-attempt). */
const CLAIM_MS = 30_000;
/** Due deliveries are looked for this often. */
const DELIVERY_POLL_MS = 500;
/** At most this many alerts per viewer. */
export const MAX_ALERTS_PER_VIEWER = 100;

/** A saved alert as its owner sees it (never its secret). */
export interface SavedPriceAlert {
  id: string;
  productId: string;
  criteria: AlertCriteria;
  webhookUrl: string | null;
  createdAt: string;
  expiresAt: string;
  lastFiredAt: string | null;
}

/** What a fired alert's webhook receives (JSON), signed in `X-Hexar-Signature`. */
export interface AlertWebhookBody extends Omit<PriceAlertEvent, 'offer'> {
  event: 'price_alert';
  alertId: string;
  deliveryId: string;
  price: PriceAlertEvent['offer']['price'];
  availability: PriceAlertEvent['offer']['availability'];
  url: string;
}

export interface SavedAlertsDeps {
  db: Kysely<DurableTables>;
  products: { getProducts(ids: readonly string[]): Promise<(StaticProduct | null)[]> };
  ttlDays: number;
  allowPrivateWebhooks: boolean;
  /** Tells this server's priceAlert subscribers of the owner that their saved alert fired. */
  onFired?: (ownerId: string, alertId: string, event: PriceAlertEvent) => void;
  logger: Logger;
}

/**
 * Saved price alerts in the durable store: they outlive any connection and any server. A change
 * one server saw (ListingUpdateListener) is matched against the alerts on that listing; each alert
 * fires once per change (a unique delivery row per alert and change, whichever server inserts it
 * first); a webhook delivery is a signed POST retried with backoff, claimed by one server at a time.
 */
export class SavedAlerts implements ListingUpdateListener {
  private timer: NodeJS.Timeout | null = null;
  private delivering: Promise<void> | null = null;
  private readonly matching = new Set<Promise<void>>();
  private readonly counts = { fired: 0, delivered: 0, failedAttempts: 0, givenUp: 0 };

  constructor(private readonly deps: SavedAlertsDeps) {}

  start(): void {
    this.timer = setInterval(() => void this.deliverDue(), DELIVERY_POLL_MS);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.matching]);
    await this.delivering;
  }

  stats() {
    return { ...this.counts };
  }

  /** Mutation.watchPrice: store the alert; resolves with it and its webhook secret (shown this once). */
  async watch(viewer: Viewer | null, productId: string, criteria: AlertCriteria, webhookUrl: string | null): Promise<{ alert: SavedPriceAlert; secret: string }> {
    const owner = requireViewer(viewer);
    validateCriteria(criteria);
    if (webhookUrl !== null) {
      const problem = await webhookProblem(webhookUrl, this.deps.allowPrivateWebhooks);
      if (problem) throw new InputError('BAD_USER_INPUT', problem);
    }
    const [product] = await this.deps.products.getProducts([productId]);
    if (!product) throw new InputError('NOT_FOUND', `No product with id "${productId}" in the catalog.`);
    const count = await this.deps.db
      .selectFrom(TABLES.priceAlerts)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('owner_id', '=', owner.userId)
      .where('expires_at', '>', new Date())
      .executeTakeFirst();
    if (Number(count?.n ?? 0) >= MAX_ALERTS_PER_VIEWER) {
      throw new InputError('BAD_USER_INPUT', `at most ${MAX_ALERTS_PER_VIEWER} saved alerts per viewer; remove one with unwatchPrice first`);
    }
    const now = new Date();
    const row: PriceAlertRow = {
      id: randomUUID(),
      owner_id: owner.userId,
      product_id: product.id,
      listing_keys: product.listings.map(listingKey),
      max_price_amount: criteria.maxPrice?.amount ?? null,
      max_price_currency: criteria.maxPrice?.currencyCode ?? null,
      min_drop_percent: criteria.minDropPercent,
      size: criteria.size,
      webhook_url: webhookUrl,
      secret: randomBytes(32).toString('base64url'),
      created_at: now,
      expires_at: new Date(now.getTime() + this.deps.ttlDays * 86_400_000),
      last_fired_at: null,
    };
    await this.deps.db.insertInto(TABLES.priceAlerts).values(row).execute();
    return { alert: toAlert(row), secret: row.secret };
  }

  /** Query.myPriceAlerts: the viewer's alerts that have not expired, oldest first. */
  async list(viewer: Viewer | null): Promise<SavedPriceAlert[]> {
    const owner = requireViewer(viewer);
    const rows = await this.deps.db
      .selectFrom(TABLES.priceAlerts)
      .selectAll()
      .where('owner_id', '=', owner.userId)
      .where('expires_at', '>', new Date())
      .orderBy('created_at')
      .execute();
    return rows.map(toAlert);
  }

  /** Mutation.unwatchPrice: remove one of the viewer's alerts (another viewer's is FORBIDDEN, an unknown id NOT_FOUND). */
  async unwatch(viewer: Viewer | null, id: string): Promise<void> {
    const owner = requireViewer(viewer);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new InputError('BAD_USER_INPUT', `"${id.slice(0, 80)}" is not a saved alert id`);
    const deleted = await this.deps.db.deleteFrom(TABLES.priceAlerts).where('id', '=', id).where('owner_id', '=', owner.userId).executeTakeFirst();
    if (Number(deleted.numDeletedRows) > 0) return;
    const exists = await this.deps.db.selectFrom(TABLES.priceAlerts).select('id').where('id', '=', id).executeTakeFirst();
    if (exists) throw new InputError('FORBIDDEN', 'this saved alert belongs to another viewer: only its owner may remove it');
    throw new InputError('NOT_FOUND', `no saved alert with id "${id}"`);
  }

  /** Products with an alert that has not expired (the refresher reads them with nobody connected). Expired alerts are removed on the way. */
  async productIds(): Promise<string[]> {
    await this.deps.db.deleteFrom(TABLES.priceAlerts).where('expires_at', '<=', new Date()).execute();
    const rows = await this.deps.db.selectFrom(TABLES.priceAlerts).select('product_id').distinct().execute();
    return rows.map((r) => r.product_id);
  }

  /** A change one server saw: fire each matching alert once (never throws; the work runs in the background). */
  onListingUpdate(message: ListingUpdateMessage): void {
    const work = this.match(message)
      .catch((err: unknown) => this.deps.logger.warn({ err: messageOf(err) }, 'saved alerts: a change could not be matched'))
      .finally(() => this.matching.delete(work));
    this.matching.add(work);
  }

  /** Resolves once the changes seen so far are matched and due deliveries attempted (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.matching]);
    await this.deliverDue();
  }

  private async match(message: ListingUpdateMessage): Promise<void> {
    const key = listingKey(message);
    const alerts = await this.deps.db
      .selectFrom(TABLES.priceAlerts)
      .selectAll()
      .where(sql<boolean>`listing_keys @> ARRAY[${key}]::text[]`)
      .where('expires_at', '>', new Date())
      .execute();
    for (const row of alerts) {
      const event = alertEvent(row.product_id, toAlert(row).criteria, message);
      if (!event) continue;
      // One change is one (listing, read time): the unique key makes it fire once cluster-wide.
      const changeKey = `${key}@${message.observedAt}`;
      const body: Omit<AlertWebhookBody, 'deliveryId'> = {
        event: 'price_alert',
        alertId: row.id,
        productId: row.product_id,
        vendor: event.vendor,
        size: event.size,
        price: event.offer.price,
        availability: event.offer.availability,
        url: event.offer.url,
        previousPrice: event.previousPrice,
        dropPercent: event.dropPercent,
        lowestInHistory: event.lowestInHistory,
        observedAt: event.observedAt,
      };
      const now = new Date();
      const inserted = await this.deps.db
        .insertInto(TABLES.alertDeliveries)
        .values({
          alert_id: row.id,
          change_key: changeKey,
          payload: JSON.stringify(body),
          next_attempt_at: now,
          delivered_at: row.webhook_url ? null : now,
          failed_at: null,
          last_error: null,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['alert_id', 'change_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) continue;
      this.counts.fired++;
      await this.deps.db.updateTable(TABLES.priceAlerts).set({ last_fired_at: now }).where('id', '=', row.id).execute();
      this.deps.onFired?.(row.owner_id, row.id, event);
    }
    if (alerts.length > 0) await this.deliverDue();
  }

  /** Attempt every due delivery (one round at a time per server; rows are claimed, so servers never send one twice at once). */
  deliverDue(): Promise<void> {
    this.delivering ??= this.deliverRound()
      .catch((err: unknown) => this.deps.logger.warn({ err: messageOf(err) }, 'saved alerts: deliveries could not be read; retried shortly'))
      .finally(() => (this.delivering = null));
    return this.delivering;
  }

  private async deliverRound(): Promise<void> {
    const { db } = this.deps;
    const claimedUntil = new Date(Date.now() + CLAIM_MS);
    const due = await sql<{ id: string; alert_id: string; payload: string; attempts: number }>`
      UPDATE ${sql.table(TABLES.alertDeliveries)} SET attempts = attempts + 1, next_attempt_at = ${claimedUntil}
      WHERE id IN (
        SELECT id FROM ${sql.table(TABLES.alertDeliveries)}
        WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
        ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED
      )
      RETURNING id, alert_id, payload, attempts`.execute(db);
    await Promise.all(due.rows.map((d) => this.attempt(d)));
  }

  private async attempt(d: { id: string; alert_id: string; payload: string; attempts: number }): Promise<void> {
    const { db } = this.deps;
    const alert = await db.selectFrom(TABLES.priceAlerts).select(['webhook_url', 'secret']).where('id', '=', d.alert_id).executeTakeFirst();
    if (!alert?.webhook_url) {
      await db.updateTable(TABLES.alertDeliveries).set({ delivered_at: new Date() }).where('id', '=', d.id).execute();
      return;
    }
    const body = JSON.stringify({ ...(JSON.parse(d.payload) as object), deliveryId: String(d.id) });
    const problem = (await webhookProblem(alert.webhook_url, this.deps.allowPrivateWebhooks)) ?? (await postWebhook(alert.webhook_url, alert.secret, body, { 'x-hexar-delivery-id': String(d.id) }));
    if (problem === null) {
      this.counts.delivered++;
      await db.updateTable(TABLES.alertDeliveries).set({ delivered_at: new Date(), last_error: null }).where('id', '=', d.id).execute();
      return;
    }
    this.counts.failedAttempts++;
    const attempts = Number(d.attempts);
    if (attempts >= MAX_DELIVERY_ATTEMPTS) {
      this.counts.givenUp++;
      this.deps.logger.warn({ alertId: d.alert_id, attempts, err: problem }, 'saved alerts: webhook delivery given up');
      await db.updateTable(TABLES.alertDeliveries).set({ failed_at: new Date(), last_error: problem }).where('id', '=', d.id).execute();
      return;
    }
    const backoffMs = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (attempts - 1));
    await db
      .updateTable(TABLES.alertDeliveries)
      .set({ next_attempt_at: new Date(Date.now() + backoffMs), last_error: problem })
      .where('id', '=', d.id)
      .execute();
  }
}

function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) {
    throw new InputError('UNAUTHENTICATED', 'saved price alerts belong to a viewer: send an X-Hexar-User token (README, Users) to save, list or remove them');
  }
  return viewer;
}

function toAlert(row: PriceAlertRow): SavedPriceAlert {
  return {
    id: row.id,
    productId: row.product_id,
    criteria: {
      maxPrice: row.max_price_amount === null || row.max_price_currency === null ? null : { amount: Number(row.max_price_amount), currencyCode: row.max_price_currency },
      minDropPercent: row.min_drop_percent === null ? null : Number(row.min_drop_percent),
      size: row.size,
    },
    webhookUrl: row.webhook_url,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    lastFiredAt: row.last_fired_at ? new Date(row.last_fired_at).toISOString() : null,
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
