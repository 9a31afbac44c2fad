import type { Store } from './store.js';

export interface MemoryStoreOptions {
  /** Entries kept before the least recently used are evicted (default 50_000). */
  maxEntries?: number;
  /** Clock in ms, for deterministic tests of expiry (default Date.now). */
  now?: () => number;
}

interface Entry {
  value: string;
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

  private put(key: string, value: string, ttlSeconds: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAtMs: this.now() + Math.max(0, ttlSeconds) * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

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

  /** A sorted set is kept as a JSON object of scores under its key (so TTLs, keys() and delete() treat it like any key). */
  async incrementScores(key: string, increments: ReadonlyMap<string, number>, ttlSeconds: number): Promise<void> {
    const scores = this.scoresAt(key);
    for (const [member, by] of increments) scores[member] = (scores[member] ?? 0) + by;
    this.put(key, JSON.stringify(scores), ttlSeconds);
  }

  async scoresOf(key: string, members: readonly string[]): Promise<(number | null)[]> {
    const scores = this.scoresAt(key);
    return members.map((m) => scores[m] ?? null);
  }

  async addToIndex(key: string, members: readonly string[], expiresAtMs: number, ttlSeconds: number, maxMembers: number): Promise<void> {
    if (members.length === 0) return;
    const now = this.now();
    const scores = this.scoresAt(key);
    for (const m of members) scores[m] = expiresAtMs;
    const kept = Object.entries(scores)
      .filter(([, at]) => at > now)
      .sort(([, a], [, b]) => b - a)
      .slice(0, Math.max(1, maxMembers));
    this.put(key, JSON.stringify(Object.fromEntries(kept)), ttlSeconds);
  }

  async indexMembers(key: string, nowMs: number): Promise<string[]> {
    return Object.entries(this.scoresAt(key))
      .filter(([, at]) => at > nowMs)
      .map(([m]) => m);
  }

  private scoresAt(key: string): Record<string, number> {
    const value = this.live(key)?.value;
    return value ? (JSON.parse(value) as Record<string, number>) : {};
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
