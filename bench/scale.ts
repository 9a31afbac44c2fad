/**
 * Search at catalog scale (`npm run bench -- --scale`, or `npx tsx bench/scale.ts` alone): for each
 * size, a child process loads a synthetic catalog of that many products (bench/synthetic-catalog.ts:
 * copies of what one crawl of the sandbox yields) as an API server loads the static tier at start
 * (CatalogService.rebuildFromStore: records decoded from the tier's JSON in chunks of 500, each chunk
 * passing through the in-process record cache and indexed into a fresh index before the next is
 * read), keeping only what a server keeps (the index and the StaticRecordCache at its configured bound,
 * STATIC_RECORD_CACHE_SIZE) and reports the index build time, search p50 and p95 (parse + rank the
 * window a query-tier miss ranks, every query in turn, at least 3,000 searches and 3 s), the slowest
 * queries' own p95, and memory after a full collection:
 * - RSS: the whole process (Node and the modules it loaded, the index, the record cache), and also
 *   what the load needed: V8 keeps the heap pages it grew to, so the load's peak stays in the RSS
 *   after the records are gone (which is why the load goes chunk by chunk).
 * - heap: the V8 heap in use plus memory outside it (typed arrays): what the process holds now.
 * One process per size, so no size's heap inflates another's RSS. The sandbox runs only in the parent.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { StaticRecordCache } from '../src/cache/record-cache.js';
import { parseShopperQuery } from '../src/catalog/query-parser.js';
import { CatalogIndex } from '../src/catalog/search-index.js';
import { loadConfig } from '../src/config.js';
import type { StaticProduct } from '../src/domain/product.js';
import { emptyIntent } from '../src/domain/search.js';
import { percentile } from './lib/stats.js';
import { crawlSandboxProducts, syntheticCatalog } from './synthetic-catalog.js';

export interface ScaleResult {
  size: number;
  searchP50Ms: number;
  searchP95Ms: number;
  indexBuildMs: number;
  apiRssMb: number;
  /** V8 heap in use plus external memory (typed arrays) after a full collection. */
  heapMb: number;
  /** Records the in-process record cache held when RSS was read. */
  recordsHeld: number;
  /** The queries with the highest p95 at this size. */
  slowestQueries: { query: string; p95Ms: number }[];
}

/** Shopper queries of every kind: filters only, filters with words that only rank, sort words, brands, free text alone. */
export const DEFAULT_SCALE_QUERIES = [
  'beginner snowboard under $400',
  'Burton Custom',
  'powder skis 180cm between $500 and $800',
  'something for icy groomers',
  'beginner snowboard 7',
  'cheap helmet',
  'best rated bindings',
  "women's all mountain snowboard",
  'size 10 boots',
  'goggles on sale',
  'snowboard',
  'twin tip skis',
];

/**
 * Every size is searched until both bounds are reached: a small catalog's searches are fast, so a
 * fixed count would give its p95 (the denominator of the growth figure) from a fraction of a second.
 */
