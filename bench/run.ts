/**
 * npm run bench: Hexar measured against its old path and against a bare graphql-yoga ceiling,
 * side by side in one run, as real server processes over sandbox retailers at realistic latency.
 * Options: --quick (every target at smaller sizes, < 2 min), --soak / --scale (only that part),
 * --out <dir> (default bench/results). Writes <out>/<date>.json, <out>/<date>.md and SVG charts
 * under bench/charts/. Tests never assert speed; this does the measuring.
 */
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import queriesFile from './queries.json' with { type: 'json' };
import { CAPTURE_DOC, DEFER_DOC, STATIC_DOC } from './lib/documents.js';
import { runClosedLoop, searchBody, timedRequest, type LoadResult } from './lib/driver.js';
import { apiUrl, cacheStats, metricSum, runToEnd, scrapeMetrics, startProcess, StorefrontControl, type BenchProcess } from './lib/processes.js';
import { machine, renderReport, type ModeResult, type Results, type RunRow } from './lib/report.js';
import { percentile, ratio, summarize } from './lib/stats.js';
import { evaluateTargets, type Measured, type ScaleRow } from './lib/targets.js';
import { startTimingProxy } from './lib/timing-proxy.js';
import { zipfSampler } from './lib/zipf.js';
import { barChart, lineChart } from './lib/svg.js';
import { throughput, soak } from './lib/autocannon.js';
import { Redis } from 'ioredis';

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, soak: { type: 'boolean', default: false }, scale: { type: 'boolean', default: false }, out: { type: 'string' } },
});
const QUICK = args.quick;
const only = args.soak || args.scale ? { soak: args.soak, scale: args.scale, load: false } : { soak: true, scale: true, load: true };
const SIZES = QUICK
  ? { warmup: 30, c1: 10, c10: 100, c50: 200, old: { warmup: 0, c1: 1, c10: 0, c50: 0 }, unseen: 60, liveMiss: 3, slow: 20, identical: 10, autocannonSec: 2, soak: 2000, scale: [1000, 5_000] }
  : { warmup: 300, c1: 100, c10: 1000, c50: 2000, old: { warmup: 0, c1: 2, c10: 10, c50: 50 }, unseen: 400, liveMiss: 15, slow: 100, identical: 20, autocannonSec: 10, soak: args.soak ? 100_000 : 15_000, scale: [1000, 10_000, 100_000] };
const ZIPF_S = 1.1;
/** evo-like and backcountry-like latency (median, p95) and a 1.5 % error rate. */
const REALISTIC = { evo: { latencyMs: 600, latencyP95Ms: 1500 }, backcountry: { latencyMs: 900, latencyP95Ms: 2500 }, failureRate: 0.015 };
const LIVE_DEADLINE_MS = 2500;
const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const OUT_DIR = args.out ?? join(BENCH_DIR, 'results');
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const started = performance.now();

const workload = queriesFile.workload;
const heldOut = queriesFile.heldOut;
const zipf = zipfSampler(workload.length, ZIPF_S, 'bench-workload');
const draw = (n: number) => Array.from({ length: n }, () => workload[zipf.next()]!);
const phases = { warmup: draw(SIZES.warmup), c1: draw(SIZES.c1), c10: draw(SIZES.c10), c50: draw(SIZES.c50) };
const REPEATED = workload[0]!;
/**
 * "Not seen before": the held-out queries, then the workload's distinct queries no phase drew
 * (the server was never asked them either), so the p95 comes from hundreds of samples, not 77.
 */
const drawn = new Set([...phases.warmup, ...phases.c1, ...phases.c10, ...phases.c50]);
const unseenQueries = [...heldOut, ...new Set(workload.filter((q) => !drawn.has(q)))].slice(0, SIZES.unseen);

const processes: BenchProcess[] = [];
const spawnTracked = (name: string, argv: string[], env: Record<string, string>) => {
  const p = startProcess(name, argv, env);
  processes.push(p);
  return p;
};
async function stopAll() {
  await Promise.all(processes.map((p) => p.stop()));
}
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

