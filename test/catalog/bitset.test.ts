import { describe, expect, it } from 'vitest';
import { Bitset, QueryBits } from '../../src/catalog/bitset.js';

/** A deterministic pseudo-random sequence (the same sets on every run). */
function random(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** A set of `count` bits below `max`, as a Bitset and as a Set. */
function randomSet(next: () => number, max: number, count: number): { bits: Bitset; set: Set<number> } {
  const bits = new Bitset(0);
  const set = new Set<number>();
  for (let i = 0; i < count; i++) {
    const bit = Math.floor(next() * max);
    bits.add(bit);
    set.add(bit);
  }
  return { bits, set };
}

const members = (q: QueryBits) => {
  const out: number[] = [];
  q.forEach((bit) => void out.push(bit));
  return out;
};

describe('QueryBits', () => {
  it('intersects unions of sets of different lengths and counts them as a Set would', () => {
    const next = random(7);
    const size = 5000;
    const all = randomSet(next, size, 4000);
    for (let round = 0; round < 20; round++) {
      // Sets grow on their own, so some end far before the query's words do (a facet whose last product has a low slot).
      const terms = Array.from({ length: 1 + (round % 4) }, () =>
        Array.from({ length: 1 + (round % 5) }, () => randomSet(next, next() < 0.3 ? 300 : size, Math.floor(next() * 3000))),
      );
      const q = new QueryBits(Math.ceil(size / 32), all.bits.words);
      let expected = new Set(all.set);
      for (const term of terms) {
        q.andUnion(term.map((t) => t.bits));
        expected = new Set([...expected].filter((bit) => term.some((t) => t.set.has(bit))));
      }
      expect(members(q)).toEqual([...expected].sort((a, b) => a - b));
      expect(q.count()).toBe(expected.size);
    }
  });

  it('counts full words (32 bits each) exactly', () => {
    const q = new QueryBits(100, null);
    for (let bit = 0; bit < 3200; bit++) q.add(bit);
    expect(q.count()).toBe(3200);
    q.delete(31);
    q.delete(3199);
    expect(q.count()).toBe(3198);
  });

  it('an empty union keeps nothing; andNot drops a set', () => {
    const next = random(11);
    const a = randomSet(next, 2000, 1500);
    const b = randomSet(next, 700, 400);
    const q = new QueryBits(63, a.bits.words);
    q.andNot(b.bits);
    expect(members(q)).toEqual([...a.set].filter((bit) => !b.set.has(bit)).sort((x, y) => x - y));
    q.andUnion([]);
    expect(q.count()).toBe(0);
  });
});
