import type { Store } from './store.js';

export interface MemoryStoreOptions {
  /** Entries kept before the least recently used are evicted (default 50_000). */
  maxEntries?: number;
  /** Clock in ms, for deterministic tests of expiry (default Date.now). */
  now?: () => number;
}

/**
 * A sorted set: member → score as a Map (an index write costs what its members cost, not a JSON
 * round trip of the whole set), with the highest score an index member was given.
 */
interface SortedSet {
  scores: Map<string, number>;
  latest: number;
}

/** A string or a sorted set, under one TTL. */
interface Entry {
  value: string | null;
  set: SortedSet | null;
  expiresAtMs: number;
}

/**
 * In-process `Store` for embedded mode. TTLs are honoured on read (an expired entry
 * reads as missing and is dropped); size is bounded by LRU eviction, relying on Map's
 * insertion order: a read re-inserts the entry, so the first key is the least recently used.
 */
export class MemoryStore implements Store {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 50_000);
    this.now = options.now ?? Date.now;
  }

  /** Entries currently held (expired ones included until they are read or evicted). */
  get size(): number {
    return this.entries.size;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Touch: move to the most recently used end.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private put(key: string, value: string | SortedSet, ttlSeconds: number): void {
    this.entries.delete(key);
    const expiresAtMs = this.now() + Math.max(0, ttlSeconds) * 1000;
    this.entries.set(key, typeof value === 'string' ? { value, set: null, expiresAtMs } : { value: null, set: value, expiresAtMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** A sorted set reads as missing here and in mget (Redis would refuse it: WRONGTYPE). */
  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async mget(keys: readonly string[]): Promise<(string | null)[]> {
    return keys.map((key) => this.live(key)?.value ?? null);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.put(key, value, ttlSeconds);
  }

  async mset(entries: readonly { key: string; value: string; ttlSeconds: number }[]): Promise<void> {
    for (const e of entries) this.put(e.key, e.value, e.ttlSeconds);
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.put(key, value, ttlSeconds);
    return true;
  }

  async delete(...keys: string[]): Promise<number> {
    let removed = 0;
    for (const key of keys) {
      if (this.live(key)) removed++;
      this.entries.delete(key);
    }
    return removed;
  }

  /** Atomic: the check and the delete run in one synchronous step. */
  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    if (this.live(key)?.value !== value) return false;
    this.entries.delete(key);
    return true;
  }

  async ttlSeconds(key: string): Promise<number | null> {
    const entry = this.live(key);
    if (!entry) return null;
    // Redis rounds remaining TTL down to whole seconds; match it so both backends agree.
    return Math.max(0, Math.floor((entry.expiresAtMs - this.now()) / 1000));
  }

  async ttlMany(keys: readonly string[]): Promise<(number | null)[]> {
    return Promise.all(keys.map((key) => this.ttlSeconds(key)));
  }

  async incrementScores(key: string, increments: ReadonlyMap<string, number>, ttlSeconds: number): Promise<void> {
    const set = this.setAt(key);
    for (const [member, by] of increments) set.scores.set(member, (set.scores.get(member) ?? 0) + by);
    this.put(key, set, ttlSeconds);
  }

  async scoresOf(key: string, members: readonly string[]): Promise<(number | null)[]> {
    const scores = this.live(key)?.set?.scores;
    return members.map((m) => scores?.get(m) ?? null);
  }

  /**
   * An index's members are kept in order of expiry (Map insertion order), so trimming the expired
   * and the earliest-expiring past `maxMembers` walks only what it removes. Writes almost always
   * carry the latest expiry (one TTL per index); one that does not re-sorts that index.
   */
  async addToIndexes(keys: readonly string[], members: readonly string[], expiresAtMs: number, ttlSeconds: number, maxMembers: number): Promise<void> {
    if (members.length === 0) return;
    const now = this.now();
    const max = Math.max(1, maxMembers);
    for (const key of new Set(keys)) {
      const set = this.setAt(key);
      for (const m of members) {
        set.scores.delete(m);
        set.scores.set(m, expiresAtMs);
      }
      if (expiresAtMs < set.latest) set.scores = new Map([...set.scores].sort(([, a], [, b]) => a - b));
      set.latest = Math.max(set.latest, expiresAtMs);
      for (const [m, at] of set.scores) {
        if (at > now && set.scores.size <= max) break;
        set.scores.delete(m);
      }
      this.put(key, set, ttlSeconds);
    }
  }

  async indexMembers(key: string, nowMs: number): Promise<string[]> {
    const members: string[] = [];
    for (const [m, at] of this.live(key)?.set?.scores ?? []) if (at > nowMs) members.push(m);
    return members;
  }

  /** The sorted set under `key`, or a new empty one (a string there is replaced, as the caller then writes it). */
  private setAt(key: string): SortedSet {
    return this.live(key)?.set ?? { scores: new Map(), latest: -Infinity };
  }

  async keys(prefix: string): Promise<string[]> {
    const now = this.now();
    const found: string[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.expiresAtMs > now && key.startsWith(prefix)) found.push(key);
    }
    return found;
  }

  /** In-process memory is always there. */
  unavailableReason(): string | null {
    return null;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
