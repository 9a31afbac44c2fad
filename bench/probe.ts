/**
 * In-process search timings, for finding where a search's time goes (`npx tsx bench/probe.ts`,
 * `-- --profile unseen|repeated` to write a CPU profile of that part to bench/results/probe.cpuprofile).
 * Not the benchmark (`npm run bench` measures real processes over HTTP, side by side with a bare
 * server): this is one embedded Hexar (sandbox storefronts at no latency, one crawl) answering
 * through `yoga.fetch`, no network, one request at a time, so a profile shows only the server's work.
 *
 * - warm-up: the first 300 distinct workload queries of bench/queries.json (static tier and JIT warm);
 * - unseen: every other distinct workload query and the held-out ones, each asked once (query tier
 *   and response cache cold for each: what "a search not seen before" costs);
 * - repeated: 2000 requests cycling over 50 workload queries already answered (response-cache hits).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { createYogaServer } from '../src/server.js';
import { startEmbeddedHexar } from './lib/embedded.js';
import { STATIC_DOC } from './lib/documents.js';
import { searchBody } from './lib/driver.js';
import { summarize } from './lib/stats.js';

const { values } = parseArgs({ options: { profile: { type: 'string' }, repeats: { type: 'string', default: '2000' } } });
const profilePart = values.profile ?? null;
if (profilePart !== null && profilePart !== 'unseen' && profilePart !== 'repeated') throw new Error('--profile takes unseen or repeated');

const { services, close } = await startEmbeddedHexar('probe');
const yoga = createYogaServer(services);

const queries = JSON.parse(readFileSync(new URL('./queries.json', import.meta.url), 'utf8')) as { workload: string[]; heldOut: string[] };
const distinct = [...new Set(queries.workload)];
const timed = async (q: string) => {
  const started = performance.now();
  const response = await yoga.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: searchBody(STATIC_DOC, q),
  });
  await response.text();
  return performance.now() - started;
};
const summary = (ms: number[]) => {
  const { count, p50, p95, max, mean } = summarize(ms);
  return `n ${count}, p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${max.toFixed(2)} ms, mean ${mean.toFixed(2)} ms`;
};

const session = new Session();
session.connect();
const profiled = async <T>(part: string, run: () => Promise<T>): Promise<T> => {
  if (profilePart !== part) return run();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const out = await run();
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(new URL('./results/probe.cpuprofile', import.meta.url), JSON.stringify(profile));
  console.log(`CPU profile of ${part}: bench/results/probe.cpuprofile`);
  return out;
};

for (const q of distinct.slice(0, 300)) await timed(q);
const unseen = await profiled('unseen', async () => {
  const out: [number, string][] = [];
  for (const q of [...distinct.slice(300), ...queries.heldOut]) out.push([await timed(q), q]);
  return out;
});
console.log(`unseen:   ${summary(unseen.map(([ms]) => ms))}`);
console.log(`  slowest: ${[...unseen].sort((a, b) => b[0] - a[0]).slice(0, 5).map(([ms, q]) => `${ms.toFixed(1)} ms "${q}"`).join(', ')}`);
const repeated = await profiled('repeated', async () => {
  const out: number[] = [];
  for (let i = 0; i < Number(values.repeats); i++) out.push(await timed(distinct[i % 50]!));
  return out;
});
console.log(`repeated: ${summary(repeated)}`);
await close();
process.exit(0);
