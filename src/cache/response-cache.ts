import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ExecutionResult } from 'graphql';
import type { Cache } from '@graphql-yoga/plugin-response-cache';
import type { Logger } from '../logger.js';
import type { Store } from './store.js';
import { stableJson, type TierCounters } from './tiers.js';

/** Key naming of the response cache, in one place. */
const VERSION = 1;
export const responseKeys = {
  /** A whole answer: global (anonymous, or a viewer without preferences) or one user's. */
  global: (hash: string) => `response:v${VERSION}:global:${hash}`,
  user: (userId: string, hash: string) => `response:v${VERSION}:user:${userId}:${hash}`,
  /** The answers holding one entity (a product): dropped when the heavy track rewrites it. */
  entityIndex: (typename: string, id: string | number) => `response:v${VERSION}:entity:${typename}:${id}`,
  /** One user's answers: dropped when their preferences change. */
  userIndex: (userId: string) => `response:v${VERSION}:by-user:${userId}`,
} as const;

/** Answers one index remembers at most (the latest-expiring kept): an index is bounded like its entries. */
const MAX_INDEXED_ANSWERS = 1_000;

/** The typename whose entities an answer must hold to be worth caching, and that invalidation names. */
const PRODUCT = 'Product';

/** The global id GraphQL shows for a product (the relay plugin's base64("Product:<id>")). */
export function productGlobalId(productId: string): string {
  return Buffer.from(`${PRODUCT}:${productId}`, 'utf8').toString('base64');
}

/** The product id inside a product's global id (null for anything else). */
export function productIdOf(globalId: string): string | null {
  const text = Buffer.from(globalId, 'base64').toString('utf8');
  return text.startsWith(`${PRODUCT}:`) ? text.slice(PRODUCT.length + 1) : null;
}

/** What the response cache key is made of (the plugin hands us document, variables and operation). */
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

const KEY_PREFIX = `response:v${VERSION}:`;
const USER_KEY = new RegExp(`^response:v${VERSION}:user:(.+):[^:]+$`);

/**
 * The response cache's store (`@graphql-yoga/plugin-response-cache`'s `Cache`) on the project's
 * Store, so it is Redis (or Redis Cluster) in production and memory in embedded mode:
 * - no KEYS and no multi-key command across slots: answers are plain keys with a TTL; the
 *   answers holding a product, and one user's answers, are indexes (sorted sets scored by each
 *   answer's expiry, trimmed on every write, bounded, with a TTL of their own);
 * - an answer that holds no product is never written (nothing to serve again, and an empty
 *   answer may only mean the catalog is filling), nor one while `cacheable()` says no;
 * - reads fail open: a store error or an unreadable value is a miss, counted, never a failed request.
 * Hits, corrupt values and errors are counted here; misses by the plugin around it (useResponseCache
 * asks twice on a miss, once per hook).
 */
interface LocalAnswer {
  answer: ExecutionResult;
  products: string[];
}

export class ResponseCacheStore implements Cache {
  /** Answers this store handed out, so an execution the plugin answered from it is not counted a miss. */
  private readonly served = new WeakSet<object>();
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

  private hit(local: LocalAnswer): ExecutionResult {
    this.deps.counters.hits++;
    this.deps.onServed?.(local.products);
    this.served.add(local.answer);
    return local.answer;
  }

  async get(key: string): Promise<ExecutionResult | undefined> {
    const { counters } = this.deps;
    // The plugin also looks up a client's If-None-Match header as a key: only ours are read.
    if (!key.startsWith(KEY_PREFIX)) return undefined;
    const held = this.local?.get(key);
    if (held) return this.hit(held);
    let text: string | null;
    try {
      text = await this.deps.store.get(key);
    } catch (err) {
      counters.errors++;
      this.deps.logger.warn({ err: errorMessage(err) }, 'response cache read failed; executed instead');
      return undefined;
    }
    if (text === null) return undefined;
    try {
      const value = JSON.parse(text) as unknown;
      if (value && typeof value === 'object' && 'data' in value) {
        const { products, expiresAtMs, ...answer } = value as ExecutionResult & { products?: unknown; expiresAtMs?: unknown };
        const entry = { answer: serialisedOnce(answer), products: Array.isArray(products) ? products.filter((p): p is string => typeof p === 'string') : [] };
        const left = typeof expiresAtMs === 'number' ? expiresAtMs - Date.now() : 0;
        if (left > 0) this.local?.set(key, entry, { ttl: left });
        return this.hit(entry);
      }
    } catch {
      // falls through: counted corrupt
    }
    counters.corrupt++;
    this.deps.logger.warn({ key }, 'response cache value of another shape; executed instead');
    return undefined;
  }