// --- the retailers -----------------------------------------------------------------------------
async function startRetailers(name: string): Promise<[StorefrontControl, StorefrontControl]> {
  const proc = spawnTracked(name, ['src/main.ts', 'sandbox'], { SANDBOX_EVO_PORT: '0', SANDBOX_BACKCOUNTRY_PORT: '0' });
  const line = await proc.waitFor(/"evo":"(http[^"]+)","backcountry":"(http[^"]+)"/);
  return [new StorefrontControl('evo', line[1]!), new StorefrontControl('backcountry', line[2]!)];
}
// The old path gets storefronts of its own: its counters stay its own, and in --quick it can
// run beside the Redis mode (it waits on retailers for tens of seconds, using little CPU).
const [[evo, backcountry], oldStorefronts] = await Promise.all([startRetailers('sandbox'), startRetailers('sandbox-old-path')]);
const storefronts = [evo, backcountry];
async function setLatency(kind: 'zero' | 'realistic' | number, failureRate = REALISTIC.failureRate, of = [...storefronts, ...oldStorefronts]) {
  for (const s of of) {
    if (kind === 'zero') await s.configure({ latencyMs: 0, latencyP95Ms: 0, failureRate: 0 });
    else if (kind === 'realistic') await s.configure({ ...REALISTIC[s.id], failureRate });
    else await s.configure({ latencyMs: kind, latencyP95Ms: 0, failureRate });
  }
}
const retailerTotals = async (of: StorefrontControl[]) => Object.fromEntries(await Promise.all(of.map(async (s) => [s.id, await s.total()] as const))) as Record<string, number>;
await setLatency('zero');

// --- the servers (crawls at zero latency, so start-up does not take the retailers' time) -------
const base = { EVO_BASE_URL: evo.baseUrl, BACKCOUNTRY_BASE_URL: backcountry.baseUrl, LIVE_DEADLINE_MS: String(LIVE_DEADLINE_MS), LOG_LEVEL: 'info' };
const redisPrefix = `hexar-bench-${randomBytes(4).toString('hex')}:`;
const redisEnv = { ...base, REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: redisPrefix, CRAWL_ON_START: 'false' };

/** The Redis mode's keys, all under the run's own prefix (the Redis is shared: never a FLUSHDB). */
async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisEnv.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

async function catalogReady(url: string, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ search(query: "snowboard", first: 1) { catalog { state productCount } } }' }) });
    const c = ((await r.json()) as { data?: { search: { catalog: { state: string; productCount: number } } } }).data?.search.catalog;
    if (c && c.state === 'READY' && c.productCount > 0 && c.productCount === last) return c.productCount;
    last = c?.productCount ?? -1;
    if (Date.now() > deadline) throw new Error(`catalog at ${url} not ready: ${JSON.stringify(c)}`);
    await sleep(500);
  }
}

interface Api {
  name: string;
  proc: BenchProcess;
  url: string;
}
async function startApi(name: string, env: Record<string, string>, waitForCatalog = true): Promise<Api> {
  const proc = spawnTracked(name, ['src/main.ts', 'serve'], env);
  const url = await apiUrl(proc);
  if (waitForCatalog) await catalogReady(url);
  return { name, proc, url };
}

const needsLoad = only.load;
const needsSoak = only.soak;
log(`${QUICK ? 'quick' : 'full'} run: ${workload.length} workload queries (Zipf s=${ZIPF_S}), ${heldOut.length} held out; parts: ${Object.entries(only).filter(([, v]) => v).map(([k]) => k).join(', ')}`);

