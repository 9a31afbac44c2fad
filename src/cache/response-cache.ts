import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ExecutionResult } from 'graphql';
import type { Logger } from '../logger.js';
import type { Store } from './store.js';
import { stableJson, type TierCounters } from './tiers.js';

/** Key naming of the response cache, in one place (v2: the entry is a header line plus the answer's text). */
const VERSION = 2;
export const responseKeys = {
  /** A whole answer: global (anonymous, or a viewer without preferences) or one user's. */
  global: (hash: string) => `response:v${VERSION}:global:${hash}`,
  user: (userId: string, hash: string) => `response:v${VERSION}:user:${userId}:${hash}`,
  /** The answers holding one product: dropped when the heavy track rewrites it. */
  productIndex: (productId: string) => `response:v${VERSION}:product:${productId}`,
  /** One user's answers: dropped when their preferences change. */
  userIndex: (userId: string) => `response:v${VERSION}:by-user:${userId}`,
} as const;

/** Answers one index remembers at most (the latest-expiring kept): an index is bounded like its entries. */
const MAX_INDEXED_ANSWERS = 1_000;

/** What the response cache key is made of. */
export interface ResponseKeyParts {
  documentString: string;
  variableValues: unknown;
  operationName?: string | null;
  /** null: a global answer; else the viewer and the version of their preferences. */
  user: { userId: string; preferencesVersion: string } | null;
  /** The catalog's content version: nothing cached on an older catalog is served. */
  catalogVersion: string;
}

/** The response cache key: every part that changes the answer, hashed; the viewer in clear, for their index. */
export function responseCacheKey(parts: ResponseKeyParts): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([parts.documentString, parts.operationName ?? '', stableJson(parts.variableValues ?? {}), parts.user?.preferencesVersion ?? '', parts.catalogVersion]))
    .digest('base64url')
    .slice(0, 32);
  return parts.user ? responseKeys.user(parts.user.userId, hash) : responseKeys.global(hash);
}

const USER_KEY = new RegExp(`^response:v${VERSION}:user:(.+):[^:]+$`);

/** An answer as it is handed out: yoga sends the text it was stored as (result.stringify), never serialising it again. */
export type HeldAnswer = ExecutionResult & { stringify: () => string };

interface LocalAnswer {
  answer: HeldAnswer;
  products: string[];
}

/** The first line of an entry: what the answer holds and when it expires; the rest is the answer's text. */
interface EntryHeader {
  products: string[];
  expiresAtMs: number;
}

/**
 * The response cache's store on the project's Store, so it is Redis (or Redis Cluster) in
 * production and memory in embedded mode:
 * - no KEYS and no multi-key command across slots: answers are plain keys with a TTL; the
 *   answers holding a product, and one user's answers, are indexes (sorted sets scored by each
 *   answer's expiry, trimmed on every write, bounded, with a TTL of their own), all written in
 *   one round trip;
 * - an entry is a header line (products, expiry) and the answer's JSON text, the text yoga sent:
 *   a hit sends it as it is;
 * - an answer that holds no product is never written (nothing to serve again, and an empty
 *   answer may only mean the catalog is filling), nor one while `cacheable()` says no;
 * - reads fail open: a store error or an unreadable value is a miss, counted, never a failed request.
 * Hits, corrupt values and errors are counted here; misses by the plugin (response-cache-plugin.ts).
 */
export class ResponseCacheStore {
  /**
   * Answers read from the store lately, decoded, until their entry's expiry: a hot answer costs
   * neither a round trip nor a JSON parse. Dropped with the store's entry (product and user
   * invalidations reach every server: catalog change events, and the preferences' version in each
   * user key), and never stale on a catalog change (the version is in every key).
   */
  private readonly local: LRUCache<string, LocalAnswer> | null;

  constructor(
    private readonly deps: {
      store: Store;
      /** Longest an answer is kept (the query tier's TTL). */
      maxTtlSeconds: number;
      counters: TierCounters;
      logger: Logger;
      /** Whether answers may be written now (e.g. only while the catalog is READY). */
      cacheable?: () => boolean;
      /**
       * Told the products of each answer served, so the static tier's copy of them is checked off
       * the request path (a tier that lost them heals as if a search had read them).
       */
      onServed?: (productIds: string[]) => void;
      /** Decoded answers kept in this process (0: none, every hit reads the store). */
      localEntries?: number;
    },
  ) {
    const max = deps.localEntries ?? 0;
    this.local = max > 0 ? new LRUCache({ max, ttl: deps.maxTtlSeconds * 1000 }) : null;
  }

  private hit(local: LocalAnswer): HeldAnswer {
    this.deps.counters.hits++;
    this.deps.onServed?.(local.products);
    return local.answer;
  }

