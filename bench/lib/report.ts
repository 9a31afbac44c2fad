import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import type { LatencySummary } from './stats.js';
import type { Measured, Target } from './targets.js';

/** The results file's shape and its Markdown rendering. */

export interface RunRow {
  concurrency: number;
  requests: number;
  failed: number;
  requestsPerSecond: number;
  /** Time to the first payload (the static part). */
  first: LatencySummary;
  /** Time to the complete answer (the last @defer part). */
  complete: LatencySummary;
}

export interface ModeResult {
  mode: string;
  description: string;
  runs: RunRow[];
  hitRate: { static: number | null; live: number | null; query: number | null } | null;
  retailerCallsPerQuery: Record<string, number> | null;
  ai: { present: boolean; callsPerQuery: number; tokensPerQuery: number } | null;
  rssBeforeMb: number | null;
  rssAfterMb: number | null;
}

export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  os: string;
  /** 1-minute load average at the end: other work on the machine moves every figure. */
  loadAverage: number;
}

export interface Results {
  date: string;
  command: string;
  quick: boolean;
  durationSeconds: number;
  machine: Machine;
  workload: Record<string, unknown>;
  modes: ModeResult[];
  measured: Measured;
  extras: {
    byteCheck: { compared: number; equal: number; differing: string[] } | null;
    ratios: { mode: string; concurrency: number; staticP95VsOld: number | null; completeP95VsOld: number | null; staticP95VsCeiling: number | null; completeP95VsCeiling: number | null }[];
    liveMissSamples: number;
    /** Searches "not seen before" measured (held-out queries, then workload queries no phase drew). */
    unseenSamples?: number;
    repeatedQuery: string;
    throughput: { hexarRps: number; ceilingRps: number; seconds: number; connections: number } | null;
    identical?: { query: string; single: Record<string, number>; concurrent: Record<string, number>; answersWithCircuitOpen: number };
    soak?: Record<string, number | null>;
  };
  soakPoints: { requests: number; rssMb: number; heapMb: number | null }[];
  targets: Target[];
}

export function machine(): Machine {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    ramGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
    loadAverage: loadavg()[0] ?? 0,
  };
}

const f = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(digits));