const timing = needsLoad ? await Promise.all([startTimingProxy(evo.baseUrl), startTimingProxy(backcountry.baseUrl)]) : [];
const [split, liveMissApi, oldPath, redisApi] = await Promise.all([
  needsLoad || needsSoak ? startApi('split-embedded', base) : undefined,
  needsLoad
    ? startApi('split-live-miss', {
        ...base,
        EVO_BASE_URL: timing[0]!.baseUrl,
        BACKCOUNTRY_BASE_URL: timing[1]!.baseUrl,
        // A 1 s live tier and no stale serving: every request a second apart is a live miss.
        LIVE_CACHE_TTL_MINUTES: '0.01',
        LIVE_STALE_GRACE_MINUTES: '0',
        LIVE_NEGATIVE_TTL_SECONDS: '0',
      })
    : undefined,
  needsLoad ? startApi('old-path', { ...base, EVO_BASE_URL: oldStorefronts[0].baseUrl, BACKCOUNTRY_BASE_URL: oldStorefronts[1].baseUrl, SPLIT_AGENTS: 'false', QUERY_CACHE: 'false', CRAWL_ON_START: 'false' }, false) : undefined,
  needsLoad
    ? (async () => {
        await runToEnd('warm-cache', ['src/main.ts', 'warm-cache'], redisEnv);
        spawnTracked('redis-worker', ['src/main.ts', 'worker'], redisEnv);
        return startApi('split-redis', redisEnv);
      })()
    : undefined,
]);
for (const t of timing) t.take();
// A document the schema refuses would be measured as fast failures: every document is checked first.
for (const [name, document] of split ? Object.entries({ STATIC_DOC, DEFER_DOC, CAPTURE_DOC }) : []) {
  const sample = await timedRequest(split!.url, document, 'beginner snowboard', 'multipart/mixed');
  if (sample.failed) throw new Error(`bench: ${name} is not answered cleanly by ${split!.url} (HTTP ${sample.status}): ${sample.body.toString('utf8').slice(0, 400)}`);
}
log('servers ready');

// --- measuring one mode --------------------------------------------------------------------------
async function aiCounters(url: string): Promise<{ calls: number | null; tokens: number | null }> {
  const scrape = await scrapeMetrics(url);
  return { calls: metricSum(scrape, 'hexar_ai_calls_total'), tokens: metricSum(scrape, 'hexar_ai_tokens_total') };
}
const hitRate = (before: Record<string, { hits: number; misses: number }>, after: Record<string, { hits: number; misses: number }>, tier: string) => {
  const hits = (after[tier]?.hits ?? 0) - (before[tier]?.hits ?? 0);
  const misses = (after[tier]?.misses ?? 0) - (before[tier]?.misses ?? 0);
  return hits + misses > 0 ? hits / (hits + misses) : null;
};
function row(concurrency: number, r: LoadResult): RunRow {
  const ok = r.samples.filter((s) => !Number.isNaN(s.completeMs));
  return {
    concurrency,
    requests: r.samples.length,
    failed: r.samples.filter((s) => s.failed).length,
    requestsPerSecond: r.requestsPerSecond,
    first: summarize(ok.map((s) => s.firstMs)),
    complete: summarize(ok.map((s) => s.completeMs)),
  };
}

