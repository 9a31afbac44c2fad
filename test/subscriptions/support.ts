import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-sse';
import type { HexarYoga } from '../../src/server.js';
import type { StaticProduct } from '../../src/domain/product.js';
import type { TestApp } from '../support/test-app.js';

/** yoga on a real HTTP server on a free port (graphql-sse needs a real transport); resolves with its /graphql URL. */
export async function listen(yoga: HexarYoga): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One subscription through the graphql-sse package's own client: every result, in order. */
export interface Collected<T = any> {
  results: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] }[];
  /** Resolves once `count` results arrived (or rejects after `timeoutMs`). */
  next(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves when the server completed the stream (after an error result, for instance). */
  done: Promise<void>;
  dispose(): void;
}

export function sseClient(url: string, options: { singleConnection?: boolean; headers?: Record<string, string> } = {}): Client {
  return createClient({ url, singleConnection: options.singleConnection ?? false, retryAttempts: 0, headers: options.headers ?? {} });
}

export function collect<T = any>(client: Client, query: string, variables: Record<string, unknown>): Collected<T> {
  const results: Collected<T>['results'] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        results.push(result as Collected<T>['results'][number]);
        for (const w of waiters.filter((w) => results.length >= w.count)) w.resolve();
      },
      error: (err) => {
        results.push({ errors: [{ message: err instanceof Error ? err.message : JSON.stringify(err) }] });
        finish();
      },
      complete: () => finish(),
    },
  );
  return {
    results,
    done,
    dispose,
    next: (count, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        if (results.length >= count) return resolve();
        const timer = setTimeout(() => reject(new Error(`only ${results.length} of ${count} results: ${JSON.stringify(results)}`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      }),
  };
}

export const globalId = (id: string) => Buffer.from(`Product:${id}`).toString('base64');

/** A crawled product listed at both retailers (from a search the sandbox answers with many). */
export async function productAtBothRetailers(app: TestApp, skip = 0): Promise<StaticProduct> {
  const { data } = await app.graphql('{ search(query: "beginner snowboard", first: 20) { edges { node { id } } } }');
  const ids = (data.search.edges as { node: { id: string } }[]).map((e) => Buffer.from(e.node.id, 'base64').toString('utf8').slice('Product:'.length));
  const products = (await app.services.staticProducts.getProducts(ids)).filter((p): p is StaticProduct => p !== null);
  const both = products.filter((p) => new Set(p.listings.map((l) => l.vendor)).size === 2);
  if (!both[skip]) throw new Error('the sandbox search found no product at both retailers');
  return both[skip];
}

/** The product's listing at one retailer. */
export function listingAt(product: StaticProduct, vendor: string) {
  const listing = product.listings.find((l) => l.vendor === vendor);
  if (!listing) throw new Error(`${product.id} has no ${vendor} listing`);
  return listing;
}

/** `POST /__sandbox/price` on a storefront. */
export async function movePrice(baseUrl: string, change: { vendorProductId: string; size?: string; price?: number; status?: string }): Promise<any> {
  const response = await fetch(`${baseUrl}/__sandbox/price`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(change) });
  const body = await response.json();
  if (!response.ok) throw new Error(`sandbox price: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** Requests to a storefront path (prefix match) since its last reset. */
export function requestsTo(stats: { requests: Record<string, number> }, match: (path: string) => boolean): number {
  return Object.entries(stats.requests)
    .filter(([path]) => match(path))
    .reduce((n, [, count]) => n + count, 0);
}

/** Poll until `check` is true (bounded). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
