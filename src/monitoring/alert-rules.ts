import type { AlertConfig } from '../config.js';
import type { LatencySummary } from './stats.js';

/** What the rules read at one evaluation; null where the figure could not be had. */
export interface AlertInputs {
  /** Operations in the alert window; null when the performance monitor is off. */
  latency: LatencySummary | null;
  /** Cache reads (all tiers) in the alert window. */
  cache: { hits: number; reads: number };
  /** Jobs waiting; null while the queue cannot be read. */
  queueWaiting: number | null;
  breakers: { vendor: string; open: boolean }[];
}

/** One rule's verdict: `firing` null means "cannot tell" (the alert keeps its state). */
export interface AlertCheck {
  alert: string;
  firing: boolean | null;
  value: number | null;
  threshold: number;
  message: string;
}

/** Rule names whatever the retailers are; `breaker_open:<retailer>` adds one per retailer. */
export const FIXED_ALERTS = ['avg_latency', 'p95_latency', 'error_rate', 'low_hit_rate', 'queue_waiting'] as const;

/**
 * Every rule over one set of inputs (pure). Latency, error-rate and hit-rate rules need at least
 * `minSamples` operations (cache reads for the hit rate) in the window: with fewer, an idle
 * server is not slow, so they do not fire (and an active one clears).
 */
export function evaluateRules(inputs: AlertInputs, c: Pick<AlertConfig, 'avgMs' | 'p95Ms' | 'minHitRate' | 'maxErrorRate' | 'maxQueueWaiting' | 'minSamples'>): AlertCheck[] {
  const l = inputs.latency;
  const enough = l !== null && l.operations >= c.minSamples;
  const hitRate = inputs.cache.reads === 0 ? null : inputs.cache.hits / inputs.cache.reads;
  const checks: AlertCheck[] = [
    {
      alert: 'avg_latency',
      firing: l === null ? null : enough && l.avgMs! > c.avgMs,
      value: l?.avgMs ?? null,
      threshold: c.avgMs,
      message: `average response time ${fmt(l?.avgMs)} ms over ${l?.operations ?? 0} operations (alert above ${c.avgMs} ms)`,
    },
    {
      alert: 'p95_latency',
      firing: l === null ? null : enough && l.p95Ms! > c.p95Ms,
      value: l?.p95Ms ?? null,
      threshold: c.p95Ms,
      message: `p95 response time ${fmt(l?.p95Ms)} ms over ${l?.operations ?? 0} operations (alert above ${c.p95Ms} ms)`,
    },
    {
      alert: 'error_rate',
      firing: l === null ? null : enough && l.errorRate! > c.maxErrorRate,
      value: l?.errorRate ?? null,
      threshold: c.maxErrorRate,
      message: `${pct(l?.errorRate)} of ${l?.operations ?? 0} operations had errors (alert above ${pct(c.maxErrorRate)})`,
    },
    {
      alert: 'low_hit_rate',
      firing: inputs.cache.reads >= c.minSamples && hitRate! < c.minHitRate,
      value: hitRate,
      threshold: c.minHitRate,
      message: `cache hit rate ${pct(hitRate)} over ${inputs.cache.reads} reads (alert below ${pct(c.minHitRate)})`,
    },
    {
      alert: 'queue_waiting',
      firing: inputs.queueWaiting === null ? null : inputs.queueWaiting > c.maxQueueWaiting,
      value: inputs.queueWaiting,
      threshold: c.maxQueueWaiting,
      message: `${inputs.queueWaiting ?? 'unknown'} background jobs waiting (alert above ${c.maxQueueWaiting})`,
    },
  ];
  for (const b of inputs.breakers) {
    checks.push({
      alert: `breaker_open:${b.vendor}`,
      firing: b.open,
      value: b.open ? 1 : 0,
      threshold: 1,
      message: `${b.vendor}'s circuit breaker is ${b.open ? 'open: its live calls fail fast' : 'closed'}`,
    });
  }
  return checks;
}

function fmt(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? 'n/a' : String(Math.round(ms));
}

function pct(share: number | null | undefined): string {
  return share === null || share === undefined ? 'n/a' : `${Math.round(share * 1000) / 10} %`;
}
