import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TierName, TierStats } from '../cache/tiers.js';
import type { QueueStats } from '../jobs/job-queue.js';
import type { RequestOutcome } from '../agents/vendor-client.js';
import type { Logger } from '../logger.js';
import type { AnalyzerCall } from '../analysis/types.js';

/** Every metric name Hexar exports, in one place (dashboards and alerts depend on them). */
export const METRIC = {
  operationDuration: 'hexar_operation_duration_seconds',
  operationFirstPayload: 'hexar_operation_first_payload_seconds',
  cacheReads: 'hexar_cache_reads_total',
  retailerRequests: 'hexar_retailer_requests_total',
  breakerOpen: 'hexar_breaker_open',
  queueJobs: 'hexar_queue_jobs',
  alertActive: 'hexar_alert_active',
  aiCalls: 'hexar_ai_calls_total',
  aiTokens: 'hexar_ai_tokens_total',
  aiCost: 'hexar_ai_cost_usd_total',
} as const;

/** Seconds: from a cached answer (milliseconds) to a shopper giving up on a live query. */
const OPERATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 7.5, 10, 30, 60];

const QUEUE_STATES = ['waiting', 'delayed', 'active', 'completed', 'failed'] as const;

/** What the scrape reads at collection time; the counters live where they are counted. */
export interface MetricsSources {
  cacheStats(): Record<TierName, TierStats>;
  /** One entry per retailer: whether its request-path breaker is open. */
  breakers(): { vendor: string; open: boolean }[];
  queueStats(): Promise<QueueStats>;
  /** Every known alert and whether it is raised now. */
  alerts(): { alert: string; active: boolean }[];
  logger: Logger;
}

/**
 * One process's Prometheus metrics, on a registry of its own (never prom-client's global one,
 * so several apps in one process do not collide). Timings and retailer outcomes are pushed in;
 * cache counters, breakers and the queue are read from their owners at each scrape.
 */
export class AppMetrics {
  readonly registry = new Registry();
  private readonly duration: Histogram;
  private readonly firstPayload: Histogram;
  private readonly retailerRequests: Counter<'vendor' | 'outcome'>;
  private readonly aiCalls: Counter<'analyzer'>;
  private readonly aiTokens: Counter<'analyzer' | 'kind'>;
  private readonly aiCost: Counter;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.duration = new Histogram({
      name: METRIC.operationDuration,
      help: 'GraphQL operations, time to the last payload (live fields included)',
      buckets: OPERATION_BUCKETS_SECONDS,
      registers,
    });
    this.firstPayload = new Histogram({
      name: METRIC.operationFirstPayload,
      help: 'GraphQL operations, time to the first payload (the static part, for @defer)',
      buckets: OPERATION_BUCKETS_SECONDS,
      registers,
    });
    this.retailerRequests = new Counter({
      name: METRIC.retailerRequests,
      help: 'Retailer requests by outcome (ok or the error kind), retries inside one request',
      labelNames: ['vendor', 'outcome'],
      registers,
    });
    this.aiCalls = new Counter({
      name: METRIC.aiCalls,
      help: 'Review analyzer calls (one per batch, retries included), by analyzer (openai, offline)',
      labelNames: ['analyzer'],
      registers,
    });
    this.aiTokens = new Counter({
      name: METRIC.aiTokens,
      help: 'Tokens of review analyzer calls as the AI server reported them, by analyzer and kind (input, output)',
      labelNames: ['analyzer', 'kind'],
      registers,
    });
    this.aiCost = new Counter({
      name: METRIC.aiCost,
      help: 'Estimated cost in US dollars of review analyzer calls (tokens x AI_PRICE_INPUT_PER_MTOK / AI_PRICE_OUTPUT_PER_MTOK)',
      registers,
    });
    new Counter({
      name: METRIC.cacheReads,
      help: 'Cache reads per tier: hit, miss, corrupt (present but unreadable) or error (store failed)',
      labelNames: ['tier', 'outcome'],
      registers,
      collect() {
        this.reset();
        for (const [tier, s] of Object.entries(sources.cacheStats())) {
          this.inc({ tier, outcome: 'hit' }, s.hits);
          this.inc({ tier, outcome: 'miss' }, s.misses);
          this.inc({ tier, outcome: 'corrupt' }, s.corrupt);
          this.inc({ tier, outcome: 'error' }, s.errors);
        }
      },
    });
    new Gauge({
      name: METRIC.breakerOpen,
      help: "1 while a retailer's circuit breaker is open (calls fail fast), else 0",
      labelNames: ['vendor'],
      registers,
      collect() {
        for (const b of sources.breakers()) this.set({ vendor: b.vendor }, b.open ? 1 : 0);
      },
    });
    new Gauge({
      name: METRIC.alertActive,
      help: '1 while the alert is raised, else 0 (rules in README: Alerts)',
      labelNames: ['alert'],
      registers,
      collect() {
        for (const a of sources.alerts()) this.set({ alert: a.alert }, a.active ? 1 : 0);
      },
    });
    new Gauge({
      name: METRIC.queueJobs,
      help: 'Background jobs by state; absent while the queue cannot be read',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        try {
          const stats = await sources.queueStats();
          for (const state of QUEUE_STATES) this.set({ state }, stats[state]);
        } catch (err) {
          // No sample rather than a made-up zero; /ready says why.
          sources.logger.warn({ err }, 'metrics: the job queue could not be read');
        }
      },
    });
  }

  /** Record one finished operation (the performance monitor plugin's timings). */
  record(_operationName: string | null, firstPayloadMs: number, totalMs: number): void {
    // No operation-name label: clients choose names, and each would be a series of its own.
    this.firstPayload.observe(firstPayloadMs / 1000);
    this.duration.observe(totalMs / 1000);
  }

  /** Count one retailer request's outcome (VendorClient.onOutcome). */
  countRetailerRequest(vendor: string, outcome: RequestOutcome): void {
    this.retailerRequests.inc({ vendor, outcome });
  }

  /** Count one review analyzer call (ReviewAnalysisService's onCall). */
  countAiCall(call: AnalyzerCall): void {
    this.aiCalls.inc({ analyzer: call.analyzer });
    this.aiTokens.inc({ analyzer: call.analyzer, kind: 'input' }, call.inputTokens);
    this.aiTokens.inc({ analyzer: call.analyzer, kind: 'output' }, call.outputTokens);
    this.aiCost.inc(call.costUsd);
  }

  /** The Prometheus text exposition and its content type. */
  async scrape(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
