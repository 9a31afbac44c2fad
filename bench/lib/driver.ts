import { performance } from 'node:perf_hooks';
import { readIncremental } from './incremental.js';

/**
 * A closed-loop load driver over fetch: `concurrency` workers, each sending its next request
 * when the last one's final payload arrived, until `requests` are done. Each request is read
 * incrementally (see incremental.ts) so @defer parts are timed as they arrive. autocannon
 * measures throughput (run.ts); this measures the per-payload latencies a load tool cannot.
 */

export interface Sample {
  query: string;
  status: number;
  /** The first payload (the static part of a @defer answer). */
  firstMs: number;
  /** The complete answer. */
  completeMs: number;
  /** The answer carried GraphQL errors, or the status was not 200. */
  failed: boolean;
  bytes: number;
}

export interface LoadResult {
  samples: Sample[];
  elapsedMs: number;
  requestsPerSecond: number;
}

export interface LoadOptions {
  url: string;
  concurrency: number;
  requests: number;
  /** The i-th request's query text; the document is the same for every request. */
  queryAt: (i: number) => string;
  document: string;
  /** multipart/mixed for @defer; application/graphql-response+json otherwise. */
  accept?: string;
}

/** The body of a search request for `q` (first 20). */
export function searchBody(document: string, q: string): string {
  return JSON.stringify({ query: document, variables: { q, n: 20 } });
}

/** One request, timed. */
export async function timedRequest(url: string, document: string, q: string, accept = 'multipart/mixed'): Promise<Sample & { body: Buffer }> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: searchBody(document, q),
  });
  const timed = await readIncremental(response, started);
  const failed = response.status !== 200 || timed.parts.some((p) => Array.isArray(p.payload.errors) && p.payload.errors.length > 0);
  return { query: q, status: response.status, firstMs: timed.firstMs, completeMs: timed.completeMs, failed, bytes: timed.body.length, body: timed.body };
}

export async function runClosedLoop(options: LoadOptions): Promise<LoadResult> {
  const samples: Sample[] = [];
  let issued = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < options.requests) {
      const i = issued++;
      const q = options.queryAt(i);
      try {
        const { body: _body, ...sample } = await timedRequest(options.url, options.document, q, options.accept);
        samples.push(sample);
      } catch {
        samples.push({ query: q, status: 0, firstMs: Number.NaN, completeMs: Number.NaN, failed: true, bytes: 0 });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.requests) }, worker));
  const elapsedMs = performance.now() - started;
  return { samples, elapsedMs, requestsPerSecond: samples.length / (elapsedMs / 1000) };
}
