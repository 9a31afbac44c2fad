import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from '../logger.js';
import {
  CATALOG_EVENTS,
  type CatalogChange,
  type CatalogChangeInput,
  type CatalogChangeListener,
  type CatalogEvents,
  type CatalogEventStats,
} from './catalog-events.js';

/**
 * The medium the in-process buses of one process share (what Redis is to the Redis bus): an
 * event emitter and the version counter. Nothing is lost in a process, so there is no catch-up.
 */
export class InProcessCatalogHub {
  readonly emitter = new EventEmitter().setMaxListeners(0);
  version = 0;
}

export interface InProcessCatalogEventsOptions {
  /** Shared with the other buses of this process (default: a hub of its own). */
  hub?: InProcessCatalogHub;
  logger?: Logger;
}

/** Catalog change events inside one process (embedded mode): delivered on a later tick, in publish order. */
export class InProcessCatalogEvents implements CatalogEvents {
  readonly origin = randomUUID();
  private readonly hub: InProcessCatalogHub;
  private readonly counts = { received: 0, rebuilds: 0, published: 0 };
  private handler: ((change: CatalogChange) => void) | null = null;
  private closed = false;

  constructor(private readonly options: InProcessCatalogEventsOptions = {}) {
    this.hub = options.hub ?? new InProcessCatalogHub();
  }

  /** Emits to the hub; listeners run on a later tick, so a publisher never waits for another catalog's apply. */
  async publish(input: CatalogChangeInput): Promise<CatalogChange> {
    if (this.closed) throw new Error('catalog events: closed');
    const change: CatalogChange = {
      version: ++this.hub.version,
      upserted: [...input.upserted],
      removed: [...input.removed],
      origin: this.origin,
    };
    this.counts.published++;
    this.hub.emitter.emit(CATALOG_EVENTS.channel, change);
    return change;
  }

  /** Rebuilds the listener once, then hands it every other bus's change. */
  async subscribe(listener: CatalogChangeListener): Promise<void> {
    if (this.closed) throw new Error('catalog events: closed');
    if (this.handler) throw new Error('catalog events: already subscribed');
    const log = this.options.logger;
    this.handler = (change) => {
      if (change.origin === this.origin) return;
      this.counts.received++;
      setImmediate(() => {
        if (this.closed) return;
        listener.applyChange(change).catch((error: unknown) => log?.warn({ err: error, version: change.version }, 'catalog change not applied'));
      });
    };
    this.hub.emitter.on(CATALOG_EVENTS.channel, this.handler);
    this.counts.rebuilds++;
    await listener.rebuildFromStore().catch((error: unknown) => log?.warn({ err: error }, 'catalog: static tier unreadable at start'));
  }

  stats(): CatalogEventStats {
    return { origin: this.origin, ...this.counts };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.handler) this.hub.emitter.off(CATALOG_EVENTS.channel, this.handler);
    this.handler = null;
  }
}
