import { describe, expect, it } from 'vitest';
import { percentile, ratio, summarize } from '../../bench/lib/stats.js';
import { zipfSampler } from '../../bench/lib/zipf.js';
import { drawLatencyMs } from '../../src/sandbox/server-kit.js';
import { rngFor } from '../../src/sandbox/catalog/prng.js';

describe('percentile', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => 100 - i); // unsorted on purpose

  it('interpolates linearly between closest ranks', () => {
    expect(percentile(oneToHundred, 0)).toBe(1);
    expect(percentile(oneToHundred, 50)).toBeCloseTo(50.5, 10);
    expect(percentile(oneToHundred, 95)).toBeCloseTo(95.05, 10);
    expect(percentile(oneToHundred, 99)).toBeCloseTo(99.01, 10);
    expect(percentile(oneToHundred, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
  });

  it('is NaN for no samples and refuses a percentile outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
  });

  it('leaves its input unsorted and summarizes p50/p95/p99/max/mean', () => {
    const xs = [3, 1, 2];
    expect(summarize(xs)).toEqual({ count: 3, p50: 2, p95: 2.9, p99: 2.98, max: 3, mean: 2 });
    expect(xs).toEqual([3, 1, 2]);
  });

  it('forms no ratio from a missing figure or a zero denominator', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(null, 2)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(Number.NaN, 2)).toBeNull();
  });
});

describe('Zipf sampler', () => {
  const n = 500;
  const s = 1.1;
  const draws = 100_000;
  const counts = new Array<number>(n).fill(0);
  const sampler = zipfSampler(n, s, 'test');
  for (let i = 0; i < draws; i++) counts[sampler.next()]!++;

  it('has probabilities ∝ 1/k^s that sum to 1', () => {
    const total = Array.from({ length: n }, (_, i) => sampler.probability(i)).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 10);
    expect(sampler.probability(0) / sampler.probability(1)).toBeCloseTo(2 ** s, 10);
    expect(sampler.probability(n)).toBe(0);
  });

  it('draws each rank about as often as its probability', () => {
    for (const k of [0, 1, 2, 9, 49]) {
      const expected = sampler.probability(k) * draws;
      expect(Math.abs(counts[k]! - expected)).toBeLessThan(5 * Math.sqrt(expected) + 5);
    }
  });

  it('falls on a log-log line of slope -s over the head', () => {
    // Least squares of log(count) on log(rank) over ranks 1..50.
    const pts = counts.slice(0, 50).map((c, i) => [Math.log(i + 1), Math.log(c)] as const);
    const mx = pts.reduce((a, p) => a + p[0], 0) / pts.length;
    const my = pts.reduce((a, p) => a + p[1], 0) / pts.length;
    const slope = pts.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0) / pts.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
    expect(slope).toBeGreaterThan(-s - 0.1);
    expect(slope).toBeLessThan(-s + 0.1);
  });

  it('reaches the tail and replays the same draws for the same seed', () => {
    expect(counts.filter((c) => c > 0).length).toBeGreaterThan(n * 0.9);
    const a = zipfSampler(n, s, 'seed');
    const b = zipfSampler(n, s, 'seed');
    expect(Array.from({ length: 50 }, () => a.next())).toEqual(Array.from({ length: 50 }, () => b.next()));
  });
});

describe('sandbox latency distribution', () => {
  it('is log-normal with the given median and p95', () => {
    const rng = rngFor('latency-test');
    const xs = Array.from({ length: 40_000 }, () => drawLatencyMs(600, 1500, rng));
    expect(percentile(xs, 50)).toBeGreaterThan(570);
    expect(percentile(xs, 50)).toBeLessThan(630);
    expect(percentile(xs, 95)).toBeGreaterThan(1400);
    expect(percentile(xs, 95)).toBeLessThan(1600);
    expect(Math.min(...xs)).toBeGreaterThan(0);
  });

  it('is the fixed latency when no p95 above it is given', () => {
    const rng = rngFor('fixed');
    expect(drawLatencyMs(300, 0, rng)).toBe(300);
    expect(drawLatencyMs(300, 300, rng)).toBe(300);
  });
});
