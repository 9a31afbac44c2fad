import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny retailer for tests, speaking the backcountry product API of docs/storefronts.md
 * (`GET /api/products/ID1,ID2` → `{ products, notFound }`), on an ephemeral port.
 * Stands in at the network boundary until the sandbox storefronts land; like them it
 * counts requests and can fail on purpose (500, hang, malformed body) or answer slowly.
 */
export interface FakeSku {
  id: string;
  size: { name: string };
  listPrice: number;
  salePrice: number;
  discountPercent: number;
  onSale: boolean;
  availability: { status: 'inStock' | 'lowStock' | 'outOfStock' | 'backorder'; stockLevel: number | null };
}

export interface FakeProduct {
  id: string;
  title: string;
  url: string;
  skus: FakeSku[];
}

export type FailureMode = 'status500' | 'hang' | 'malformed' | null;

export interface FakeStorefront {
  baseUrl: string;
  products: Map<string, FakeProduct>;
  /** Requests to the product API so far. */
  readonly requests: number;
  /** Every product id asked for, per request. */
  readonly batches: string[][];
  failureMode: FailureMode;
  latencyMs: number;
  reset(): void;
  close(): Promise<void>;
}

/** A product with one size per entry of `sizes`, priced as given. */
export function fakeProduct(id: string, salePrice: number, listPrice = salePrice, sizes = ['154', '158']): FakeProduct {
  return {
    id,
    title: `Test Board ${id}`,
    url: `/test-board-${id.toLowerCase()}`,
    skus: sizes.map((size, i) => ({
      id: `${id}-${size}`,
      size: { name: size },
      listPrice,
      salePrice,
      discountPercent: listPrice > salePrice ? Math.round((1 - salePrice / listPrice) * 100) : 0,
      onSale: listPrice > salePrice,
      availability: { status: i === 0 ? 'inStock' : 'outOfStock', stockLevel: i === 0 ? 4 : 0 },
    })),
  };
}

/** Start a fake storefront on 127.0.0.1, port 0. */
export async function startFakeStorefront(products: FakeProduct[]): Promise<FakeStorefront> {
  const hanging = new Set<ServerResponse>();
  const state = {
    products: new Map(products.map((p) => [p.id, p])),
    requests: 0,
    batches: [] as string[][],
    failureMode: null as FailureMode,
    latencyMs: 0,
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://storefront');
    const match = /^\/api\/products\/([^/]+)$/.exec(url.pathname);
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const ids = decodeURIComponent(match[1]!).split(',');
    state.requests++;
    state.batches.push(ids);
    const answer = () => {
      if (state.failureMode === 'hang') {
        hanging.add(res);
        return;
      }
      if (state.failureMode === 'status500') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
        return;
      }
      if (state.failureMode === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"products": [ {"id": ');
        return;
      }
      const found = ids.flatMap((id) => state.products.get(id) ?? []);
      const notFound = ids.filter((id) => !state.products.has(id));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ products: found, notFound }));
    };
    if (state.latencyMs > 0) setTimeout(answer, state.latencyMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    get products() {
      return state.products;
    },
    get requests() {
      return state.requests;
    },
    get batches() {
      return state.batches;
    },
    get failureMode() {
      return state.failureMode;
    },
    set failureMode(mode: FailureMode) {
      state.failureMode = mode;
    },
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(ms: number) {
      state.latencyMs = ms;
    },
    reset() {
      state.requests = 0;
      state.batches = [];
      state.failureMode = null;
      state.latencyMs = 0;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
