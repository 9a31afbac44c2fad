import { z } from 'zod';

/**
 * Catalog change events: how every server's search index follows the static tier. A process
 * that writes or removes static records publishes which product ids it touched; every other
 * server re-reads those ids from the static tier. Two backends implement the interface:
 * `InProcessCatalogEvents` (embedded mode) and `RedisCatalogEvents` (production: PUBLISH plus
 * a version key that lets a server that missed messages catch up). One contract suite runs
 * against both (test/catalog/catalog-events-contract.test.ts).
 */

/** Names on the wire, in one place. Redis keys and channels get REDIS_KEY_PREFIX in front. */
export const CATALOG_EVENTS = {
  /** Pub/sub channel of change messages. */
  channel: 'catalog:changes',
  /** Counter (INCR) bumped once per change, after the records are written: a gap means a missed message. */
  versionKey: 'catalog:version',
} as const;

/** What a writer says it changed: the product ids it wrote and those it removed. */
export interface CatalogChangeInput {
  upserted: readonly string[];
  removed: readonly string[];
}

/** One change as published: the writer's ids, the change's version and the publishing process. */
export interface CatalogChange {
  /** Position of this change in the shared order (1, 2, …); every write is in the tier before its version exists. */
  version: number;
  upserted: string[];
  removed: string[];
  /** The publishing process (a random id per bus), so a process ignores its own messages. */
  origin: string;
}

/** What a bus delivers to: a catalog that can apply one change or reload everything. */
export interface CatalogChangeListener {
  /** Apply another process's change (re-read its ids from the static tier). */
  applyChange(change: CatalogChange): Promise<unknown>;
  /** Reload the whole static tier: at start, and when changes may have been missed. */
  rebuildFromStore(): Promise<unknown>;
}

/** How the bus has been following, for tests and monitoring. */
export interface CatalogEventStats {
  origin: string;
  /** Other processes' changes handed to the listener. */
  received: number;
  /** Full reloads asked of the listener (the first one at subscribe included). */
  rebuilds: number;
  /** Changes published by this process. */
  published: number;
}

export interface CatalogEvents {
  /** This process's id in the messages it publishes. */
  readonly origin: string;
  /**
   * Announce a change whose records are already in the static tier. Resolves with the change
   * as published (its version and origin); rejects when it could not be announced.
   */
  publish(change: CatalogChangeInput): Promise<CatalogChange>;
  /**
   * Deliver every other process's change to `listener`, in the order received; never this
   * process's own. Calls `listener.rebuildFromStore()` once before resolving (the starting
   * point: what the tier holds now), and again whenever changes may have been missed. A
   * failing listener call is logged and repaired by a later rebuild, never thrown here.
   */
  subscribe(listener: CatalogChangeListener): Promise<void>;
  stats(): CatalogEventStats;
  /** Stop delivering and publishing; resolves when the bus's connections are closed. */
  close(): Promise<void>;
}

const ids = z.array(z.string().min(1)).max(100_000);
const CatalogChangeShape = z.object({
  version: z.number().int().positive(),
  upserted: ids,
  removed: ids,
  origin: z.string().min(1),
});

/** A change message as read off the wire, or null when it is not one (then the reader must rebuild). */
export function readCatalogChange(text: string): CatalogChange | null {
  try {
    const parsed = CatalogChangeShape.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
