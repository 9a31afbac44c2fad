import { ratio } from './stats.js';

/**
 * The issue's "Must show" list, evaluated against what one run measured. Pure: run.ts fills
 * `Measured`, this decides met or not, and a figure that was not measured is never met.
 */

export interface Target {
  id: string;
  description: string;
  /** The measured figure; null = not measured (then `met` is false and `note` says why). */
  figure: number | null;
  unit: string;
  goal: string;
  met: boolean;
  note?: string;
}

export interface ScaleRow {
  size: number;
  searchP50Ms: number;
  searchP95Ms: number;
  indexBuildMs: number;
  apiRssMb: number;
}

export interface Measured {
  /** Static payload (first @defer part) p95 at 10 concurrent, warm: Hexar (split, embedded) and the ceiling. */
  staticC10P95Ms: { hexar: number | null; ceiling: number | null };
  /** Static payload p95 with every retailer answering in a fixed 0.3 s, then 3 s (live misses). */
  staticUnderSlowRetailers: { fastP95Ms: number | null; slowP95Ms: number | null };
  /** Live misses: p95 of (complete answer − the slowest retailer's response in that request), and the slowest complete answer. */
  liveMiss: { overSlowestP95Ms: number | null; maxCompleteMs: number | null; deadlineMs: number };
  /** One query repeated, warm: requests/s (autocannon) and p95 of the complete answer (10 concurrent). */
  repeated: { hexarRps: number | null; ceilingRps: number | null; hexarP95Ms: number | null; ceilingP95Ms: number | null };
  /** Warm catalog, queries never sent before (Hexar) against the ceiling's p95 on the workload, 10 concurrent. */
  unseen: { hexarP95Ms: number | null; ceilingP95Ms: number | null };
  /** bench/scale.ts's rows, or null with why. */
  scale: { rows: ScaleRow[] } | { absent: string };
  /** Retailer requests per query over the Zipf workload after warm-up, per retailer. */
  retailerCallsPerQuery: Record<string, number> | null;
  /** N identical concurrent requests on a cold live tier: requests each retailer received. */
  identicalMisses: { n: number; callsPerRetailer: Record<string, number> } | null;
  hitRate: { static: number | null; live: number | null };
  /** AI calls per query on the request path (null = not measured); metricPresent false = /metrics has no hexar_ai_calls_total (then 0). */
  ai: { callsPerQuery: number | null; metricPresent: boolean };
  /** RSS growth over the soak after warm-up, in %. */
  soak: { rssGrowthPct: number | null; requests: number } | null;
}

const NOT_MEASURED = 'not measured in this run';

function target(t: Omit<Target, 'met' | 'note'> & { note?: string }, pass: (figure: number) => boolean): Target {
  if (t.figure === null || !Number.isFinite(t.figure)) return { ...t, figure: null, met: false, note: t.note ?? NOT_MEASURED };
  return { ...t, met: pass(t.figure) };
}

