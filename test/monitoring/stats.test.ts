import { describe, expect, it } from 'vitest';
import { percentile, perMinute, summarize, summarizeOutcomes, type OperationSample } from '../../src/monitoring/stats.js';
import { evaluateRules, type AlertInputs } from '../../src/monitoring/alert-rules.js';
import { PerformanceMonitor } from '../../src/monitoring/performance-monitor.js';
import { escapeHtml, latencyChartSvg, renderDashboard, type DashboardData } from '../../src/monitoring/dashboard.js';
import { createLogger } from '../../src/logger.js';

const sample = (totalMs: number, at = 0, errored = false): OperationSample => ({ at, totalMs, firstPayloadMs: totalMs / 2, errored });
const thresholds = { fastQueryMs: 100, slowQueryMs: 1000 };

describe('rolling statistics', () => {
  it('percentile is nearest-rank over sorted values, null when empty', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('summarize gives avg, median, p95, p99, error rate and fast/slow shares', () => {
    const samples = [...Array.from({ length: 18 }, () => sample(50)), sample(500, 0, true), sample(2000)];
    const s = summarize(samples, thresholds);
    expect(s).toEqual({
      operations: 20,
      avgMs: (18 * 50 + 500 + 2000) / 20,
      medianMs: 50,
      p95Ms: 500,
      p99Ms: 2000,
      medianFirstPayloadMs: 25,
      errorRate: 0.05,
      fastShare: 0.9,
      slowShare: 0.05,
    });
    expect(summarize([], thresholds)).toMatchObject({ operations: 0, avgMs: null, p95Ms: null, errorRate: null, fastShare: null });
  });

  it('perMinute has one point per minute, oldest first, empty minutes null', () => {
    const now = 10 * 60_000 + 30_000;
    const points = perMinute([sample(10, now - 60_000), sample(30, now - 60_000), sample(99, now), sample(5, now - 20 * 60_000)], now, 3);
    expect(points.map((p) => p.minute)).toEqual([8 * 60_000, 9 * 60_000, 10 * 60_000]);
    expect(points.map((p) => [p.operations, p.p50Ms, p.p95Ms])).toEqual([
      [0, null, null],
      [2, 10, 30],
      [1, 99, 99],
    ]);
  });

  it('summarizeOutcomes counts every non-ok outcome as an error', () => {
    expect(summarizeOutcomes(['ok', 'ok', 'TIMEOUT', 'HTTP_5XX'])).toEqual({ requests: 4, errors: 2, errorRate: 0.5 });
    expect(summarizeOutcomes([])).toEqual({ requests: 0, errors: 0, errorRate: null });
  });

  it('the performance monitor reports only what finished inside the window, and retailer outcomes per retailer', () => {
    let now = 1_000_000;
    const monitor = new PerformanceMonitor({ enabled: true, ...thresholds, slowQueryMs: 1000 }, createLogger('silent'), () => now);
    monitor.record('old', 900, 900);
    monitor.countRetailerRequest('evo', 'TIMEOUT');
    now += 120_000;
    monitor.record('new', 10, 20, true);
    monitor.countRetailerRequest('evo', 'ok');
    expect(monitor.report(60_000).latency).toMatchObject({ operations: 1, p95Ms: 20, errorRate: 1 });
    expect(monitor.report(60_000).retailers).toEqual({ evo: { requests: 1, errors: 0, errorRate: 0 } });
    expect(monitor.report().latency).toMatchObject({ operations: 2, p95Ms: 900, errorRate: 0.5 });
    expect(monitor.report().retailers.evo).toEqual({ requests: 2, errors: 1, errorRate: 0.5 });
    // Past the hour the monitor keeps, the old operation is gone.
    now += 60 * 60_000 - 60_000;
    monitor.record('latest', 5, 5);
    expect(monitor.report().latency.operations).toBe(2);
  });
});

const rules = { avgMs: 5000, p95Ms: 8000, minHitRate: 0.7, maxErrorRate: 0.05, maxQueueWaiting: 100, minSamples: 10 };
const latency = (overrides: Partial<ReturnType<typeof summarize>>) => ({ ...summarize(Array.from({ length: 10 }, () => sample(10)), thresholds), ...overrides });
const inputs = (overrides: Partial<AlertInputs>): AlertInputs => ({
  latency: latency({}),
  cache: { hits: 10, reads: 10 },
  queueWaiting: 0,
  breakers: [{ vendor: 'evo', open: false }],
  ...overrides,
});
const firing = (i: AlertInputs) =>
  evaluateRules(i, rules)
    .filter((c) => c.firing)
    .map((c) => c.alert);

describe('alert rules', () => {
  it('fire on each threshold crossed and on an open breaker', () => {
    expect(firing(inputs({}))).toEqual([]);
    expect(firing(inputs({ latency: latency({ avgMs: 5001 }) }))).toEqual(['avg_latency']);
    expect(firing(inputs({ latency: latency({ p95Ms: 8001 }) }))).toEqual(['p95_latency']);
    expect(firing(inputs({ latency: latency({ errorRate: 0.06 }) }))).toEqual(['error_rate']);
    expect(firing(inputs({ cache: { hits: 6, reads: 10 } }))).toEqual(['low_hit_rate']);
    expect(firing(inputs({ queueWaiting: 101 }))).toEqual(['queue_waiting']);
    expect(firing(inputs({ breakers: [{ vendor: 'evo', open: false }, { vendor: 'backcountry', open: true }] }))).toEqual(['breaker_open:backcountry']);
  });

  it('an idle server (fewer than ALERT_MIN_SAMPLES operations or reads) raises no latency, error or hit-rate alert', () => {
    const few = latency({ operations: 9, avgMs: 9000, p95Ms: 9000, errorRate: 1 });
    expect(firing(inputs({ latency: few, cache: { hits: 0, reads: 9 } }))).toEqual([]);
  });

  it('cannot tell (null) without the monitor or the queue, so those alerts keep their state', () => {
    const checks = evaluateRules(inputs({ latency: null, queueWaiting: null }), rules);
    expect(checks.filter((c) => c.firing === null).map((c) => c.alert)).toEqual(['avg_latency', 'p95_latency', 'error_rate', 'queue_waiting']);
  });
});

describe('dashboard rendering', () => {
  const data = (): DashboardData => ({
    generatedAt: '2026-12-01T10:00:00.000Z',
    report: { windowMs: 3_600_000, latency: summarize([sample(40), sample(120)], thresholds), retailers: {} },
    chart: [
      { minute: 0, operations: 2, p50Ms: 40, p95Ms: 120 },
      { minute: 60_000, operations: 0, p50Ms: null, p95Ms: null },
      { minute: 120_000, operations: 1, p50Ms: 60, p95Ms: 60 },
    ],
    cache: {
      static: { hits: 3, misses: 1, corrupt: 0, errors: 0, hitRate: 0.75 },
      live: { hits: 0, misses: 0, corrupt: 0, errors: 0, hitRate: null },
      query: { hits: 0, misses: 2, corrupt: 0, errors: 0, hitRate: 0 },
      user: { hits: 0, misses: 0, corrupt: 0, errors: 0, hitRate: null },
      response: { hits: 0, misses: 0, corrupt: 0, errors: 0, hitRate: null },
    },
    queue: { waiting: 1, delayed: 0, active: 0, completed: 4, failed: 0, oldestWaitingMs: null },
    retailers: [{ id: '<evo>', simulated: true, breakerOpen: true, requests: 3, errors: 1, errorRate: 1 / 3 }],
    alerts: [{ alert: 'breaker_open:<evo>', message: 'x & "y"', value: 1, threshold: 1, since: '2026-12-01T09:59:00.000Z' }],
    aiBatchSizeConfigured: 20,
    refreshSeconds: 10,
  });

  it('escapes every value and shows the figures it was given, AI as not measured', () => {
    const html = renderDashboard(data());
    expect(html).not.toContain('<evo>');
    expect(html).toContain('&#60;evo&#62;');
    expect(html).toContain('x &#38; &#34;y&#34;');
    expect(html).toContain('<meta http-equiv="refresh" content="10">');
    expect(html).toMatch(/data-kpi="p95">120 ms</);
    expect(html).toMatch(/data-hit-rate="static">75 %</);
    expect(html).toMatch(/data-hit-rate="live">n\/a</);
    expect(html).toContain('No AI calls yet');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  it('draws p50 and p95 with a gap for a minute without operations', () => {
    const svg = latencyChartSvg(data().chart);
    const p95 = /<path d="([^"]*)"[^>]*data-series="p95"/.exec(svg)![1]!;
    // Two separate segments (M … M): the empty minute breaks the line.
    expect(p95.match(/M/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(4);
  });
});
