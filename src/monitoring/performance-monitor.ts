import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { perMinute, summarize, summarizeOutcomes, type LatencySummary, type MinutePoint, type OperationSample, type RetailerSummary } from './stats.js';

export interface PerformanceStats {
  operations: number;
  /** Finished within FAST_QUERY_THRESHOLD_MS. */
  fast: number;
  /** Took longer than SLOW_QUERY_THRESHOLD_MS (each one is logged). */
  slow: number;
  /** Median time to the first payload (the static part, for @defer), over the last 500 operations. */
  medianFirstPayloadMs: number | null;
  medianTotalMs: number | null;
}

const WINDOW = 500;

/** How far back the rolling report and the chart reach. */
export const ROLLING_WINDOW_MS = 60 * 60_000;
/** Bound on what the rolling window holds, whatever the traffic (oldest dropped first). */
const MAX_SAMPLES = 50_000;

/** The rolling report over a window of recent operations and retailer requests. */
export interface RollingReport {
  windowMs: number;
  latency: LatencySummary;
  retailers: Record<string, RetailerSummary>;
}

/**
 * The performance monitor: times every GraphQL operation to its first payload (what a shopper
 * waits for) and to its last (live fields included), counts fast and slow ones, and logs each
 * slow one with its name. It keeps the last hour of operations and retailer request outcomes for
 * the rolling report, the alerts and the dashboard. Timing lives here and in `npm run bench`,
 * never in tests' assertions.
 */
export class PerformanceMonitor implements OperationRecorder {
  private operations = 0;
  private fast = 0;
  private slow = 0;
  private readonly firstPayloadMs: number[] = [];
  private readonly totalMs: number[] = [];
  private readonly samples: OperationSample[] = [];
  private readonly outcomes: { at: number; vendor: string; outcome: string }[] = [];

  constructor(
    private readonly config: Config['monitoring'],
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Record one finished operation; `errored`: its response carried GraphQL errors. */
  record(operationName: string | null, firstPayloadMs: number, totalMs: number, errored = false): void {
    this.operations++;
    push(this.firstPayloadMs, firstPayloadMs);
    push(this.totalMs, totalMs);
    this.samples.push({ at: this.now(), firstPayloadMs, totalMs, errored });
    this.prune(this.samples);
    if (totalMs <= this.config.fastQueryMs) this.fast++;
    if (totalMs > this.config.slowQueryMs) {
      this.slow++;
      this.logger.warn(
        { operationName, firstPayloadMs: Math.round(firstPayloadMs), totalMs: Math.round(totalMs) },
        `slow query: ${operationName ?? 'anonymous'} took ${Math.round(totalMs)} ms`,
      );
    }
  }

  /** Record one retailer request's outcome (VendorClient.onOutcome: 'ok' or the error kind). */
  countRetailerRequest(vendor: string, outcome: string): void {
    this.outcomes.push({ at: this.now(), vendor, outcome });
    this.prune(this.outcomes);
  }

  stats(): PerformanceStats {
    return {
      operations: this.operations,
      fast: this.fast,
      slow: this.slow,
      medianFirstPayloadMs: median(this.firstPayloadMs),
      medianTotalMs: median(this.totalMs),
    };
  }

  /** Figures over what finished in the last `windowMs` (at most the hour the monitor keeps). */
  report(windowMs = ROLLING_WINDOW_MS): RollingReport {
    const since = this.now() - Math.min(windowMs, ROLLING_WINDOW_MS);
    const byVendor = new Map<string, string[]>();
    for (const o of this.outcomes) {
      if (o.at < since) continue;
      const list = byVendor.get(o.vendor) ?? [];
      list.push(o.outcome);
      byVendor.set(o.vendor, list);
    }
    return {
      windowMs,
      latency: summarize(
        this.samples.filter((s) => s.at >= since),
        this.config,
      ),
      retailers: Object.fromEntries([...byVendor].map(([vendor, list]) => [vendor, summarizeOutcomes(list)])),
    };
  }

  /** p50/p95 per minute over the last hour, oldest first (the dashboard's chart). */
  perMinute(): MinutePoint[] {
    return perMinute(this.samples, this.now(), ROLLING_WINDOW_MS / 60_000);
  }

  private prune(list: { at: number }[]): void {
    const since = this.now() - ROLLING_WINDOW_MS;
    let drop = Math.max(0, list.length - MAX_SAMPLES);
    while (drop < list.length && list[drop]!.at < since) drop++;
    if (drop > 0) list.splice(0, drop);
  }
}

/** Anything told of each finished operation's timings: the monitor, the Prometheus histograms. */
export interface OperationRecorder {
  record(operationName: string | null, firstPayloadMs: number, totalMs: number, errored?: boolean): void;
}

/** Yoga plugin timing each operation once and telling every recorder; streams (@defer) are timed to their first and last payload. */
export function usePerformanceMonitor(...recorders: OperationRecorder[]): Plugin {
  const record = (operationName: string | null, firstPayloadMs: number, totalMs: number, errored: boolean) => {
    for (const r of recorders) r.record(operationName, firstPayloadMs, totalMs, errored);
  };
  return {
    onExecute({ args }) {
      const started = performance.now();
      const operationName = args.operationName ?? null;
      return {
        onExecuteDone({ result }) {
          const now = performance.now() - started;
          if (!isAsyncIterable(result)) {
            record(operationName, now, now, hasErrors(result));
            return;
          }
          let first: number | null = null;
          let errored = false;
          return {
            onNext: ({ result: payload }) => {
              first ??= performance.now() - started;
              errored ||= hasErrors(payload);
            },
            onEnd: () => {
              const total = performance.now() - started;
              record(operationName, first ?? total, total, errored);
            },
          };
        },
      };
    },
  };
}

/** A result or an incremental payload with GraphQL errors (its own or in a deferred part). */
function hasErrors(result: unknown): boolean {
  if (typeof result !== 'object' || result === null) return false;
  const r = result as { errors?: unknown[]; incremental?: { errors?: unknown[] }[]; completed?: { errors?: unknown[] }[] };
  return (r.errors?.length ?? 0) > 0 || (r.incremental ?? []).some((i) => (i.errors?.length ?? 0) > 0) || (r.completed ?? []).some((c) => (c.errors?.length ?? 0) > 0);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function push(window: number[], value: number): void {
  window.push(value);
  if (window.length > WINDOW) window.shift();
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
}