export function evaluateTargets(m: Measured): Target[] {
  const out: Target[] = [];
  out.push(
    target(
      {
        id: 'static-p95-vs-ceiling',
        description: 'static payload p95 at 10 concurrent (warm), Hexar / ceiling',
        figure: ratio(m.staticC10P95Ms.hexar, m.staticC10P95Ms.ceiling),
        unit: 'x',
        goal: '≤ 1.5',
      },
      (f) => f <= 1.5,
    ),
  );
  const { fastP95Ms, slowP95Ms } = m.staticUnderSlowRetailers;
  out.push(
    target(
      {
        id: 'static-p95-retailers-slow',
        description: 'static payload p95 when retailers slow from 0.3 s to 3 s (live misses), 3 s / 0.3 s',
        figure: ratio(slowP95Ms, fastP95Ms),
        unit: 'x',
        goal: '≤ 1.25 (unchanged), or within 10 ms',
        note: fastP95Ms !== null && slowP95Ms !== null ? `p95 ${fastP95Ms.toFixed(1)} ms at 0.3 s, ${slowP95Ms.toFixed(1)} ms at 3 s` : undefined,
      },
      (f) => f <= 1.25 || (slowP95Ms !== null && fastP95Ms !== null && slowP95Ms - fastP95Ms <= 10),
    ),
  );
  out.push(
    target(
      {
        id: 'live-miss-over-slowest-retailer',
        description: 'complete answer on a live miss, p95 of (complete − slowest retailer response)',
        figure: m.liveMiss.overSlowestP95Ms,
        unit: 'ms',
        goal: '≤ 50',
      },
      (f) => f <= 50,
    ),
  );
  out.push(
    target(
      {
        id: 'live-miss-within-deadline',
        description: 'complete answer on a live miss, slowest one',
        figure: m.liveMiss.maxCompleteMs,
        unit: 'ms',
        goal: `≤ ${m.liveMiss.deadlineMs + 50} (LIVE_DEADLINE_MS + 50)`,
      },
      (f) => f <= m.liveMiss.deadlineMs + 50,
    ),
  );
  out.push(
    target(
      {
        id: 'repeated-throughput-vs-ceiling',
        description: 'warm repeated search, requests/s, Hexar / ceiling',
        figure: ratio(m.repeated.hexarRps, m.repeated.ceilingRps),
        unit: 'x',
        goal: '≥ 1.4',
      },
      (f) => f >= 1.4,
    ),
  );
  out.push(
    target(
      {
        id: 'repeated-p95-vs-ceiling',
        description: 'warm repeated search, p95 at 10 concurrent, Hexar / ceiling',
        figure: ratio(m.repeated.hexarP95Ms, m.repeated.ceilingP95Ms),
        unit: 'x',
        goal: '≤ 1',
      },
      (f) => f <= 1,
    ),
  );
  out.push(
    target(
      {
        id: 'unseen-p95-vs-ceiling',
        description: "warm search not seen before, p95 at 10 concurrent, Hexar / ceiling's p95",
        figure: ratio(m.unseen.hexarP95Ms, m.unseen.ceilingP95Ms),
        unit: 'x',
        goal: '≤ 1.5',
      },
      (f) => f <= 1.5,
    ),
  );
  if ('absent' in m.scale) {
    out.push({ id: 'scale-p95-growth', description: 'warm search p95, largest catalog / 1 k catalog', figure: null, unit: 'x', goal: '≤ 2 (1 k → 100 k)', met: false, note: m.scale.absent });
    out.push({ id: 'scale-rss-100k', description: 'API server RSS at the largest catalog', figure: null, unit: 'MB', goal: '≤ 1024 at 100 k', met: false, note: m.scale.absent });
  } else {
    const rows = [...m.scale.rows].sort((a, b) => a.size - b.size);
    const first = rows[0];
    const last = rows.at(-1);
    const at = last ? `${first?.size} → ${last.size} products` : undefined;
    const full = last?.size !== undefined && last.size >= 100_000;
    out.push(
      target(
        { id: 'scale-p95-growth', description: 'warm search p95, largest catalog / smallest', figure: ratio(last?.searchP95Ms, first?.searchP95Ms), unit: 'x', goal: '≤ 2 (1 k → 100 k)', note: at && (full ? at : `${at} (not 100 k: this run's sizes)`) },
        (f) => f <= 2,
      ),
    );
    out.push(
      target(
        { id: 'scale-rss-100k', description: 'API server RSS at the largest catalog', figure: last?.apiRssMb ?? null, unit: 'MB', goal: '≤ 1024 at 100 k', note: last ? `at ${last.size} products${full ? '' : " (not 100 k: this run's sizes)"}` : undefined },
        (f) => f <= 1024,
      ),
    );
  }
  const calls = m.retailerCallsPerQuery;
  const worstCalls = calls && Object.keys(calls).length > 0 ? Math.max(...Object.values(calls)) : null;
  out.push(
    target(
      {
        id: 'retailer-calls-per-query',
        description: 'retailer requests per query over the Zipf workload (worst retailer)',
        figure: worstCalls,
        unit: 'calls/query',
        goal: '≤ 0.1 per retailer',
        note: calls ? Object.entries(calls).map(([v, c]) => `${v} ${c.toFixed(3)}`).join(', ') : undefined,
      },
      (f) => f <= 0.1,
    ),
  );
  const misses = m.identicalMisses;
  const worstMiss = misses && Object.keys(misses.callsPerRetailer).length > 0 ? Math.max(...Object.values(misses.callsPerRetailer)) : null;
  out.push(
    target(
      {
        id: 'identical-misses-one-call',
        description: `${misses?.n ?? 'N'} identical concurrent live misses: retailer requests, as a multiple of one miss's (worst retailer)`,
        figure: worstMiss,
        unit: 'x',
        goal: '≤ 1 (N misses cost one)',
        note: misses ? `N identical / one request, ${Object.entries(misses.callsPerRetailer).map(([v, c]) => `${v} ${c.toFixed(2)}`).join(', ')}` : undefined,
      },
      (f) => f <= 1,
    ),
  );
  out.push(target({ id: 'static-hit-rate', description: 'static tier hit rate over the Zipf workload', figure: m.hitRate.static, unit: 'share', goal: '≥ 0.95' }, (f) => f >= 0.95));
  out.push(target({ id: 'live-hit-rate', description: 'live tier hit rate over the Zipf workload', figure: m.hitRate.live, unit: 'share', goal: '≥ 0.80' }, (f) => f >= 0.8));
  out.push(
    target(
      {
        id: 'ai-calls-request-path',
        description: 'AI calls per query on the request path',
        figure: m.ai.callsPerQuery,
        unit: 'calls/query',
        goal: '0',
        note: m.ai.metricPresent || m.ai.callsPerQuery === null ? undefined : '0: /metrics has no hexar_ai_calls_total in this build, so no AI call was counted',
      },
      (f) => f === 0,
    ),
  );
  out.push(
    target(
      {
        id: 'soak-rss-growth',
        description: `RSS growth over the soak after warm-up${m.soak ? ` (${m.soak.requests} requests)` : ''}`,
        figure: m.soak?.rssGrowthPct ?? null,
        unit: '%',
        goal: '< 10',
      },
      (f) => f < 10,
    ),
  );
  return out;
}