async function measureMode(
  name: string,
  description: string,
  url: string,
  proc: BenchProcess | null,
  sizes: { warmup: number; c1: number; c10: number; c50: number },
  hexar = true,
  retailers = storefronts,
): Promise<ModeResult> {
  const rssBeforeMb = proc?.rssMb() ?? null;
  log(`${name}: warm-up (${sizes.warmup} requests)`);
  await runClosedLoop({ url, concurrency: 10, requests: sizes.warmup, queryAt: (i) => phases.warmup[i]!, document: DEFER_DOC, accept: 'multipart/mixed' });
  const cacheBefore = hexar ? await cacheStats(url) : null;
  const aiBefore = hexar ? await aiCounters(url) : null;
  const retailBefore = await retailerTotals(retailers);
  const runs: RunRow[] = [];
  for (const [c, n, qs] of [[1, sizes.c1, phases.c1], [10, sizes.c10, phases.c10], [50, sizes.c50, phases.c50]] as const) {
    if (n === 0) continue;
    const r = await runClosedLoop({ url, concurrency: c, requests: n, queryAt: (i) => qs[i]!, document: DEFER_DOC, accept: 'multipart/mixed' });
    runs.push(row(c, r));
    log(`${name}: c=${c} ${n} requests, static p95 ${runs.at(-1)!.first.p95.toFixed(1)} ms, complete p95 ${runs.at(-1)!.complete.p95.toFixed(1)} ms, ${r.requestsPerSecond.toFixed(0)} req/s`);
  }
  const requests = runs.reduce((s, r) => s + r.requests, 0);
  const retailAfter = await retailerTotals(retailers);
  const cacheAfter = hexar ? await cacheStats(url) : null;
  const aiAfter = hexar ? await aiCounters(url) : null;
  const aiPresent = aiAfter?.calls !== null && aiAfter?.calls !== undefined;
  return {
    mode: name,
    description,
    runs,
    hitRate: cacheBefore && cacheAfter ? { static: hitRate(cacheBefore, cacheAfter, 'static'), live: hitRate(cacheBefore, cacheAfter, 'live'), query: hitRate(cacheBefore, cacheAfter, 'query') } : null,
    retailerCallsPerQuery: hexar ? Object.fromEntries(retailers.map((s) => [s.id, ((retailAfter[s.id] ?? 0) - (retailBefore[s.id] ?? 0)) / requests])) : null,
    ai: hexar
      ? {
          present: aiPresent,
          callsPerQuery: aiPresent ? ((aiAfter!.calls ?? 0) - (aiBefore!.calls ?? 0)) / requests : 0,
          tokensPerQuery: aiAfter?.tokens != null ? ((aiAfter.tokens ?? 0) - (aiBefore!.tokens ?? 0)) / requests : 0,
        }
      : null,
    rssBeforeMb,
    rssAfterMb: proc?.rssMb() ?? null,
  };
}

const modes: ModeResult[] = [];
const measured: Measured = {
  staticC10P95Ms: { hexar: null, ceiling: null },
  staticUnderSlowRetailers: { fastP95Ms: null, slowP95Ms: null },
  liveMiss: { overSlowestP95Ms: null, maxCompleteMs: null, deadlineMs: LIVE_DEADLINE_MS },
  repeated: { hexarRps: null, ceilingRps: null, hexarP95Ms: null, ceilingP95Ms: null },
  unseen: { hexarP95Ms: null, ceilingP95Ms: null },
  scale: { absent: 'not measured: this run left scale out' },
  retailerCallsPerQuery: null,
  identicalMisses: null,
  hitRate: { static: null, live: null },
  ai: { callsPerQuery: null, metricPresent: false },
  soak: null,
};
const extras: Results['extras'] = { byteCheck: null, ratios: [], liveMissSamples: 0, repeatedQuery: REPEATED, throughput: null };

