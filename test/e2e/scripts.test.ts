import { afterEach, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { graphqlUrlOf, startProcess, stopProcesses, type Started } from '../support/processes.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { deleteKeys, REDIS_URL } from '../support/test-app.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { until } from '../live/support/harness.js';

let sandbox: Sandbox | undefined;
let proxy: TcpProxy | undefined;
const prefixes: string[] = [];
afterEach(async () => {
  await stopProcesses();
  await sandbox?.close();
  await proxy?.close();
  sandbox = proxy = undefined;
  for (const p of prefixes.splice(0)) await deleteKeys(p);
});

/** Production mode on the real Redis under a prefix of its own, against storefronts the test counts. */
async function productionEnv(): Promise<Record<string, string>> {
  sandbox = await startSandbox({ host: '127.0.0.1' });
  const prefix = `test:scripts:${randomUUID()}:`;
  prefixes.push(prefix);
  return { REDIS_URL, REDIS_KEY_PREFIX: prefix, EVO_BASE_URL: sandbox.evo.baseUrl, BACKCOUNTRY_BASE_URL: sandbox.backcountry.baseUrl, CRAWL_ON_START: 'false' };
}

async function exitOf(started: Started): Promise<number | null> {
  const [code] = (await once(started.child, 'exit')) as [number | null];
  return code;
}

const searchPagesSeen = (s: Sandbox) => ({
  evo: Object.entries(s.evo.stats().requests).filter(([p]) => p.startsWith('/shop?')).map(([p]) => p).sort(),
  backcountry: Object.entries(s.backcountry.stats().requests).filter(([p]) => p.startsWith('/search?')).map(([p]) => p).sort(),
});

/** Pages without a query string (product pages, listings) a storefront served more than once. */
const readTwice = (requests: Record<string, number>) => Object.entries(requests).filter(([p, n]) => n >= 2 && !p.includes('?')).length;

async function staticKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    return (await redis.keys(`${prefix}static:*`)).length;
  } finally {
    redis.disconnect();
  }
}

describe('npm run warm-cache', () => {
  it('with a queries file: crawls, then reads each distinct query (search page per retailer, then the hits the catalog lacks) into the static tier, a line per step when not on a terminal', async () => {
    const env = await productionEnv();
    const dir = mkdtempSync(join(tmpdir(), 'hexar-queries-'));
    const file = join(dir, 'queries.txt');
    writeFileSync(file, 'Burton Custom\n\n# a comment\nBurton Custom\nSalomon snowboard\n');
    const warm = startProcess(env, `warm-cache ${file}`);
    expect(await exitOf(warm)).toBe(0);
    const out = warm.lines.join('\n');
    expect(out).toMatch(/^crawl evo \d+\/\d+$/m);
    expect(out).toMatch(/^crawl backcountry \d+\/\d+$/m);
    expect(out).toMatch(/^queries 0\/2$/m);
    expect(out).toMatch(/^queries 2\/2$/m);
    expect(out).toMatch(/queries done: 2\/2/);
    expect(out).not.toContain('█');
    // Two distinct queries: each retailer's search page once per query (the duplicate line is one).
    const seen = searchPagesSeen(sandbox!);
    expect(seen.evo).toHaveLength(2);
    expect(seen.backcountry).toHaveLength(2);
    // The crawl reads every page once; the queries' hits are all in the catalog it made, so no
    // product page is read again.
    expect(readTwice(sandbox!.evo.stats().requests)).toBe(0);
    expect(readTwice(sandbox!.backcountry.stats().requests)).toBe(0);
    expect(await staticKeys(env.REDIS_KEY_PREFIX!)).toBeGreaterThan(0);
  }, 90_000);

  it('draws a progress bar on a terminal until the crawl is done; no queries file: no search page is read', async () => {
    const env = await productionEnv();
    const warm = startProcess(env, 'warm-cache', true);
    expect(await exitOf(warm)).toBe(0);
    const out = warm.lines.join('\n');
    expect(out).toMatch(/\[█+░*\] +\d+% crawl (evo|backcountry) \d+\/\d+/);
    expect(out).toMatch(/\[█{30}\] 100% /);
    expect(out).toMatch(/crawl done: \d+ products/);
    expect(searchPagesSeen(sandbox!)).toEqual({ evo: [], backcountry: [] });
    expect(readTwice(sandbox!.evo.stats().requests) + readTwice(sandbox!.backcountry.stats().requests)).toBe(0);
    expect(await staticKeys(env.REDIS_KEY_PREFIX!)).toBeGreaterThan(0);
  }, 90_000);

  it('a queries file that cannot be read stops it before any crawl, non-zero', async () => {
    const env = await productionEnv();
    const warm = startProcess(env, 'warm-cache /nonexistent/queries.txt');
    expect(await exitOf(warm)).toBe(2);
    expect(warm.lines.join('\n')).toMatch(/^warm-cache: cannot read the queries file \/nonexistent\/queries.txt: ENOENT/m);
    expect(sandbox!.evo.stats().total + sandbox!.backcountry.stats().total).toBe(0);
  }, 60_000);
});

describe('npm run health', () => {
  it('exits 0 while /ready answers 200, 1 while Redis cannot be reached (503), 1 when nothing listens', async () => {
    const env = await productionEnv();
    const redis = new URL(REDIS_URL);
    proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    const server = startProcess({ ...env, REDIS_URL: proxy.url });
    const port = new URL(await graphqlUrlOf(server)).port;

    const ready = startProcess({ ...env, PORT: port }, 'health');
    expect(await exitOf(ready)).toBe(0);
    expect(ready.lines.join('\n')).toMatch(/^ready: \{"ready":true/m);

    proxy.down();
    let last: Started | undefined;
    await until(async () => {
      last = startProcess({ ...env, PORT: port }, 'health');
      return (await exitOf(last)) === 1;
    }, 30_000);
    expect(last!.lines.join('\n')).toMatch(/^not ready \(503\): \{"ready":false/m);

    proxy.up();
    await stopProcesses();
    const gone = startProcess({ ...env, PORT: port }, 'health');
    expect(await exitOf(gone)).toBe(1);
    expect(gone.lines.join('\n')).toMatch(/not ready: http:\/\/127\.0\.0\.1:\d+\/ready cannot be reached/);
  }, 90_000);
});
