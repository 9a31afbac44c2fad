import { randomUUID } from 'node:crypto';
import { Redis, type Cluster } from 'ioredis';
import { FAST_FAIL_REDIS_OPTIONS } from '../cache/redis-store.js';
import type { Logger } from '../logger.js';
import {
  CATALOG_EVENTS,
  readCatalogChange,
  type CatalogChange,
  type CatalogChangeInput,
  type CatalogChangeListener,
  type CatalogEvents,
  type CatalogEventStats,
} from './catalog-events.js';
import { ChangeVersions } from './change-versions.js';

export interface RedisCatalogEventsOptions {
  /** For INCR, GET and PUBLISH: a fast-fail client (a write must not wait for a reconnect). */
  client: Redis | Cluster;
  /** A connection of its own for SUBSCRIBE, with the offline queue on so it re-subscribes after a reconnect. */
  subscriber: Redis | Cluster;
  /** REDIS_KEY_PREFIX: in front of the channel and the version key. */
  prefix: string;
  /** How often the version key is read to find missed messages (CATALOG_SYNC_INTERVAL_SECONDS). */
  syncIntervalMs: number;
  logger: Logger;
  /** Default: a random id. */
  origin?: string;
  /** Close both clients on close() (default true). */
  ownsClients?: boolean;
}

/** The subscriber's connection name, so an operator (or a test) can find it in CLIENT LIST. */
export const subscriberConnectionName = (origin: string) => `hexar-catalog-events-${origin}`;

/**
 * Catalog change events over Redis. Every change is an INCR of the version key (after its
 * records are written) and a PUBLISH of `{ version, upserted, removed, origin }`. Pub/sub
 * is not durable: a server that was disconnected, or whose Redis restarted, misses
 * messages, so every `syncIntervalMs` it reads the version key; a version that never
 * arrived, or a counter that went backwards, makes it rebuild from the static tier.
 * Cluster-safe: one key (INCR, GET) and PUBLISH/SUBSCRIBE, which a Cluster broadcasts.
 */
export class RedisCatalogEvents implements CatalogEvents {
  readonly origin: string;
  private readonly channel: string;
  private readonly versionKey: string;
  private readonly counts = { received: 0, rebuilds: 0, published: 0 };
  /** null until the first rebuild succeeded: then the baseline is known. */
  private versions: ChangeVersions | null = null;
  private listener: CatalogChangeListener | null = null;
  private needsRebuild = false;
  private syncing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly warnedDown = new Set<string>();
  private warnedUnloaded = false;

  constructor(private readonly options: RedisCatalogEventsOptions) {
    this.origin = options.origin ?? randomUUID();
    this.channel = options.prefix + CATALOG_EVENTS.channel;
    this.versionKey = options.prefix + CATALOG_EVENTS.versionKey;
    this.watch(options.client, 'commands');
    this.watch(options.subscriber, 'subscriber');
  }

  /** A bus on two new connections to `url`: fast-fail commands, and a subscriber that queues while offline. */
  static fromUrl(url: string, options: Omit<RedisCatalogEventsOptions, 'client' | 'subscriber' | 'ownsClients'>): RedisCatalogEvents {
    const origin = options.origin ?? randomUUID();
    const client = new Redis(url, FAST_FAIL_REDIS_OPTIONS);
    const subscriber = new Redis(url, {
      lazyConnect: true,
      connectTimeout: 2000,
      enableOfflineQueue: true,
      autoResubscribe: true,
      connectionName: subscriberConnectionName(origin),
    });
    return new RedisCatalogEvents({ ...options, origin, client, subscriber });
  }

  /** INCR then PUBLISH; the caller has written the records already, so a reader that sees the version sees them. */
  async publish(input: CatalogChangeInput): Promise<CatalogChange> {
    if (this.closed) throw new Error('catalog events: closed');
    const { client } = this.options;
    // A failed first connect does not stop the INCR below from failing fast on its own.
    await connected(client).catch(() => undefined);
    const version = await client.incr(this.versionKey);
    this.versions?.seen(version);
    const change: CatalogChange = { version, upserted: [...input.upserted], removed: [...input.removed], origin: this.origin };
    await client.publish(this.channel, JSON.stringify(change));
    this.counts.published++;
    return change;
  }

  /** Subscribes (in the background while Redis is down), rebuilds once, then checks the version key every interval. */
  async subscribe(listener: CatalogChangeListener): Promise<void> {
    if (this.closed) throw new Error('catalog events: closed');
    if (this.listener) throw new Error('catalog events: already subscribed');
    this.listener = listener;
    const { subscriber, logger } = this.options;
    subscriber.on('message', this.onMessage);
    const up = await connected(subscriber).then(
      () => true,
      () => false,
    );
    const subscribed = subscriber.subscribe(this.channel);
    // Down: the SUBSCRIBE waits in the offline queue and is sent once Redis is back.
    if (up) await subscribed.catch((error: unknown) => logger.warn({ err: message(error) }, 'catalog events: subscribe failed'));
    else subscribed.catch(() => undefined);
    await this.sync();
    this.schedule();
  }

