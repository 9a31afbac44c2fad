/**
 * npm run bench: the smart split measured side by side in one run, against the sandbox
 * storefronts with a realistic per-request latency.
 * Options: --latency <ms per retailer request> (default 150), --rounds <n> (default 7).
 * Reports medians and ratios; tests never assert speed, this does the measuring.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createServices } from '../src/services.js';
import { createYogaServer } from '../src/server.js';
import { startSandbox } from '../src/sandbox/index.js';

const { values: args } = parseArgs({
  options: { latency: { type: 'string', default: '150' }, rounds: { type: 'string', default: '7' } },
});
const LATENCY_MS = Number(args.latency);
const ROUNDS = Number(args.rounds);
if (!Number.isInteger(LATENCY_MS) || LATENCY_MS < 0 || !Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error('usage: npm run bench -- [--latency <ms, >= 0>] [--rounds <n, >= 1>]');
  process.exit(2);
}
const QUERY = 'beginner snowboard';
const FIRST = 20;

const STATIC_QUERY = `query($q: String!, $n: Int) { search(query: $q, first: $n) { edges { node { id name brand specs { flex skillLevels } rating { average count } } } } }`;
const LIVE_QUERY = `query($q: String!, $n: Int) { search(query: $q, first: $n) { edges { node { id name offers { vendor price { amount } sizes { size inStock } } liveStatus { status } } } } }`;
const DEFER_QUERY = `query($q: String!, $n: Int) { search(query: $q, first: $n) { edges { node { id name brand ... @defer { offers { vendor price { amount } } } } } } }`;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

const sandbox = await startSandbox({ host: '127.0.0.1' });
// Only the bench's own settings: the bench never reads the shell's environment.
const benchEnv = {
  EVO_BASE_URL: sandbox.evo.baseUrl,
  BACKCOUNTRY_BASE_URL: sandbox.backcountry.baseUrl,
  LIVE_DEADLINE_MS: '10000',
  LOG_LEVEL: 'silent',
};
const services = await createServices(loadConfig(benchEnv), createLogger('silent'));
// The baseline: the same API with SPLIT_AGENTS=false, the old single path (each retailer's search
// page and every hit's product page per query, then the live data), through GraphQL as a client sees it.
const legacy = await createServices(loadConfig({ ...benchEnv, SPLIT_AGENTS: 'false' }), createLogger('silent'));
const legacyYoga = createYogaServer(legacy);
await services.heavyProcessor.runOnce();
sandbox.evo.configure({ latencyMs: LATENCY_MS });
sandbox.backcountry.configure({ latencyMs: LATENCY_MS });
const yoga = createYogaServer(services);

async function post(query: string, accept = 'application/graphql-response+json', server = yoga) {
  const started = performance.now();
  const response = await server.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query, variables: { q: QUERY, n: FIRST } }),
  });
  const reader = response.body!.getReader();
  let firstChunkMs = 0;
  let text = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    firstChunkMs ||= performance.now() - started;
    text += new TextDecoder().decode(chunk.value);
  }
  return { firstChunkMs, totalMs: performance.now() - started, text };
}

async function clearLive() {
  await services.store.delete(...(await services.store.keys('live:')), ...(await services.store.keys('neg:')));
}
const requests = () => sandbox.evo.stats().total + sandbox.backcountry.stats().total;
const reset = () => {
  sandbox.evo.resetStats();
  sandbox.backcountry.resetStats();
};

/** The old request path, live tier cold as it had none: every retailer read twice per query. */
async function legacyPath() {
  await legacy.store.delete(...(await legacy.store.keys('live:')), ...(await legacy.store.keys('neg:')));
  reset();
  const { totalMs } = await post(LIVE_QUERY, undefined, legacyYoga);
  counts.legacy = requests();
  return totalMs;
}

const rows: Record<string, number[]> = {
  legacy: [], staticSearch: [], deferFirst: [], deferAll: [], liveCold: [], liveWarm: [],
};
const counts = { legacy: 0, cold: 0, warm: 0, concurrent10: 0 };

for (let round = 0; round < ROUNDS; round++) {
  rows.legacy!.push(await legacyPath());
  rows.staticSearch!.push((await post(STATIC_QUERY)).totalMs);
  await clearLive();
  const deferred = await post(DEFER_QUERY, 'multipart/mixed');
  rows.deferFirst!.push(deferred.firstChunkMs);
  rows.deferAll!.push(deferred.totalMs);
  await clearLive();
  reset();
  rows.liveCold!.push((await post(LIVE_QUERY)).totalMs);
  counts.cold = requests();
  reset();
  rows.liveWarm!.push((await post(LIVE_QUERY)).totalMs);
  counts.warm = requests();
}
await clearLive();
reset();
await Promise.all(Array.from({ length: 10 }, () => post(LIVE_QUERY)));
counts.concurrent10 = requests();

const m = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, median(v)])) as Record<'legacy' | 'staticSearch' | 'deferFirst' | 'deferAll' | 'liveCold' | 'liveWarm', number>;
console.log(`Hexar bench: "${QUERY}", first ${FIRST}, retailer latency ${LATENCY_MS} ms per request, ${ROUNDS} rounds (medians)\n`);
console.table({
  'old path (SPLIT_AGENTS=false): heavy + light agents per query': { ms: fmt(m.legacy) },
  'static search (no live fields)': { ms: fmt(m.staticSearch) },
  '@defer: first (static) payload, cold live tier': { ms: fmt(m.deferFirst) },
  '@defer: all payloads, cold live tier': { ms: fmt(m.deferAll) },
  'live fields, cold live tier': { ms: fmt(m.liveCold) },
  'live fields, warm live tier': { ms: fmt(m.liveWarm) },
});
console.log('ratios:');
console.log(`  old path / @defer first payload   ${(m.legacy / m.deferFirst).toFixed(1)}x`);
console.log(`  old path / @defer all payloads    ${(m.legacy / m.deferAll).toFixed(1)}x`);
console.log(`  live cold / live warm             ${(m.liveCold / m.liveWarm).toFixed(1)}x`);
console.log('retailer requests per search:');
console.log(`  old path (SPLIT_AGENTS=false) ${counts.legacy}, cold live tier ${counts.cold}, warm live tier ${counts.warm}, 10 concurrent cold searches ${counts.concurrent10}`);

await services.close();
await legacy.close();
await sandbox.close();
