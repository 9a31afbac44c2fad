/**
 * What a search miss's analyze-query costs an embedded server's event loop (`npx tsx bench/merge-probe.ts`):
 * one embedded Hexar over in-process sandbox storefronts at no latency, crawled once, then the
 * analyze-query job's work (`analyzeQueryNow`) for a few shopper queries, each timed with the
 * longest event-loop stall it caused (perf_hooks' monitorEventLoopDelay) and the in-process
 * records held after it. The sandbox renders its pages in this process, so a stall includes that.
 * Not the benchmark: `npm run bench` measures the same thing as it shows in the not-seen-before phase.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startEmbeddedHexar } from './lib/embedded.js';

const QUERIES = ['Rossignol trixie xpress 10 gw binding', 'salomon huck knife', 'capita paradise 2026', 'burton custom', 'giro contour'];

const { services, close } = await startEmbeddedHexar('merge-probe');
const told: string[] = [];
services.staticProducts.onChange((ids) => told.push(...ids));
for (const q of QUERIES) {
  told.length = 0;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  const read = await services.heavyProcessor.analyzeQueryNow(q);
  delay.disable();
  const { size } = services.records.stats();
  console.log(`${JSON.stringify(q)}: product pages read ${read}, ${(performance.now() - started).toFixed(0)} ms, longest stall ${(delay.max / 1e6).toFixed(0)} ms, ${told.length} records rewritten, ${size} records held in process`);
}
await close();
process.exit(0);