  stats(): CatalogEventStats {
    return { origin: this.origin, ...this.counts };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.syncing;
    const { client, subscriber } = this.options;
    subscriber.off('message', this.onMessage);
    if (this.options.ownsClients === false) return;
    await Promise.all([quit(subscriber), quit(client)]);
  }

  private readonly onMessage = (channel: string, text: string): void => {
    if (channel !== this.channel || this.closed || !this.listener) return;
    const change = readCatalogChange(text);
    if (!change) {
      this.options.logger.warn({ channel }, 'catalog events: unreadable change message; the catalog reloads at the next check');
      this.needsRebuild = true;
      return;
    }
    this.versions?.seen(change.version);
    if (change.origin === this.origin) return;
    this.counts.received++;
    this.listener.applyChange(change).catch((error: unknown) => {
      if (this.closed) return; // the process is shutting down under it
      this.options.logger.warn({ err: message(error), version: change.version }, 'catalog change not applied; the catalog reloads at the next check');
      this.needsRebuild = true;
    });
  };

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => void this.sync().finally(() => this.schedule()), this.options.syncIntervalMs);
    // A pending check never keeps a process alive (warm-cache exits when it is done).
    this.timer.unref();
  }

  /** Read the version key; rebuild at the start, after a missed or unreadable change, or when the counter went back. Never rejects. */
  private sync(): Promise<void> {
    this.syncing ??= this.syncOnce().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    const { client, logger } = this.options;
    let counter: number;
    try {
      await connected(client).catch(() => undefined);
      counter = versionOf(await client.get(this.versionKey));
    } catch (error) {
      // Before the first load this is what an operator needs to see; later, the store's own warnings say it.
      if (!this.versions && !this.warnedUnloaded) logger.warn({ err: message(error) }, 'catalog: static tier unreadable at start; the catalog loads once Redis answers');
      else logger.debug({ err: message(error) }, 'catalog events: version key unreadable');
      this.warnedUnloaded = true;
      return;
    }
    const versions = this.versions;
    const verdict = !versions ? 'start' : this.needsRebuild ? 'missed' : versions.check(counter);
    if (verdict === 'in-sync' || this.closed || !this.listener) return;
    if (verdict !== 'start') {
      const why = verdict === 'reset' ? 'the catalog version key went back (Redis lost it)' : 'catalog changes were missed';
      logger.info({ version: counter }, `catalog events: ${why}; reloading from the static tier`);
    }
    this.needsRebuild = false;
    this.counts.rebuilds++;
    try {
      // The counter was read before the tier: every change up to it is in what this reads.
      await this.listener.rebuildFromStore();
    } catch (error) {
      logger.warn({ err: message(error) }, 'catalog: static tier unreadable; retrying at the next check');
      this.needsRebuild = versions !== null;
      return;
    }
    if (versions) versions.caughtUp(counter);
    else this.versions = new ChangeVersions(counter);
  }

  /** One warning per outage and connection, not one per reconnect attempt. */
  private watch(connection: Redis | Cluster, role: string): void {
    connection.on('error', (error: unknown) => {
      if (this.warnedDown.has(role)) return;
      this.warnedDown.add(role);
      this.options.logger.warn({ err: message(error) }, `catalog events: redis ${role} connection error`);
    });
    connection.on('ready', () => this.warnedDown.delete(role));
  }
}

const connecting = new WeakMap<Redis | Cluster, Promise<void>>();

/**
 * Connect a lazy client once; every caller waits for that first attempt (with the offline
 * queue off, a command sent while it runs would fail). Rejects when the first attempt fails;
 * ioredis keeps reconnecting, and later callers go on at once (their commands fail fast while down).
 */
function connected(connection: Redis | Cluster): Promise<void> {
  let attempt = connecting.get(connection);
  if (!attempt) {
    attempt = connection.status === 'wait' ? connection.connect().then(() => undefined) : Promise.resolve();
    connecting.set(connection, attempt);
  }
  return attempt;
}

async function quit(connection: Redis | Cluster): Promise<void> {
  if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect());
  else connection.disconnect();
}

function versionOf(raw: string | null): number {
  const version = raw === null ? 0 : Number(raw);
  if (!Number.isSafeInteger(version) || version < 0) throw new Error(`the catalog version key holds ${JSON.stringify(raw)}`);
  return version;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