export function renderReport(r: Results): string {
  const lines: string[] = [];
  lines.push(`# Hexar benchmark, ${r.date.slice(0, 10)}${r.quick ? ' (quick)' : ''}`, '');
  lines.push(`Command: \`${r.command}\` (${f(r.durationSeconds, 0)} s).`, '');
  lines.push(`Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.ramGb} GB RAM, Node ${r.machine.node}, ${r.machine.os}; load average ${f(r.machine.loadAverage, 2)} at the end (the machine is shared: figures move with its load).`, '');
  const w = r.workload as { distinctQueries: number; heldOut: number; zipfS: number; liveDeadlineMs: number };
  lines.push(
    `Workload: ${w.distinctQueries} distinct shopper queries (bench/queries.json), drawn Zipf s=${w.zipfS}, ${w.heldOut} more held out for "not seen before" (measured with them and the workload queries no phase drew${r.extras.unseenSamples ? `: ${r.extras.unseenSamples} searches` : ''}, 10 concurrent); retailers are the sandbox storefronts in a process of their own, evo log-normal median 600 ms / p95 1.5 s, backcountry median 900 ms / p95 2.5 s, 1.5 % HTTP 500s; LIVE_DEADLINE_MS=${w.liveDeadlineMs}. Every API is a real server process (\`node --import tsx src/main.ts serve\`); each mode gets a warm-up, then 1, 10 and 50 concurrent clients. Times are in ms, measured by the client: "static" is the first payload (the @defer initial result), "complete" the last.`,
    '',
  );
  lines.push('## Targets', '', '| target | figure | goal | met | note |', '|---|---|---|---|---|');
  for (const t of r.targets) lines.push(`| ${t.id}: ${t.description} | ${t.figure === null ? '—' : `${f(t.figure, 3)} ${t.unit}`} | ${t.goal} | ${t.met ? 'yes' : '**no**'} | ${t.note ?? ''} |`);
  lines.push('');
  if (r.modes.length) {
    lines.push('## Modes', '', '| mode | conc. | requests | failed | req/s | static p50 / p95 / p99 | complete p50 / p95 / p99 |', '|---|---|---|---|---|---|---|');
    for (const m of r.modes)
      for (const run of m.runs)
        lines.push(
          `| ${m.mode} | ${run.concurrency} | ${run.requests} | ${run.failed} | ${f(run.requestsPerSecond, 0)} | ${f(run.first.p50)} / ${f(run.first.p95)} / ${f(run.first.p99)} | ${f(run.complete.p50)} / ${f(run.complete.p95)} / ${f(run.complete.p99)} |`,
        );
    lines.push('', '| mode | what | hit rate static / live / query | retailer calls per query | AI calls / tokens per query | RSS before → after (MB) |', '|---|---|---|---|---|---|');
    for (const m of r.modes) {
      const hr = m.hitRate ? `${f(m.hitRate.static, 3)} / ${f(m.hitRate.live, 3)} / ${f(m.hitRate.query, 3)}` : '—';
      const calls = m.retailerCallsPerQuery ? Object.entries(m.retailerCallsPerQuery).map(([v, c]) => `${v} ${f(c, 3)}`).join(', ') : '—';
      const ai = m.ai ? `${f(m.ai.callsPerQuery, 3)} / ${f(m.ai.tokensPerQuery, 1)}${m.ai.present ? '' : ' (metric absent)'}` : '—';
      lines.push(`| ${m.mode} | ${m.description} | ${hr} | ${calls} | ${ai} | ${f(m.rssBeforeMb, 0)} → ${f(m.rssAfterMb, 0)} |`);
    }
    lines.push('', '### Ratios (p95)', '', '| mode | conc. | static split / old | complete split / old | static Hexar / ceiling | complete Hexar / ceiling |', '|---|---|---|---|---|---|');
    for (const x of r.extras.ratios) lines.push(`| ${x.mode} | ${x.concurrency} | ${f(x.staticP95VsOld, 3)} | ${f(x.completeP95VsOld, 3)} | ${f(x.staticP95VsCeiling, 2)} | ${f(x.completeP95VsCeiling, 2)} |`);
    lines.push('');
  }
  const b = r.extras.byteCheck;
  if (b) lines.push(`Same bytes: the static document for ${b.compared} queries, answered by Hexar and by the ceiling: ${b.equal} byte-identical${b.differing.length ? ` (differing, first few: ${b.differing.map((q) => `"${q}"`).join(', ')})` : ''}.`, '');
  const tp = r.extras.throughput;
  if (tp) lines.push(`Throughput (autocannon, ${tp.connections} connections, ${tp.seconds} s each, alternating): "${r.extras.repeatedQuery}" repeated, static fields: Hexar ${f(tp.hexarRps, 0)} req/s, ceiling ${f(tp.ceilingRps, 0)} req/s.`, '');
  if (r.extras.identical) lines.push(`Identical live misses ("${r.extras.identical.query}"): one request cost ${JSON.stringify(r.extras.identical.single)} retailer requests; ${r.measured.identicalMisses?.n} identical concurrent ones cost ${JSON.stringify(r.extras.identical.concurrent)}; answers naming a CIRCUIT_OPEN retailer: ${r.extras.identical.answersWithCircuitOpen}.`, '');
  if (r.extras.liveMissSamples) lines.push(`Live misses (a server with a 1 s live tier, retailers behind timing proxies): ${r.extras.liveMissSamples} requests, each one's complete answer compared with the end of the slowest retailer request it caused.`, '');
  if (r.extras.soak) lines.push(`Soak: ${JSON.stringify(r.extras.soak)}.`, '');
  if ('rows' in r.measured.scale) {
    lines.push('## Scale', '', '| products | search p50 | search p95 | index build (ms) | API RSS (MB) |', '|---|---|---|---|---|');
    for (const s of r.measured.scale.rows) lines.push(`| ${s.size} | ${f(s.searchP50Ms)} | ${f(s.searchP95Ms)} | ${f(s.indexBuildMs, 0)} | ${f(s.apiRssMb, 0)} |`);
    lines.push('');
  } else lines.push(`Scale: ${r.measured.scale.absent}.`, '');
  lines.push('Charts: `bench/charts/latency*.svg` (percentiles per mode), `bench/charts/soak-rss*.svg` (RSS and heap over the soak).', '');
  return `${lines.join('\n')}\n`;
}