if (needsLoad && split && liveMissApi && oldPath && redisApi) {
  await setLatency('realistic');
  // 4. The old path, on storefronts and a server of its own, in the background of the whole
  // load part: one query takes ~40 s there and 50 concurrent ones minutes, almost all of it
  // waiting on retailers (its CPU use is small), so run alone it would take most of the budget.
  const oldRunning = measureMode('old-path', 'SPLIT_AGENTS=false QUERY_CACHE=false: retailers read on every query (run beside the other modes)', oldPath.url, oldPath.proc, SIZES.old, true, oldStorefronts);
  // 1. The split, embedded: the default.
  const splitMode = await measureMode('split-embedded', 'the smart split (default), embedded mode', split.url, split.proc, SIZES);
  modes.push(splitMode);
  measured.staticC10P95Ms.hexar = splitMode.runs.find((r) => r.concurrency === 10)!.first.p95;
  measured.retailerCallsPerQuery = splitMode.retailerCallsPerQuery;
  measured.hitRate = { static: splitMode.hitRate?.static ?? null, live: splitMode.hitRate?.live ?? null };
  measured.ai = { callsPerQuery: splitMode.ai?.callsPerQuery ?? null, metricPresent: splitMode.ai?.present ?? false };
  const unseen = await runClosedLoop({ url: split.url, concurrency: 10, requests: unseenQueries.length, queryAt: (i) => unseenQueries[i]!, document: STATIC_DOC, accept: 'application/graphql-response+json' });
  extras.unseenSamples = unseen.samples.length;
  measured.unseen.hexarP95Ms = percentile(unseen.samples.map((s) => s.completeMs), 95);
  const hexarRepeated = await runClosedLoop({ url: split.url, concurrency: 10, requests: SIZES.c10, queryAt: () => REPEATED, document: STATIC_DOC, accept: 'application/graphql-response+json' });
  measured.repeated.hexarP95Ms = percentile(hexarRepeated.samples.map((s) => s.completeMs), 95);

  // 2. The ceiling: given Hexar's payload for every query the workload sends.
  log('ceiling: capturing payloads from split-embedded');
  const needed = [...new Set([...phases.warmup, ...phases.c1, ...phases.c10, ...phases.c50, REPEATED])];
  const payloads: Record<string, unknown> = {};
  for (let i = 0; i < needed.length; i += 20) {
    await Promise.all(
      needed.slice(i, i + 20).map(async (q) => {
        const r = await fetch(split.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: searchBody(CAPTURE_DOC, q) });
        payloads[q] = ((await r.json()) as { data: { search: unknown } }).data.search;
      }),
    );
  }
  const payloadFile = join(tmpdir(), `hexar-bench-ceiling-${process.pid}.json`);
  writeFileSync(payloadFile, JSON.stringify(payloads));
  const ceilingProc = spawnTracked('ceiling', ['bench/ceiling-server.ts', payloadFile], {});
  const ceilingUrl = (await ceilingProc.waitFor(/ceiling on (http\S+)/))[1]!;
  // Same bytes: the static document answered by both, for every captured query.
  let equal = 0;
  const sample = needed.slice(0, QUICK ? 40 : 200);
  const differing: string[] = [];
  for (const q of sample) {
    const [a, b] = await Promise.all([split.url, ceilingUrl].map((u) => timedRequest(u, STATIC_DOC, q, 'application/graphql-response+json')));
    if (a!.body.equals(b!.body)) equal++;
    else differing.push(q);
  }
  extras.byteCheck = { compared: sample.length, equal, differing: differing.slice(0, 5) };
  log(`ceiling: ${equal}/${sample.length} static answers byte-identical to Hexar's`);
  const ceilingMode = await measureMode('ceiling', 'bare graphql-yoga over schema.graphql, payloads from memory', ceilingUrl, ceilingProc, SIZES, false);
  modes.push(ceilingMode);
  measured.staticC10P95Ms.ceiling = ceilingMode.runs.find((r) => r.concurrency === 10)!.first.p95;
  const ceilingStatic = await runClosedLoop({ url: ceilingUrl, concurrency: 10, requests: SIZES.c10, queryAt: (i) => phases.c10[i]!, document: STATIC_DOC, accept: 'application/graphql-response+json' });
  measured.unseen.ceilingP95Ms = percentile(ceilingStatic.samples.map((s) => s.completeMs), 95);
  const ceilingRepeated = await runClosedLoop({ url: ceilingUrl, concurrency: 10, requests: SIZES.c10, queryAt: () => REPEATED, document: STATIC_DOC, accept: 'application/graphql-response+json' });
  measured.repeated.ceilingP95Ms = percentile(ceilingRepeated.samples.map((s) => s.completeMs), 95);
  // Throughput, autocannon: the two alternate so a neighbour's load hits both alike.
  const tp = { hexar: [] as number[], ceiling: [] as number[] };
  for (let round = 0; round < 2; round++) {
    tp.hexar.push(await throughput(split.url, searchBody(STATIC_DOC, REPEATED), SIZES.autocannonSec / 2));
    tp.ceiling.push(await throughput(ceilingUrl, searchBody(STATIC_DOC, REPEATED), SIZES.autocannonSec / 2));
  }
  measured.repeated.hexarRps = tp.hexar.reduce((a, b) => a + b, 0) / tp.hexar.length;
  measured.repeated.ceilingRps = tp.ceiling.reduce((a, b) => a + b, 0) / tp.ceiling.length;
  extras.throughput = { hexarRps: measured.repeated.hexarRps, ceilingRps: measured.repeated.ceilingRps, seconds: SIZES.autocannonSec, connections: 10 };
  log(`throughput (autocannon, 10 connections): split ${measured.repeated.hexarRps.toFixed(0)} req/s, ceiling ${measured.repeated.ceilingRps.toFixed(0)} req/s`);

  // 3. The split on Redis.
  modes.push(await measureMode('split-redis', 'the smart split, every tier in Redis (warm-cache + serve + worker)', redisApi.url, redisApi.proc, SIZES));
  await redisApi.proc.stop();

  // 5. Live misses, timed against the retailers' own answers (the timing proxies).
  log('live misses: complete answer against the slowest retailer');
  const over: number[] = [];
  const completes: number[] = [];
  const settle = async () => {
    while (timing.some((t) => t.inFlight() > 0)) await sleep(50);
    await sleep(1200); // past the 1 s live TTL
  };
  for (let i = 0; i < SIZES.liveMiss; i++) {
    await settle();
    for (const t of timing) t.take();
    const t0 = performance.now();
    const r = await timedRequest(liveMissApi.url, DEFER_DOC, phases.c1[i % phases.c1.length]!);
    // Calls still running past the answer (the deadline cut them off) count too.
    while (timing.some((t) => t.inFlight() > 0)) await sleep(50);
    const calls = timing.flatMap((t) => t.take()).filter((c) => c.startMs >= t0);
    completes.push(r.completeMs);
    if (calls.length > 0) over.push(r.completeMs - (Math.max(...calls.map((c) => c.endMs)) - t0));
  }
  measured.liveMiss.overSlowestP95Ms = percentile(over, 95);
  measured.liveMiss.maxCompleteMs = completes.length ? Math.max(...completes) : null;
  extras.liveMissSamples = over.length;
  // N identical concurrent misses cost what one miss costs. Before the 3 s phase: retailers
  // slower than the deadline trip the breakers, and a CIRCUIT_OPEN retailer is not called at all.
  await setLatency('realistic', 0, storefronts);
  let breakerOpen = 0;
  let probe = REPEATED;
  // Cold for both: no retailer request of an earlier one still running (a batch outlives its
  // request's deadline and would refill the tier), then past the 1 s live TTL.
  const callsFor = async (n: number) => {
    await settle();
    for (const t of timing) t.take();
    const answers = await Promise.all(Array.from({ length: n }, () => timedRequest(liveMissApi.url, DEFER_DOC, probe)));
    breakerOpen += answers.filter((a) => a.body.includes('CIRCUIT_OPEN')).length;
    while (timing.some((t) => t.inFlight() > 0)) await sleep(50);
    return Object.fromEntries(storefronts.map((s, i) => [s.id, timing[i]!.take().length]));
  };
  // A probe whose miss reaches every retailer (a query whose products one retailer lacks says nothing there).
  let single: Record<string, number> = {};
  for (const q of workload.slice(0, 5)) {
    probe = q;
    single = await callsFor(1);
    if (Object.values(single).every((c) => c > 0)) break;
  }
  const many = await callsFor(SIZES.identical);
  // An open breaker answers without calling: then the counts say nothing about coalescing.
  measured.identicalMisses = breakerOpen > 0 ? null : {
    n: SIZES.identical,
    callsPerRetailer: Object.fromEntries(Object.entries(many).filter(([v]) => (single[v] ?? 0) > 0).map(([v, c]) => [v, c / single[v]!])),
  };
  extras.identical = { query: probe, single, concurrent: many, answersWithCircuitOpen: breakerOpen };
  // Static payload while retailers slow from 0.3 s to 3 s (no errors: only the latency moves).
  for (const [latency, key] of [[300, 'fastP95Ms'], [3000, 'slowP95Ms']] as const) {
    await setLatency(latency, 0, storefronts);
    await sleep(1200);
    const r = await runClosedLoop({ url: liveMissApi.url, concurrency: 10, requests: SIZES.slow, queryAt: (i) => phases.c10[i]!, document: DEFER_DOC, accept: 'multipart/mixed' });
    measured.staticUnderSlowRetailers[key] = percentile(r.samples.map((s) => s.firstMs), 95);
    log(`retailers at ${latency} ms: static p95 ${measured.staticUnderSlowRetailers[key]!.toFixed(1)} ms`);
  }
  await liveMissApi.proc.stop();
  for (const t of timing) await t.close();
  modes.push(await oldRunning);
  await oldPath.proc.stop();

  const ceiling = modes.find((m) => m.mode === 'ceiling')!;
  const old = modes.find((m) => m.mode === 'old-path')!;
  for (const m of modes.filter((x) => x.mode.startsWith('split'))) {
    for (const r of m.runs) {
      const o = old.runs.find((x) => x.concurrency === r.concurrency);
      const c = ceiling.runs.find((x) => x.concurrency === r.concurrency);
      extras.ratios.push({
        mode: m.mode,
        concurrency: r.concurrency,
        staticP95VsOld: ratio(r.first.p95, o?.first.p95),
        completeP95VsOld: ratio(r.complete.p95, o?.complete.p95),
        staticP95VsCeiling: ratio(r.first.p95, c?.first.p95),
        completeP95VsCeiling: ratio(r.complete.p95, c?.complete.p95),
      });
    }
  }
}

