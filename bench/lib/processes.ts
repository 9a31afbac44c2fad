import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/**
 * The bench's server processes: the API (`node --import tsx src/main.ts serve`, the program
 * `npm start` runs, in one process so its RSS is the server's), the sandbox storefronts
 * (`… sandbox`) and the ceiling. Each gets a clean environment of the bench's choosing.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BenchProcess {
  name: string;
  child: ChildProcess;
  lines: string[];
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resident set size now, in MB (from /proc; null off Linux or after exit). */
  rssMb(): number | null;
  stop(): Promise<void>;
}

export function startProcess(name: string, args: string[], env: Record<string, string>): BenchProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    // Only PATH and HOME of the shell's environment (to run at all); every setting is the bench's own.
    // eslint-disable-next-line no-restricted-properties
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  const onLine = (line: string) => {
    if (line === '') return;
    // Only what readiness needs is kept: a long run's info lines would grow without bound.
    if (lines.length < 2000) lines.push(line);
    for (const w of [...waiters]) {
      const m = w.pattern.exec(line);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
  return {
    name,
    child,
    lines,
    waitFor: (pattern, timeoutMs = 120_000) =>
      new Promise((resolve, reject) => {
        for (const l of lines) {
          const m = pattern.exec(l);
          if (m) return resolve(m);
        }
        const timer = setTimeout(() => reject(new Error(`${name}: no line matching ${pattern} within ${timeoutMs} ms:\n${lines.slice(-20).join('\n')}`)), timeoutMs);
        waiters.push({
          pattern,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited with ${code} before ${pattern}:\n${lines.slice(-20).join('\n')}`));
        });
      }),
    rssMb: () => {
      try {
        const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return kb ? Number(kb[1]) / 1024 : null;
      } catch {
        return null;
      }
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a command to its end (warm-cache); rejects on a non-zero exit. */
export async function runToEnd(name: string, args: string[], env: Record<string, string>): Promise<void> {
  const p = startProcess(name, args, env);
  const [code] = (await once(p.child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${name} exited with ${code}:\n${p.lines.slice(-20).join('\n')}`);
}

/** The API server's GraphQL URL from its start-up line. */
export async function apiUrl(p: BenchProcess): Promise<string> {
  const m = await p.waitFor(/on (http:\/\/[^ ]+\/graphql)/);
  return m[1]!;
}

export type Scrape = Map<string, { metrics: { value?: string; labels?: Record<string, string> }[] }>;

export async function scrapeMetrics(graphqlUrl: string): Promise<Scrape> {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'));
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return new Map(parsePrometheusTextFormat(await response.text()).map((f) => [f.name, f]));
}

/** The sum of a family's samples whose labels include `labels`; null when the family is absent. */
export function metricSum(scrape: Scrape, name: string, labels: Record<string, string> = {}): number | null {
  const family = scrape.get(name);
  if (!family) return null;
  return family.metrics
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((s, m) => s + Number(m.value ?? 0), 0);
}

export interface TierCounts {
  hits: number;
  misses: number;
}

/**
 * The server's tier counters. The static tier's include the in-process records in front of it: a
 * record answered from memory is a static hit that never reached the store (its misses are the
 * store reads, counted by the tier itself).
 */
export async function cacheStats(graphqlUrl: string): Promise<Record<string, TierCounts>> {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, '/admin/cache-stats'));
  if (response.status !== 200) throw new Error(`/admin/cache-stats answered ${response.status}`);
  const { cache, inProcessRecords } = (await response.json()) as { cache: Record<string, TierCounts>; inProcessRecords?: TierCounts };
  const stored = cache.static ?? { hits: 0, misses: 0 };
  return { ...cache, static: { hits: stored.hits + (inProcessRecords?.hits ?? 0), misses: stored.misses } };
}

/** A sandbox storefront's control endpoints. */
export class StorefrontControl {
  constructor(
    readonly id: 'evo' | 'backcountry',
    readonly baseUrl: string,
  ) {}

  async configure(controls: { latencyMs?: number; latencyP95Ms?: number; failureRate?: number }): Promise<void> {
    const response = await fetch(`${this.baseUrl}/__sandbox/config`, { method: 'POST', body: JSON.stringify(controls) });
    if (response.status !== 200) throw new Error(`${this.id} config: ${await response.text()}`);
  }

  async total(): Promise<number> {
    const response = await fetch(`${this.baseUrl}/__sandbox/stats`);
    return ((await response.json()) as { total: number }).total;
  }
}
