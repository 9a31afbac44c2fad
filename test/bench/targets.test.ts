import { describe, expect, it } from 'vitest';
import { evaluateTargets, type Measured } from '../../bench/lib/targets.js';

/** A run in which every target is met, to vary one figure at a time. */
function passing(): Measured {
  return {
    staticC10P95Ms: { hexar: 12, ceiling: 10 },
    staticUnderSlowRetailers: { fastP95Ms: 12, slowP95Ms: 13 },
    liveMiss: { overSlowestP95Ms: 20, maxCompleteMs: 2540, deadlineMs: 2500 },
    repeated: { hexarRps: 1500, ceilingRps: 1000, hexarP95Ms: 4, ceilingP95Ms: 5 },
    unseen: { hexarP95Ms: 14, ceilingP95Ms: 10 },
    scale: {
      rows: [
        { size: 100_000, searchP50Ms: 5, searchP95Ms: 15, indexBuildMs: 9000, apiRssMb: 900 },
        { size: 1000, searchP50Ms: 3, searchP95Ms: 8, indexBuildMs: 90, apiRssMb: 150 },
      ],
    },
    retailerCallsPerQuery: { evo: 0.05, backcountry: 0.1 },
    identicalMisses: { n: 20, callsPerRetailer: { evo: 1, backcountry: 1 } },
    hitRate: { static: 0.99, live: 0.85 },
    ai: { callsPerQuery: 0, metricPresent: true },
    soak: { rssGrowthPct: 4, requests: 100_000 },
  };
}
const byId = (m: Measured) => new Map(evaluateTargets(m).map((t) => [t.id, t]));

const IDS = [
  'static-p95-vs-ceiling',
  'static-p95-retailers-slow',
  'live-miss-over-slowest-retailer',
  'live-miss-within-deadline',
  'repeated-throughput-vs-ceiling',
  'repeated-p95-vs-ceiling',
  'unseen-p95-vs-ceiling',
  'scale-p95-growth',
  'scale-rss-100k',
  'retailer-calls-per-query',
  'identical-misses-one-call',
  'static-hit-rate',
  'live-hit-rate',
  'ai-calls-request-path',
  'soak-rss-growth',
];

describe("the report's target evaluation", () => {
  it('has one entry per target of the issue, each with a figure, unit and goal', () => {
    const targets = evaluateTargets(passing());
    expect(targets.map((t) => t.id)).toEqual(IDS);
    for (const t of targets) {
      expect(t.met, t.id).toBe(true);
      expect(typeof t.figure).toBe('number');
      expect(t.unit).not.toBe('');
      expect(t.goal).not.toBe('');
    }
  });

  it('computes ratios against the ceiling and meets a goal at its bound', () => {
    const t = byId({ ...passing(), staticC10P95Ms: { hexar: 15, ceiling: 10 } }).get('static-p95-vs-ceiling')!;
    expect(t.figure).toBe(1.5);
    expect(t.met).toBe(true);
    const over = byId({ ...passing(), staticC10P95Ms: { hexar: 15.1, ceiling: 10 } }).get('static-p95-vs-ceiling')!;
    expect(over.met).toBe(false);
    const tp = byId({ ...passing(), repeated: { hexarRps: 1300, ceilingRps: 1000, hexarP95Ms: 6, ceilingP95Ms: 5 } });
    expect(tp.get('repeated-throughput-vs-ceiling')).toMatchObject({ figure: 1.3, met: false });
    expect(tp.get('repeated-p95-vs-ceiling')).toMatchObject({ figure: 1.2, met: false });
  });

  it('fails every unmeasured target with a note, never counting a missing figure as met', () => {
    const none: Measured = {
      staticC10P95Ms: { hexar: null, ceiling: 10 },
      staticUnderSlowRetailers: { fastP95Ms: null, slowP95Ms: null },
      liveMiss: { overSlowestP95Ms: null, maxCompleteMs: null, deadlineMs: 2500 },
      repeated: { hexarRps: null, ceilingRps: null, hexarP95Ms: null, ceilingP95Ms: null },
      unseen: { hexarP95Ms: null, ceilingP95Ms: 0 },
      scale: { absent: 'not measured (bench/scale.ts absent)' },
      retailerCallsPerQuery: null,
      identicalMisses: null,
      hitRate: { static: null, live: null },
      ai: { callsPerQuery: null, metricPresent: true },
      soak: null,
    };
    for (const t of evaluateTargets(none)) {
      expect(t.met, t.id).toBe(false);
      expect(t.figure, t.id).toBeNull();
      expect(t.note, t.id).toBeTruthy();
    }
    expect(byId(none).get('scale-rss-100k')!.note).toBe('not measured (bench/scale.ts absent)');
  });

  it('says when the scale ran at smaller catalogs than 100 k', () => {
    const small = byId({ ...passing(), scale: { rows: [{ size: 1000, searchP50Ms: 1, searchP95Ms: 2, indexBuildMs: 10, apiRssMb: 120 }, { size: 10_000, searchP50Ms: 2, searchP95Ms: 5, indexBuildMs: 100, apiRssMb: 200 }] } });
    expect(small.get('scale-p95-growth')).toMatchObject({ figure: 2.5, met: false });
    expect(small.get('scale-p95-growth')!.note).toContain('not 100 k');
    expect(small.get('scale-rss-100k')).toMatchObject({ figure: 200, met: true });
  });

  it('judges retailer calls by the worst retailer, and the soak strictly below 10 %', () => {
    const m = byId({ ...passing(), retailerCallsPerQuery: { evo: 0.02, backcountry: 0.3 }, soak: { rssGrowthPct: 10, requests: 5 } });
    expect(m.get('retailer-calls-per-query')).toMatchObject({ figure: 0.3, met: false });
    expect(m.get('soak-rss-growth')!.met).toBe(false);
    expect(byId({ ...passing(), identicalMisses: { n: 20, callsPerRetailer: { evo: 1, backcountry: 3 } } }).get('identical-misses-one-call')).toMatchObject({ figure: 3, met: false });
  });

  it('reports 0 AI calls with a note when the metric is absent, and fails any AI call on the request path', () => {
    const absent = byId({ ...passing(), ai: { callsPerQuery: 0, metricPresent: false } }).get('ai-calls-request-path')!;
    expect(absent).toMatchObject({ figure: 0, met: true });
    expect(absent.note).toContain('hexar_ai_calls_total');
    expect(byId({ ...passing(), ai: { callsPerQuery: 0.01, metricPresent: true } }).get('ai-calls-request-path')!.met).toBe(false);
    // A run that sent no load (--soak alone) measured nothing here.
    expect(byId({ ...passing(), ai: { callsPerQuery: null, metricPresent: false } }).get('ai-calls-request-path')).toMatchObject({ figure: null, met: false });
  });

  it('treats a static payload within 10 ms as unchanged when retailers slow, even past 1.25×', () => {
    const m = byId({ ...passing(), staticUnderSlowRetailers: { fastP95Ms: 4, slowP95Ms: 9 } }).get('static-p95-retailers-slow')!;
    expect(m.figure).toBe(2.25);
    expect(m.met).toBe(true);
    expect(byId({ ...passing(), staticUnderSlowRetailers: { fastP95Ms: 100, slowP95Ms: 140 } }).get('static-p95-retailers-slow')!.met).toBe(false);
  });
});