// --- soak -----------------------------------------------------------------------------------------
let soakPoints: { requests: number; rssMb: number; heapMb: number | null }[] = [];
if (needsSoak && split) {
  await setLatency('realistic');
  log(`soak: ${SIZES.soak} requests over the Zipf workload against split-embedded`);
  if (!needsLoad) {
    // A server the load part did not warm: its tiers and JIT first, then the soak's own warm-up (its first tenth).
    log('soak: warming a fresh server');
    await runClosedLoop({ url: split.url, concurrency: 10, requests: Math.max(SIZES.warmup, 1000), queryAt: () => workload[zipf.next()]!, document: DEFER_DOC, accept: 'multipart/mixed' });
  }
  const soakZipf = zipfSampler(workload.length, ZIPF_S, 'bench-soak');
  const result = await soak({ url: split.url, requests: SIZES.soak, connections: 20, nextBody: () => searchBody(DEFER_DOC, workload[soakZipf.next()]!), rssMb: () => split.proc.rssMb(), log });
  soakPoints = result.points;
  const warm = soakPoints.find((p) => p.requests >= SIZES.soak * 0.1) ?? soakPoints[0];
  const last = soakPoints.at(-1);
  measured.soak = {
    requests: SIZES.soak,
    rssGrowthPct: warm && last ? ((last.rssMb - warm.rssMb) / warm.rssMb) * 100 : null,
  };
  extras.soak = {
    requests: SIZES.soak,
    requestsPerSecond: result.requestsPerSecond,
    non2xx: result.non2xx,
    rssAfterWarmupMb: warm?.rssMb ?? null,
    rssEndMb: last?.rssMb ?? null,
    heapAfterWarmupMb: warm?.heapMb ?? null,
    heapEndMb: last?.heapMb ?? null,
    heapGrowthPct: warm?.heapMb && last?.heapMb ? ((last.heapMb - warm.heapMb) / warm.heapMb) * 100 : null,
  };
  log(`soak: RSS ${warm?.rssMb.toFixed(0)} → ${last?.rssMb.toFixed(0)} MB after warm-up (${measured.soak.rssGrowthPct?.toFixed(1)} %)`);
}
await stopAll();
if (needsLoad) await deleteRedisKeys(redisPrefix);

