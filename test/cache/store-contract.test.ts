import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/cache/memory-store.js';
import { RedisStore } from '../../src/cache/redis-store.js';
import type { Store } from '../../src/cache/store.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Backend {
  name: string;
  open(): Promise<Store>;
}

const backends: Backend[] = [
  { name: 'MemoryStore', open: async () => new MemoryStore() },
  {
    name: 'RedisStore',
    open: async () => {
      const store = RedisStore.fromUrl(REDIS_URL, `test:cache:${randomUUID()}:`);
      await store.connect();
      return store;
    },
  },
];

describe.each(backends)('Store contract: $name', (backend) => {
  let store: Store;

  beforeAll(async () => {
    store = await backend.open();
  });
  afterEach(async () => {
    // Clean every key this run wrote (the Redis store lives on its own random prefix).
    const keys = await store.keys('');
    if (keys.length > 0) await store.delete(...keys);
  });
  afterAll(async () => {
    expect(await store.keys('')).toEqual([]);
    await store.close();
  });

  it('get returns what set wrote, and null for a missing key', async () => {
    await store.set('a', 'one', 60);
    expect(await store.get('a')).toBe('one');
    expect(await store.get('missing')).toBeNull();
  });

  it('set overwrites', async () => {
    await store.set('a', 'one', 60);
    await store.set('a', 'two', 60);
    expect(await store.get('a')).toBe('two');
  });

  it('mget answers in key order with null for missing keys', async () => {
    await store.mset([
      { key: 'k1', value: 'v1', ttlSeconds: 60 },
      { key: 'k3', value: 'v3', ttlSeconds: 60 },
    ]);
    expect(await store.mget(['k3', 'k2', 'k1', 'k3'])).toEqual(['v3', null, 'v1', 'v3']);
    expect(await store.mget([])).toEqual([]);
  });

  it('mset writes each entry with its own TTL', async () => {
    await store.mset([
      { key: 'short', value: 's', ttlSeconds: 10 },
      { key: 'long', value: 'l', ttlSeconds: 1000 },
    ]);
    const short = await store.ttlSeconds('short');
    const long = await store.ttlSeconds('long');
    expect(short).not.toBeNull();
    expect(long).not.toBeNull();
    expect(short!).toBeGreaterThan(0);
    expect(short!).toBeLessThanOrEqual(10);
    expect(long!).toBeGreaterThan(10);
    expect(long!).toBeLessThanOrEqual(1000);
  });

  it('an entry is gone after its TTL', async () => {
    await store.set('brief', 'x', 1);
    expect(await store.get('brief')).toBe('x');
    await new Promise((r) => setTimeout(r, 1300));
    expect(await store.get('brief')).toBeNull();
    expect(await store.mget(['brief'])).toEqual([null]);
    expect(await store.ttlSeconds('brief')).toBeNull();
    expect(await store.keys('brief')).toEqual([]);
  });

  it('setIfAbsent takes a free key once, and again after it expires', async () => {
    expect(await store.setIfAbsent('lease', 'first', 1)).toBe(true);
    expect(await store.setIfAbsent('lease', 'second', 1)).toBe(false);
    expect(await store.get('lease')).toBe('first');
    await new Promise((r) => setTimeout(r, 1300));
    expect(await store.setIfAbsent('lease', 'third', 5)).toBe(true);
    expect(await store.get('lease')).toBe('third');
  });

  it('deleteIfEquals deletes a key only while it holds the given value', async () => {
    const deleteIfEquals = store.deleteIfEquals?.bind(store);
    expect(deleteIfEquals).toBeDefined();
    await store.set('lease', 'mine', 60);
    expect(await deleteIfEquals!('lease', 'theirs')).toBe(false);
    expect(await store.get('lease')).toBe('mine');
    expect(await deleteIfEquals!('lease', 'mine')).toBe(true);
    expect(await store.get('lease')).toBeNull();
    expect(await deleteIfEquals!('lease', 'mine')).toBe(false);
    expect(await deleteIfEquals!('never', 'x')).toBe(false);
  });

  it('delete removes keys and counts only those that existed', async () => {
    await store.set('d1', '1', 60);
    await store.set('d2', '2', 60);
    expect(await store.delete('d1', 'd2', 'never')).toBe(2);
    expect(await store.get('d1')).toBeNull();
    expect(await store.delete()).toBe(0);
  });

  it('ttlMany answers every key\u2019s TTL in key order, null for a missing key', async () => {
    await store.set('t:a', '1', 100);
    await store.set('t:b', '1', 5000);
    const [a, missing, b] = await store.ttlMany(['t:a', 't:missing', 't:b']);
    expect(a).toBeGreaterThan(95);
    expect(a).toBeLessThanOrEqual(100);
    expect(missing).toBeNull();
    expect(b).toBeGreaterThan(4990);
    expect(await store.ttlMany([])).toEqual([]);
  });

  it('incrementScores adds to scores (creating the set, with its TTL); scoresOf reads them, null where absent', async () => {
    await store.incrementScores('demand', new Map([['p1', 1], ['p2', 2]]), 60);
    await store.incrementScores('demand', new Map([['p1', 3]]), 60);
    expect(await store.scoresOf('demand', ['p1', 'p2', 'p3'])).toEqual([4, 2, null]);
    expect(await store.scoresOf('no-such-set', ['p1'])).toEqual([null]);
    const ttl = await store.ttlSeconds('demand');
    expect(ttl).toBeGreaterThan(55);
    expect(ttl).toBeLessThanOrEqual(60);
    expect(await store.keys('demand')).toEqual(['demand']);
  });

  it('addToIndexes keeps members until their expiry, at most maxMembers (the latest-expiring), under its own TTL', async () => {
    const now = Date.now();
    await store.addToIndexes(['index'], ['r1', 'r2'], now + 60_000, 120, 3);
    await store.addToIndexes(['index'], ['r3'], now + 90_000, 120, 3);
    await store.addToIndexes(['index'], ['gone'], now - 1, 120, 3);
    expect((await store.indexMembers('index', now)).sort()).toEqual(['r1', 'r2', 'r3']);
    // Past r1 and r2's expiry only r3 is left.
    expect(await store.indexMembers('index', now + 70_000)).toEqual(['r3']);
    // A fourth member pushes out the earliest-expiring one.
    await store.addToIndexes(['index'], ['r4'], now + 100_000, 120, 3);
    const kept = (await store.indexMembers('index', now)).sort();
    expect(kept).toHaveLength(3);
    expect(kept).toContain('r3');
    expect(kept).toContain('r4');
    const ttl = await store.ttlSeconds('index');
    expect(ttl).toBeGreaterThan(110);
    expect(ttl).toBeLessThanOrEqual(120);
    expect(await store.indexMembers('no-such-index', now)).toEqual([]);
  });

  it('addToIndexes writes one member to several indexes at once, each trimmed by the expiry of its own members', async () => {
    const now = Date.now();
    await store.addToIndexes(['a', 'b'], ['old'], now + 10_000, 120, 2);
    await store.addToIndexes(['b'], ['mid'], now + 20_000, 120, 2);
    // An earlier expiry than what an index holds is still ordered by its score, not by arrival.
    await store.addToIndexes(['a', 'b', 'a'], ['new'], now + 30_000, 120, 2);
    await store.addToIndexes(['b'], ['early'], now + 5_000, 120, 2);
    expect((await store.indexMembers('a', now)).sort()).toEqual(['new', 'old']);
    expect((await store.indexMembers('b', now)).sort()).toEqual(['mid', 'new']);
    // Re-adding a member gives it its new expiry.
    await store.addToIndexes(['a'], ['old'], now + 40_000, 120, 2);
    expect(await store.indexMembers('a', now + 35_000)).toEqual(['old']);
    await store.addToIndexes([], ['x'], now + 1000, 120, 2);
    await store.addToIndexes(['c'], [], now + 1000, 120, 2);
    expect(await store.indexMembers('c', now)).toEqual([]);
  });

  it('ttlSeconds is null for a missing key', async () => {
    expect(await store.ttlSeconds('nothing')).toBeNull();
  });

  it('keys lists exactly the keys under a prefix, literally (glob characters are not patterns)', async () => {
    await store.mset([
      { key: 'live:evo:a', value: '1', ttlSeconds: 60 },
      { key: 'live:evo:b', value: '1', ttlSeconds: 60 },
      { key: 'live:backcountry:c', value: '1', ttlSeconds: 60 },
      { key: 'odd*:x', value: '1', ttlSeconds: 60 },
      { key: 'oddity:y', value: '1', ttlSeconds: 60 },
    ]);
    expect((await store.keys('live:evo:')).sort()).toEqual(['live:evo:a', 'live:evo:b']);
    expect((await store.keys('live:')).length).toBe(3);
    expect(await store.keys('odd*')).toEqual(['odd*:x']);
    expect(await store.keys('static:')).toEqual([]);
  });

  it('keys pages through more keys than one SCAN batch', async () => {
    const entries = Array.from({ length: 1200 }, (_, i) => ({ key: `many:${i}`, value: String(i), ttlSeconds: 60 }));
    await store.mset(entries);
    const keys = await store.keys('many:');
    expect(keys.length).toBe(1200);
    expect(new Set(keys).size).toBe(1200);
  });
});

describe('MemoryStore bound', () => {
  it('evicts the least recently used entry past maxEntries', async () => {
    const store = new MemoryStore({ maxEntries: 3 });
    await store.set('a', '1', 60);
    await store.set('b', '2', 60);
    await store.set('c', '3', 60);
    await store.get('a'); // a is now the most recently used; b is the oldest
    await store.set('d', '4', 60);
    expect(store.size).toBe(3);
    expect(await store.mget(['a', 'b', 'c', 'd'])).toEqual(['1', null, '3', '4']);
  });
});

describe('RedisStore during a Redis outage', () => {
  it('rejects a get on a dead port instead of hanging', async () => {
    const store = RedisStore.fromUrl('redis://127.0.0.1:1', `test:cache:${randomUUID()}:`);
    store.client.on('error', () => undefined); // connection refusals are the point of this test
    try {
      await expect(store.connect()).rejects.toThrow();
      await expect(store.get('anything')).rejects.toThrow();
      await expect(store.mget(['a', 'b'])).rejects.toThrow();
      await expect(store.setIfAbsent('lease', 'x', 5)).rejects.toThrow();
    } finally {
      await store.close();
    }
  });
});