  async get(key: string): Promise<HeldAnswer | undefined> {
    const { counters } = this.deps;
    const held = this.local?.get(key);
    if (held) return this.hit(held);
    let entry: string | null;
    try {
      entry = await this.deps.store.get(key);
    } catch (err) {
      counters.errors++;
      this.deps.logger.warn({ err: errorMessage(err) }, 'response cache read failed; executed instead');
      return undefined;
    }
    if (entry === null) return undefined;
    const decoded = decodeEntry(entry);
    if (!decoded) {
      counters.corrupt++;
      this.deps.logger.warn({ key }, 'response cache value of another shape; executed instead');
      return undefined;
    }
    const left = decoded.header.expiresAtMs - Date.now();
    const local = { answer: decoded.answer, products: decoded.header.products };
    if (left > 0) this.local?.set(key, local, { ttl: left });
    return this.hit(local);
  }

  /** Write an answer (its text made once, `result.stringify`) under `key`, indexed by the products it holds and its user. */
  async set(key: string, result: HeldAnswer, productIds: readonly string[], ttlSeconds: number): Promise<void> {
    if (productIds.length === 0) return;
    if (this.deps.cacheable && !this.deps.cacheable()) return;
    const seconds = Math.min(this.deps.maxTtlSeconds, ttlSeconds);
    if (!(seconds > 0)) return;
    const { store } = this.deps;
    const products = [...new Set(productIds)];
    const header: EntryHeader = { products, expiresAtMs: Date.now() + seconds * 1000 };
    // Indexes first: an answer is never readable without the entries that drop it.
    const indexes = products.map((id) => responseKeys.productIndex(id));
    const user = USER_KEY.exec(key)?.[1];
    if (user) indexes.push(responseKeys.userIndex(user));
    try {
      await store.addToIndexes(indexes, [key], header.expiresAtMs, this.deps.maxTtlSeconds, MAX_INDEXED_ANSWERS);
      await store.set(key, `${JSON.stringify(header)}\n${result.stringify()}`, seconds);
    } catch (err) {
      this.deps.logger.warn({ err: errorMessage(err) }, 'response cache write failed');
    }
  }

  /** Drop every answer holding one of these products (the heavy track rewrote or removed them). */
  async invalidateProducts(productIds: readonly string[]): Promise<void> {
    const products = new Set(productIds);
    const holds = (_key: string, entry: LocalAnswer) => entry.products.some((p) => products.has(p));
    this.dropLocal(holds);
    await this.dropIndexed([...products].map((id) => responseKeys.productIndex(id)));
    // Again: a read while the store's entries were going may have brought one back.
    this.dropLocal(holds);
  }

  /** Drop every answer of one user (their preferences changed). */
  async invalidateUser(userId: string): Promise<void> {
    const prefix = responseKeys.user(userId, '');
    const mine = (key: string) => key.startsWith(prefix);
    this.dropLocal(mine);
    await this.dropIndexed([responseKeys.userIndex(userId)]);
    this.dropLocal(mine);
  }

  private dropLocal(matches: (key: string, entry: LocalAnswer) => boolean): void {
    if (!this.local) return;
    const doomed = [...this.local.entries()].filter(([key, entry]) => matches(key, entry)).map(([key]) => key);
    for (const key of doomed) this.local.delete(key);
  }

  private async dropIndexed(indexes: readonly string[]): Promise<void> {
    if (indexes.length === 0) return;
    const { store } = this.deps;
    const now = Date.now();
    try {
      const members = await Promise.all(indexes.map((index) => store.indexMembers(index, now)));
      const keys = [...new Set(members.flat())];
      await store.delete(...keys, ...indexes);
    } catch (err) {
      // The catalog version in every key still keeps an answer on the old catalog from being served.
      this.deps.logger.warn({ err: errorMessage(err), indexes: indexes.length }, 'response cache invalidation failed');
    }
  }
}

/** An entry's header and answer (the answer keeps its text, sent as it is), or null for another shape. */
function decodeEntry(entry: string): { header: EntryHeader; answer: HeldAnswer } | null {
  const newline = entry.indexOf('\n');
  if (newline < 0) return null;
  try {
    const header = JSON.parse(entry.slice(0, newline)) as Partial<EntryHeader> | null;
    const text = entry.slice(newline + 1);
    const answer = JSON.parse(text) as unknown;
    if (!header || typeof header.expiresAtMs !== 'number' || !Array.isArray(header.products)) return null;
    if (!answer || typeof answer !== 'object' || !('data' in answer)) return null;
    const products = header.products.filter((p): p is string => typeof p === 'string');
    return { header: { products, expiresAtMs: header.expiresAtMs }, answer: Object.assign(answer as ExecutionResult, { stringify: () => text }) };
  } catch {
    return null;
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