const MIN_SAMPLES = 3000;
const MIN_MEASURE_MS = 3000;
const WARMUP_MS = 500;
/** Queries shown with their own p95, slowest first. */
const SLOWEST_SHOWN = 4;
/** Records per static-tier read, as CatalogService reads them (REBUILD_CHUNK). */
const READ_CHUNK = 500;
const CHILD_FLAG = '--scale-child';
/** Exposed in the child (--expose-gc), so memory is read after a full collection. */
const gc = (globalThis as { gc?: () => void }).gc;
const thisFile = fileURLToPath(import.meta.url);

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Measure each size in a child process of its own; the sandbox is crawled once, here. */
export async function runScale(options: { sizes: number[]; queries: string[]; log?: (line: string) => void }): Promise<ScaleResult[]> {
  const log = options.log ?? (() => undefined);
  log('scale: crawling the sandbox storefronts once for the base products');
  const base = await crawlSandboxProducts();
  log(`scale: ${base.length} base products`);
  const dir = await mkdtemp(join(tmpdir(), 'hexar-scale-'));
  try {
    const baseFile = join(dir, 'base.json');
    const queriesFile = join(dir, 'queries.json');
    await writeFile(baseFile, JSON.stringify(base));
    await writeFile(queriesFile, JSON.stringify(options.queries));
    const results: ScaleResult[] = [];
    for (const size of options.sizes) {
      log(`scale: ${size} products: building and searching in a child process`);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--expose-gc', '--import', import.meta.resolve('tsx'), thisFile, CHILD_FLAG, baseFile, String(size), queriesFile],
        { maxBuffer: 1 << 20 },
      );
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as ScaleResult;
      log(
        `scale: ${size} products: search p50 ${result.searchP50Ms} ms, p95 ${result.searchP95Ms} ms, index build ${result.indexBuildMs} ms, RSS ${result.apiRssMb} MB, heap ${result.heapMb} MB (${result.recordsHeld} records cached)`,
      );
      log(`scale: ${size} products: slowest p95: ${result.slowestQueries.map((q) => `${JSON.stringify(q.query)} ${q.p95Ms} ms`).join(', ')}`);
      results.push(result);
    }
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Load as a server does and build the index: what it returns is what a server holds from then on
 * (the index and the bounded record cache, not the whole catalog). A function of its own, not a
 * part of the async child: a suspended async frame keeps its temporaries, and with them every record.
 */
function load(base: readonly StaticProduct[], size: number): { index: CatalogIndex; records: StaticRecordCache; knownBrands: string[]; indexBuildMs: number } {
  // As CatalogService.rebuildFromStore reads the static tier: chunks of records decoded from the
  // JSON the tier stores (so no two records share their reviews or descriptions in memory), each
  // chunk passing through the in-process record cache, which keeps the last STATIC_RECORD_CACHE_SIZE,
  // and indexed into a fresh index before the next chunk is read. Build time is the indexing alone.
  const records = new StaticRecordCache(loadConfig().staticRecordCacheSize);
  const index = new CatalogIndex();
  const brands = new Set<string>();
  let indexBuildMs = 0;
  let chunk: StaticProduct[] = [];
  const read = () => {
    const decoded = JSON.parse(JSON.stringify(chunk)) as StaticProduct[];
    records.fill(decoded, records.readStarted());
    const started = performance.now();
    index.upsert(decoded);
    indexBuildMs += performance.now() - started;
    for (const p of decoded) brands.add(p.brand);
    chunk = [];
  };
  for (const p of syntheticCatalog(base, size)) if (chunk.push(p) === READ_CHUNK) read();
  read();
  const built = performance.now();
  index.trim();
  // The first search builds the walk orders: part of building.
  index.search(emptyIntent());
  indexBuildMs += performance.now() - built;
  // The catalog passes every brand it holds to the parser (CatalogService.interpret).
  return { index, records, knownBrands: [...brands], indexBuildMs };
}

/** The child: load, search, measure, print one JSON line. */
async function child(baseFile: string, size: number, queriesFile: string): Promise<void> {
  const base = JSON.parse(await readFile(baseFile, 'utf8')) as StaticProduct[];
  const queries = JSON.parse(await readFile(queriesFile, 'utf8')) as string[];
  const { index, records, knownBrands, indexBuildMs } = load(base, size);
  const indexed = index.size;
  gc?.();

  const search = (q: string) => index.search(parseShopperQuery(q, { knownBrands }));
  for (const started = performance.now(); performance.now() - started < WARMUP_MS; ) for (const q of queries) search(q);
  const timings: number[] = [];
  const perQuery = queries.map(() => [] as number[]);
  for (const started = performance.now(); timings.length < MIN_SAMPLES || performance.now() - started < MIN_MEASURE_MS; ) {
    queries.forEach((q, i) => {
      const started = performance.now();
      search(q);
      const ms = performance.now() - started;
      timings.push(ms);
      perQuery[i]!.push(ms);
    });
  }
  gc?.();
  const memory = process.memoryUsage();
  const apiRssMb = memory.rss / 2 ** 20;
  const result: ScaleResult = {
    size: indexed,
    searchP50Ms: round(percentile(timings, 50)),
    searchP95Ms: round(percentile(timings, 95)),
    indexBuildMs: round(indexBuildMs, 0),
    apiRssMb: round(apiRssMb, 0),
    heapMb: round((memory.heapUsed + memory.external) / 2 ** 20, 0),
    recordsHeld: records.stats().size,
    slowestQueries: queries
      .map((query, i) => ({ query, p95Ms: round(percentile(perQuery[i]!, 95)) }))
      .sort((a, b) => b.p95Ms - a.p95Ms)
      .slice(0, SLOWEST_SHOWN),
  };
  // Keeps the index and the record cache alive until measured.
  if (index.size !== indexed || records.stats().size !== Math.min(indexed, records.stats().max)) throw new Error('index or record cache lost products');
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain && process.argv[2] === CHILD_FLAG) {
  await child(process.argv[3]!, Number(process.argv[4]), process.argv[5]!);
} else if (isMain) {
  const results = await runScale({ sizes: [1000, 10_000, 100_000], queries: DEFAULT_SCALE_QUERIES, log: (line) => console.error(line) });
  console.table(results.map(({ slowestQueries: _, ...row }) => row));
  const [small, , large] = results;
  if (small && large) console.log(`p95 at ${large.size} / p95 at ${small.size}: ${(large.searchP95Ms / small.searchP95Ms).toFixed(2)}×`);
  process.exit(0);
}
