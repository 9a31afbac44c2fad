import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

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

/**
 * The performance monitor: times every GraphQL operation to its first payload (what a shopper
 * waits for) and to its last (live fields included), counts fast and slow ones, and logs each
 * slow one with its name. Timing lives here and in `npm run bench`, never in tests' assertions.
 */
export class PerformanceMonitor implements OperationRecorder {
  private operations = 0;
  private fast = 0;
  private slow = 0;
  private readonly firstPayloadMs: number[] = [];
  private readonly totalMs: number[] = [];

  constructor(
    private readonly config: Config['monitoring'],
    private readonly logger: Logger,
  ) {}

  /** Record one finished operation. */
  record(operationName: string | null, firstPayloadMs: number, totalMs: number): void {
    this.operations++;
    push(this.firstPayloadMs, firstPayloadMs);
    push(this.totalMs, totalMs);
    if (totalMs <= this.config.fastQueryMs) this.fast++;
    if (totalMs > this.config.slowQueryMs) {
      this.slow++;
      this.logger.warn(
        { operationName, firstPayloadMs: Math.round(firstPayloadMs), totalMs: Math.round(totalMs) },
        `slow query: ${operationName ?? 'anonymous'} took ${Math.round(totalMs)} ms`,
      );
    }
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
}

/** Anything told of each finished operation's timings: the monitor, the Prometheus histograms. */
export interface OperationRecorder {
  record(operationName: string | null, firstPayloadMs: number, totalMs: number): void;
}

/** Yoga plugin timing each operation once and telling every recorder; streams (@defer) are timed to their first and last payload. */
export function usePerformanceMonitor(...recorders: OperationRecorder[]): Plugin {
  const record = (operationName: string | null, firstPayloadMs: number, totalMs: number) => {
    for (const r of recorders) r.record(operationName, firstPayloadMs, totalMs);
  };
  return {
    onExecute({ args }) {
      const started = performance.now();
      const operationName = args.operationName ?? null;
      return {
        onExecuteDone({ result }) {
          const now = performance.now() - started;
          if (!isAsyncIterable(result)) {
            record(operationName, now, now);
            return;
          }
          let first: number | null = null;
          return {
            onNext: () => {
              first ??= performance.now() - started;
            },
            onEnd: () => {
              const total = performance.now() - started;
              record(operationName, first ?? total, total);
            },
          };
        },
      };
    },
  };
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
