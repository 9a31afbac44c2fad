import autocannon from 'autocannon';
import { metricSum, scrapeMetrics } from './processes.js';

/**
 * The load generator for throughput and the soak: autocannon (a compact HTTP/1.1 client that
 * keeps connections busy, so requests/s measures the server, not the bench's own fetch).
 */

const HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };

/** Requests/s for one body repeated, 10 connections, for `seconds`. */
export async function throughput(url: string, body: string, seconds: number): Promise<number> {
  const result = await autocannon({ url, method: 'POST', headers: HEADERS, body, connections: 10, duration: seconds });
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`throughput run on ${url}: ${result.errors} errors, ${result.non2xx} non-2xx`);
  return result.requests.average;
}

export interface SoakPoint {
  requests: number;
  rssMb: number;
  heapMb: number | null;
}

/** `requests` requests, each body from nextBody(), sampling the server's RSS and heap every second. */
export async function soak(options: {
  url: string;
  requests: number;
  connections: number;
  nextBody: () => string;
  rssMb: () => number | null;
  log: (line: string) => void;
}): Promise<{ points: SoakPoint[]; requestsPerSecond: number; non2xx: number }> {
  let done = 0;
  const points: SoakPoint[] = [];
  const sample = async () => {
    const rss = options.rssMb();
    let heapMb: number | null;
    try {
      const bytes = metricSum(await scrapeMetrics(options.url), 'nodejs_heap_size_used_bytes');
      heapMb = bytes === null ? null : bytes / 1024 / 1024;
    } catch {
      // A scrape that fails under load is a missing point, not a zero.
      heapMb = null;
    }
    if (rss !== null) points.push({ requests: done, rssMb: rss, heapMb });
  };
  await sample();
  let lastLogged = 0;
  const timer = setInterval(() => {
    void sample();
    if (done - lastLogged >= options.requests / 10) {
      lastLogged = done;
      options.log(`soak: ${done}/${options.requests}, RSS ${options.rssMb()?.toFixed(0)} MB`);
    }
  }, 1000);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        amount: options.requests,
        requests: [{ method: 'POST', headers: { ...HEADERS, accept: 'multipart/mixed' }, setupRequest: (req) => ({ ...req, body: options.nextBody() }) }],
      },
      (err: unknown, r: autocannon.Result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(r)),
    );
    instance.on('response', () => done++);
  });
  clearInterval(timer);
  await sample();
  return { points, requestsPerSecond: result.requests.average, non2xx: result.non2xx };
}
