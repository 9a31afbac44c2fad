/**
 * A growable set of small integers (the index's slots) as 32-bit words. The catalog's facets are
 * bitsets so a structured query is a few word-wise ANDs over N/32 words (3,125 at 100 k products)
 * and its match count a popcount, instead of a test per product.
 */
export class Bitset {
  words: Uint32Array;

  constructor(capacityBits = 1024) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(capacityBits / 32)));
  }

  private grow(bit: number): void {
    const needed = (bit >>> 5) + 1;
    if (needed <= this.words.length) return;
    const next = new Uint32Array(Math.max(needed, this.words.length * 2));
    next.set(this.words);
    this.words = next;
  }

  add(bit: number): void {
    this.grow(bit);
    this.words[bit >>> 5]! |= 1 << (bit & 31);
  }

  delete(bit: number): void {
    const w = bit >>> 5;
    if (w < this.words.length) this.words[w]! &= ~(1 << (bit & 31));
  }

  has(bit: number): boolean {
    const w = bit >>> 5;
    return w < this.words.length && (this.words[w]! & (1 << (bit & 31))) !== 0;
  }

  clear(): void {
    this.words.fill(0);
  }
}

/** Set bits in one word. */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  // Math.imul: a plain `*` overflows into a double here, which made a count of 100 k slots 5× slower.
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** andUnion's scratch, shared (a query is synchronous), grown as needed and zeroed for each use. */
let union = new Uint32Array(0);
function unionScratch(length: number): Uint32Array {
  if (union.length < length) union = new Uint32Array(Math.max(length, union.length * 2));
  union.fill(0, 0, length);
  return union;
}

/**
 * A scratch word array a query fills (one per query, `words` long): the intersection of the sets
 * it asks for, each term itself a union of sets (a terrain and the ones that satisfy it, a length
 * within tolerance), with an optional set subtracted.
 */
export class QueryBits {
  readonly words: Uint32Array;

  constructor(wordCount: number, fill: Uint32Array | null) {
    this.words = new Uint32Array(wordCount);
    if (fill) this.words.set(fill.subarray(0, Math.min(wordCount, fill.length)));
  }

  /** Keep only the bits also in the union of `sets` (no set: nothing is kept). */
  andUnion(sets: readonly Bitset[]): void {
    const w = this.words;
    if (sets.length === 1) {
      const s = sets[0]!.words;
      const n = Math.min(w.length, s.length);
      for (let i = 0; i < n; i++) w[i]! &= s[i]!;
      w.fill(0, n);
      return;
    }
    // The union first, set by set, each loop within both arrays' bounds: a read past a typed
    // array's end (the sets grow separately, so their lengths differ) is a slow path in V8, and
    // a per-word loop over the sets cost 0.1–0.3 ms a query at 100 k products.
    const union = unionScratch(w.length);
    for (const set of sets) {
      const s = set.words;
      const n = Math.min(w.length, s.length);
      for (let i = 0; i < n; i++) union[i]! |= s[i]!;
    }
    for (let i = 0; i < w.length; i++) w[i]! &= union[i]!;
  }

  /** Drop the bits in `set`. */
  andNot(set: Bitset): void {
    const w = this.words;
    const s = set.words;
    const n = Math.min(w.length, s.length);
    for (let i = 0; i < n; i++) w[i]! &= ~s[i]!;
  }

  has(bit: number): boolean {
    return (this.words[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  add(bit: number): void {
    this.words[bit >>> 5]! |= 1 << (bit & 31);
  }

  delete(bit: number): void {
    this.words[bit >>> 5]! &= ~(1 << (bit & 31));
  }

  count(): number {
    const w = this.words;
    let n = 0;
    for (let i = 0; i < w.length; i++) {
      const word = w[i]!;
      if (word !== 0) n += popcount32(word);
    }
    return n;
  }

  /** Call `visit` for every set bit, in increasing order, until it returns false. */
  forEach(visit: (bit: number) => boolean | void): void {
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      let word = w[i]!;
      while (word !== 0) {
        const low = word & -word;
        if (visit((i << 5) + (31 - Math.clz32(low))) === false) return;
        word ^= low;
      }
    }
  }
}
