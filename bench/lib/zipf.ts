import { rngFor } from '../../src/sandbox/catalog/prng.js';

/**
 * A Zipf sampler over ranks 1..n: P(rank k) ∝ 1 / k^s. Shopper queries follow it (a few
 * queries are most of the traffic, a long tail is seen once), which is what makes the
 * query tier's hit rate mean something. Seeded, so every run replays the same workload.
 */
export interface ZipfSampler {
  /** A 0-based index (rank − 1). */
  next(): number;
  /** The probability of the 0-based index. */
  probability(index: number): number;
}

export function zipfSampler(n: number, s: number, seed: string): ZipfSampler {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('n must be an integer >= 1');
  if (!(s >= 0)) throw new RangeError('s must be >= 0');
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 1; k <= n; k++) {
    total += 1 / k ** s;
    cdf[k - 1] = total;
  }
  for (let i = 0; i < n; i++) cdf[i]! /= total;
  const rng = rngFor(seed);
  return {
    next() {
      const u = rng.next();
      // First index whose cumulative probability exceeds u.
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
    probability: (i) => (i < 0 || i >= n ? 0 : cdf[i]! - (i > 0 ? cdf[i - 1]! : 0)),
  };
}
