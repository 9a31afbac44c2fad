/** One finished operation as the rolling window keeps it. */
export interface OperationSample {
  /** Epoch ms when it finished. */
  at: number;
  firstPayloadMs: number;
  totalMs: number;
  /** The response carried GraphQL errors. */
  errored: boolean;
}

/** Latency and outcome figures over a set of operations; every figure is null without operations. */
export interface LatencySummary {
  operations: number;
  avgMs: number | null;
  medianMs: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  medianFirstPayloadMs: number | null;
  /** Share of operations with GraphQL errors. */
  errorRate: number | null;
  /** Share finished within FAST_QUERY_THRESHOLD_MS. */
  fastShare: number | null;
  /** Share slower than SLOW_QUERY_THRESHOLD_MS. */
  slowShare: number | null;
}

/** Nearest-rank percentile (p in 0..100) of values sorted ascending; null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** avg, median, p95, p99, error rate and fast/slow shares of the samples (in any order). */
export function summarize(samples: readonly OperationSample[], thresholds: { fastQueryMs: number; slowQueryMs: number }): LatencySummary {
  const n = samples.length;
  const totals = samples.map((s) => s.totalMs).sort((a, b) => a - b);
  const firsts = samples.map((s) => s.firstPayloadMs).sort((a, b) => a - b);
  const share = (count: number) => (n === 0 ? null : count / n);
  return {
    operations: n,
    avgMs: n === 0 ? null : round(totals.reduce((a, b) => a + b, 0) / n),
    medianMs: roundOrNull(percentile(totals, 50)),
    p95Ms: roundOrNull(percentile(totals, 95)),
    p99Ms: roundOrNull(percentile(totals, 99)),
    medianFirstPayloadMs: roundOrNull(percentile(firsts, 50)),
    errorRate: share(samples.filter((s) => s.errored).length),
    fastShare: share(samples.filter((s) => s.totalMs <= thresholds.fastQueryMs).length),
    slowShare: share(samples.filter((s) => s.totalMs > thresholds.slowQueryMs).length),
  };
}

/** One minute of the latency chart: its start (epoch ms) and the p50/p95 of operations finished in it. */
export interface MinutePoint {
  minute: number;
  operations: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** The samples grouped per minute, one point for each of the `minutes` minutes ending at `now` (oldest first; empty minutes have nulls). */
export function perMinute(samples: readonly OperationSample[], now: number, minutes: number): MinutePoint[] {
  const last = Math.floor(now / 60_000) * 60_000;
  const first = last - (minutes - 1) * 60_000;
  const buckets = new Map<number, number[]>();
  for (const s of samples) {
    const minute = Math.floor(s.at / 60_000) * 60_000;
    if (minute < first || minute > last) continue;
    const bucket = buckets.get(minute) ?? [];
    bucket.push(s.totalMs);
    buckets.set(minute, bucket);
  }
  const points: MinutePoint[] = [];
  for (let minute = first; minute <= last; minute += 60_000) {
    const values = (buckets.get(minute) ?? []).sort((a, b) => a - b);
    points.push({ minute, operations: values.length, p50Ms: roundOrNull(percentile(values, 50)), p95Ms: roundOrNull(percentile(values, 95)) });
  }
  return points;
}

/** Per-retailer request outcomes over a window: requests, failures and their share. */
export interface RetailerSummary {
  requests: number;
  errors: number;
  /** errors / requests, null without requests. */
  errorRate: number | null;
}

/** Count outcomes ('ok' or an error kind) into a RetailerSummary. */
export function summarizeOutcomes(outcomes: readonly string[]): RetailerSummary {
  const errors = outcomes.filter((o) => o !== 'ok').length;
  return { requests: outcomes.length, errors, errorRate: outcomes.length === 0 ? null : errors / outcomes.length };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function roundOrNull(ms: number | null): number | null {
  return ms === null ? null : round(ms);
}
