import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BcSku } from '../../../src/sandbox/backcountry-data.js';

/**
 * A tiny retailer whose prices a test can change, speaking the backcountry product API of
 * docs/storefronts.md (`GET /api/products/ID1,ID2` → `{ products, notFound }`) on an
 * ephemeral port. The sandbox storefronts serve a fixed catalog; this one exists for the
 * tests that need a retailer to change a price between two fetches.
 */
/** A sku as backcountry's product API answers it (the sandbox's own shape). */
export type FakeSku = BcSku;

export interface FakeProduct {
  id: string;
  title: string;
  brand: { name: string };
  url: string;
  skus: FakeSku[];
}

export interface FakeStorefront {
  baseUrl: string;
  /** The retailer's catalog; tests edit it to change prices or stock. */
  products: Map<string, FakeProduct>;
  /** Product API requests so far. */
  readonly requests: number;
  close(): Promise<void>;
}

/** A product with one size per entry of `sizes` (the first in stock), priced as given. */
export function fakeProduct(id: string, salePrice: number, listPrice = salePrice, sizes = ['154', '158']): FakeProduct {
  return {
    id,
    title: `Test Board ${id}`,
    brand: { name: 'Test' },
    url: `/test-board-${id.toLowerCase()}`,
    skus: sizes.map((size, i) => ({
      id: `${id}-${size}`,
      size: { name: size },
      color: { name: 'Black' },
      listPrice,
      salePrice,
      discountPercent: listPrice > salePrice ? Math.round((1 - salePrice / listPrice) * 100) : 0,
      onSale: listPrice > salePrice,
      availability: { status: i === 0 ? 'inStock' : 'outOfStock', stockLevel: i === 0 ? 4 : 0, backorderLevel: 0 },
    })),
  };
}

/** Start a fake storefront on 127.0.0.1, port 0. */
export async function startFakeStorefront(products: FakeProduct[]): Promise<FakeStorefront> {
  const catalog = new Map(products.map((p) => [p.id, p]));
  let requests = 0;
  const server: Server = createServer((req, res) => {
    const match = /^\/api\/products\/([^/?]+)/.exec(req.url ?? '');
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    requests++;
    const ids = decodeURIComponent(match[1]!).split(',');
    const found = ids.flatMap((id) => catalog.get(id) ?? []);
    const notFound = ids.filter((id) => !catalog.has(id));
    if (ids.length === 1 && found.length === 0) {
      res.writeHead(404).end();
      return;
    }
    const body = ids.length === 1 ? found[0] : { products: found, notFound };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    products: catalog,
    get requests() {
      return requests;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