// --- scale ----------------------------------------------------------------------------------------
if (only.scale) {
  const scalePath = join(BENCH_DIR, 'scale.ts');
  if (!existsSync(scalePath)) measured.scale = { absent: 'not measured (bench/scale.ts absent)' };
  else {
    log(`scale: catalogs of ${SIZES.scale.join(', ')} products (bench/scale.ts)`);
    try {
      const mod = (await import(pathToFileURL(scalePath).href)) as { runScale(o: { sizes: number[]; queries: string[]; log?: (l: string) => void }): Promise<ScaleRow[]> };
      measured.scale = { rows: await mod.runScale({ sizes: SIZES.scale, queries: workload, log }) };
    } catch (error) {
      measured.scale = { absent: `not measured: bench/scale.ts failed: ${(error as Error).message}` };
    }
  }
}

// --- output ---------------------------------------------------------------------------------------
const targets = evaluateTargets(measured);
const date = new Date().toISOString().slice(0, 10);
const command = `npm run bench${[QUICK && '--quick', args.soak && '--soak', args.scale && '--scale'].filter(Boolean).length ? ` -- ${[QUICK && '--quick', args.soak && '--soak', args.scale && '--scale'].filter(Boolean).join(' ')}` : ''}`;
const results: Results = {
  date: new Date().toISOString(),
  command,
  quick: QUICK,
  durationSeconds: (performance.now() - started) / 1000,
  machine: machine(),
  workload: { distinctQueries: workload.length, heldOut: heldOut.length, zipfS: ZIPF_S, sizes: SIZES, retailers: REALISTIC, liveDeadlineMs: LIVE_DEADLINE_MS },
  modes,
  measured,
  extras,
  soakPoints,
  targets,
};
mkdirSync(OUT_DIR, { recursive: true });
// A --soak or --scale run writes files of its own beside the full run's.
const suffix = `${QUICK ? '-quick' : ''}${args.soak ? '-soak' : ''}${args.scale ? '-scale' : ''}`;
const stem = `${date}${suffix}`;
writeFileSync(join(OUT_DIR, `${stem}.json`), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(OUT_DIR, `${stem}.md`), renderReport(results));
const chartDir = join(BENCH_DIR, 'charts');
mkdirSync(chartDir, { recursive: true });
if (modes.length > 0) {
  const groups = modes.flatMap((m) => m.runs.map((r) => ({ label: `${m.mode} c${r.concurrency}`, values: [r.first.p50, r.first.p95, r.first.p99, r.complete.p50, r.complete.p95, r.complete.p99] })));
  writeFileSync(join(chartDir, `latency${suffix}.svg`), barChart(`Latency per mode and concurrency (${command})`, ['static p50', 'static p95', 'static p99', 'complete p50', 'complete p95', 'complete p99'], groups, 'ms'));
}
if (soakPoints.length > 0) {
  const lines = [{ label: 'RSS (MB)', points: soakPoints.map((p) => [p.requests, p.rssMb] as [number, number]) }];
  const heap = soakPoints.filter((p) => p.heapMb !== null);
  if (heap.length) lines.push({ label: 'heap used (MB)', points: heap.map((p) => [p.requests, p.heapMb!] as [number, number]) });
  writeFileSync(join(chartDir, `soak-rss${suffix}.svg`), lineChart(`API server memory over the soak (${command})`, 'requests', 'MB', lines));
}
log(`wrote ${join(OUT_DIR, `${stem}.json`)} and .md, charts in ${chartDir} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
for (const t of targets) log(`${t.met ? 'MET    ' : 'NOT MET'} ${t.id}: ${t.figure === null ? '—' : t.figure.toFixed(3)} ${t.unit} (goal ${t.goal})${t.note ? ` — ${t.note}` : ''}`);
process.exit(0);