  /** Whether `result` is an answer this store handed out (rather than one an execution produced). */
  handedOut(result: unknown): boolean {
    return typeof result === 'object' && result !== null && this.served.has(result);
  }

  async set(key: string, result: ExecutionResult, entities: Iterable<{ typename: string; id?: string | number }>, ttlMs: number): Promise<void> {
    const held = [...entities].filter((e): e is { typename: string; id: string | number } => e.id != null);
    if (!held.some((e) => e.typename === PRODUCT)) return;
    if (this.deps.cacheable && !this.deps.cacheable()) return;
    const ttlSeconds = Math.min(this.deps.maxTtlSeconds, Number.isFinite(ttlMs) ? Math.ceil(ttlMs / 1000) : this.deps.maxTtlSeconds);
    if (ttlSeconds <= 0) return;
    const { store } = this.deps;
    const expiresAtMs = Date.now() + ttlSeconds * 1000;
    // Indexes first: an answer is never readable without the entries that drop it.
    const indexes = [...new Set(held.map((e) => responseKeys.entityIndex(e.typename, e.id)))];
    const user = USER_KEY.exec(key)?.[1];
    if (user) indexes.push(responseKeys.userIndex(user));
    try {
      await store.addToIndexes(indexes, [key], expiresAtMs, this.deps.maxTtlSeconds, MAX_INDEXED_ANSWERS);
      const products = [...new Set(held.flatMap((e) => (e.typename === PRODUCT ? (productIdOf(String(e.id)) ?? []) : [])))];
      const value = { data: result.data, ...(result.extensions ? { extensions: result.extensions } : {}), products, expiresAtMs };
      await store.set(key, JSON.stringify(value), ttlSeconds);
    } catch (err) {
      this.deps.logger.warn({ err: errorMessage(err) }, 'response cache write failed');
    }
  }

  /** Drop every answer holding one of the entities (those with an id; a typename alone names nothing we index). */
  async invalidate(entities: Iterable<{ typename: string; id?: string | number }>): Promise<void> {
    const named = [...entities].filter((e): e is { typename: string; id: string | number } => e.id != null);
    const products = new Set(named.flatMap((e) => (e.typename === PRODUCT ? (productIdOf(String(e.id)) ?? []) : [])));
    const holds = (_key: string, entry: LocalAnswer) => entry.products.some((p) => products.has(p));
    this.dropLocal(holds);
    await this.dropIndexed(named.map((e) => responseKeys.entityIndex(e.typename, e.id)));
    // Again: a read while the store's entries were going may have brought one back.
    this.dropLocal(holds);
  }

  /** Drop every answer holding one of these products (the heavy track rewrote or removed them). */
  invalidateProducts(productIds: readonly string[]): Promise<void> {
    return this.invalidate(productIds.map((id) => ({ typename: PRODUCT, id: productGlobalId(id) })));
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

/**
 * yoga serialises a result with the result's own `stringify` when it has one (its
 * jsonStringifyResultWithoutInternals, for JSON, SSE and multipart alike): an answer held here is
 * serialised on its first hit and every later hit sends the same text. Nothing else writes to a
 * result on its way out (no plugin of ours adds extensions), so that text stays the answer.
 */
function serialisedOnce(answer: ExecutionResult): ExecutionResult {
  let text: string | undefined;
  return Object.assign(answer, { stringify: (sanitised: unknown) => (text ??= JSON.stringify(sanitised)) });
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
