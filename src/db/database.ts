import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kysely, PGliteDialect, PostgresDialect, type ColumnType, type Generated } from 'kysely';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { runMigrations } from './migrate.js';

/**
 * The durable store: what cannot be rebuilt (price history, saved price alerts, shoppers'
 * preferences). PostgreSQL with DATABASE_URL; PGlite (Postgres in-process) in DATA_DIR in
 * embedded mode; none in production mode without DATABASE_URL (those features are off, the rest
 * runs). The same SQL migrations (src/db/migrations, numbered) run at start on either; a new
 * table is a new migration file plus its row type below.
 */

/** SQL table names, spelled once. */
export const TABLES = { pricePoints: 'price_points', priceAlerts: 'price_alerts', alertDeliveries: 'alert_deliveries', userPreferences: 'user_preferences' } as const;

export interface PricePointRow {
  id: Generated<string>;
  vendor: string;
  vendor_product_id: string;
  size: string;
  observed_at: Date;
  /** NUMERIC: read back as a string by both drivers. */
  price_amount: string | number | null;
  currency_code: string | null;
  availability: string;
}

export interface PriceAlertRow {
  id: string;
  owner_id: string;
  product_id: string;
  listing_keys: string[];
  max_price_amount: string | number | null;
  max_price_currency: string | null;
  min_drop_percent: number | null;
  size: string | null;
  webhook_url: string | null;
  secret: string;
  created_at: Date;
  expires_at: Date;
  last_fired_at: Date | null;
}

export interface AlertDeliveryRow {
  id: Generated<string>;
  alert_id: string;
  change_key: string;
  payload: string;
  attempts: Generated<number>;
  next_attempt_at: Date;
  delivered_at: Date | null;
  failed_at: Date | null;
  last_error: string | null;
  created_at: Date;
}

export interface UserPreferencesRow {
  user_id: string;
  /** JSONB: written as JSON text, read back parsed by both drivers (and checked by its reader: a row is data from outside the process). */
  preferences: ColumnType<unknown, string, string>;
  updated_at: Date;
}

export interface DurableTables {
  price_points: PricePointRow;
  price_alerts: PriceAlertRow;
  alert_deliveries: AlertDeliveryRow;
  user_preferences: UserPreferencesRow;
}

export type DurableBackend = 'postgres' | 'pglite';

export interface DurableStore {
  db: Kysely<DurableTables>;
  backend: DurableBackend;
  /** Where it lives, for /health and logs (the URL without its password, or the data directory). */
  location: string;
  close(): Promise<void>;
}

/** What /health shows: whether history and saved alerts work here, and why not. */
export type DurableStatus =
  | { enabled: true; backend: DurableBackend; location: string }
  | { enabled: false; reason: string };

/** The message every durable field answers with when there is no durable store. */
export const DURABLE_OFF_MESSAGE =
  'price history and saved alerts are off on this server: production mode (REDIS_URL) without DATABASE_URL has no durable store; set DATABASE_URL to a PostgreSQL database';

/** Which durable store this configuration gets (without opening it). */
export function durableBackendOf(config: Pick<Config, 'mode' | 'live'>): DurableBackend | null {
  if (config.live.databaseUrl) return 'postgres';
  return config.mode === 'embedded' ? 'pglite' : null;
}

/** Open the durable store for this configuration and run its migrations; null when there is none (production without DATABASE_URL). */
export async function openDurableStore(config: Pick<Config, 'mode' | 'live'>, logger: Logger): Promise<DurableStore | null> {
  const backend = durableBackendOf(config);
  if (!backend) return null;
  const log = logger.child({ component: 'durable-store' });
  let store: DurableStore;
  if (backend === 'postgres') {
    const { default: pg } = await import('pg');
    const url = config.live.databaseUrl!;
    const pool = new pg.Pool({ connectionString: url, max: 5 });
    // An idle client's error (the server restarted) must not end the process: the pool replaces it.
    pool.on('error', (err) => log.warn({ err: err.message }, 'postgres: idle connection failed'));
    const location = redactUrl(url);
    store = { db: new Kysely<DurableTables>({ dialect: new PostgresDialect({ pool }) }), backend, location, close: async () => undefined };
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const dir = resolve(config.live.dataDir);
    mkdirSync(dir, { recursive: true });
    const pglite = await PGlite.create(dir);
    store = { db: new Kysely<DurableTables>({ dialect: new PGliteDialect({ pglite }) }), backend, location: dir, close: async () => undefined };
  }
  const db = store.db;
  store.close = () => db.destroy();
  try {
    const applied = await runMigrations(db);
    log.info({ backend, location: store.location, applied }, `durable store: ${backend} at ${store.location}${applied.length > 0 ? `, migrations applied: ${applied.join(', ')}` : ''}`);
  } catch (err) {
    await store.close().catch(() => undefined);
    throw new Error(`durable store (${backend} at ${store.location}): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return store;
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}
