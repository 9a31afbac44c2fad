import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKCOUNTRY_LISTING_PATHS, sandboxCatalog, startSandbox, type Sandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
const catalog = sandboxCatalog();
const carried = catalog.filter((p) => p.backcountry);

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

async function get(path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(sandbox.backcountry.baseUrl + path);
  return { status: res.status, body: await res.text() };
}

function nextData(body: string): { props: { pageProps: Record<string, any> } } {
  return JSON.parse(cheerio.load(body)('script#__NEXT_DATA__').text());
}

describe('backcountry listing pages', () => {
  it('holds one Apollo Product entry per product, 30 per page, with totalPages', async () => {
    const boards = carried.filter((p) => p.category === 'SNOWBOARD');
    const pages = Math.ceil(boards.length / 30);
    expect(pages).toBeGreaterThan(1);
    const seen: string[] = [];
    for (let n = 1; n <= pages; n++) {
      const { status, body } = await get(`${BACKCOUNTRY_LISTING_PATHS.SNOWBOARD}?page=${n}`);
      expect(status).toBe(200);
      const props = nextData(body).props.pageProps;
      expect(props.totalPages).toBe(pages);
      const entries = Object.entries(props.__APOLLO_STATE__).filter(([k]) => k.startsWith('Product:'));
      expect(entries.length).toBe(n < pages ? 30 : boards.length - 30 * (pages - 1));
      for (const [key, value] of entries) {
        const v = value as Record<string, any>;
        expect(key).toBe(`Product:${v.id}`);
        expect(v.__typename).toBe('Product');
        expect(typeof v.aggregates.minSalePrice).toBe('number');
        seen.push(v.id);
      }
    }
    expect(seen.sort()).toEqual(boards.map((p) => p.backcountry!.vendorProductId).sort());
    const past = nextData((await get(`${BACKCOUNTRY_LISTING_PATHS.SNOWBOARD}?page=${pages + 1}`)).body).props.pageProps;
    expect(Object.keys(past.__APOLLO_STATE__).filter((k) => k.startsWith('Product:'))).toEqual([]);
  });

  it('answers 404 for a category it does not carry (goggles) and for unknown paths', async () => {
    expect(carried.some((p) => p.category === 'GOGGLE')).toBe(false);
    expect((await get(BACKCOUNTRY_LISTING_PATHS.GOGGLE)).status).toBe(404);
    expect((await get('/no-such-product-mens')).status).toBe(404);
  });

  it('searches with /search?q= in the listing shape', async () => {
    const props = nextData((await get('/search?q=union%20force')).body).props.pageProps;
    const names = Object.values(props.__APOLLO_STATE__).flatMap((v: any) => (v.__typename === 'Product' ? [`${v.brand.name} ${v.name}`] : []));
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n.toLowerCase()).toMatch(/union.*force/);
  });
});

describe('backcountry product pages', () => {
  const product = carried.find((p) => p.backcountry!.reviews.length > 0 && p.backcountry!.sizes.some((s) => s.gtin13))!;
  const quiet = carried.find((p) => p.backcountry!.reviews.length === 0)!;

  it('carries a ProductGroup JSON-LD with one variant per size and the __NEXT_DATA__ product', async () => {
    const l = product.backcountry!;
    const { status, body } = await get(l.path);
    expect(status).toBe(200);
    const ld = JSON.parse(cheerio.load(body)('script[type="application/ld+json"]').text());
    expect(ld['@type']).toBe('ProductGroup');
    expect(ld.productGroupID).toBe(l.vendorProductId);
    expect(ld.hasVariant.map((v: any) => v.size)).toEqual(product.sizes);
    expect(ld.hasVariant.map((v: any) => v.gtin13 ?? null)).toEqual(l.sizes.map((s) => s.gtin13));
    const p = nextData(body).props.pageProps.product;
    expect(p.id).toBe(l.vendorProductId);
    expect(p.customerReviews.count).toBe(l.reviews.length);
    expect(p.customerReviews.reviews[0]).toEqual(l.reviews[0]);
    expect(p.attributes.length).toBeGreaterThan(0);
    expect(p.skus.length).toBe(product.sizes.length);
  });

  it('says count 0 and average null for a product without reviews', async () => {
    const p = nextData((await get(quiet.backcountry!.path)).body).props.pageProps.product;
    expect(p.customerReviews).toEqual({ average: null, count: 0, reviews: [] });
  });
});

describe('backcountry product API', () => {
  const [a, b, c] = carried;

  it('answers one product by id with skus, prices and stock', async () => {
    const { status, body } = await get(`/api/products/${a!.backcountry!.vendorProductId}`);
    expect(status).toBe(200);
    const p = JSON.parse(body);
    expect(p.id).toBe(a!.backcountry!.vendorProductId);
    expect(p.minSalePrice).toBe(a!.backcountry!.minSalePrice);
    expect(p.skus.map((s: any) => s.size.name)).toEqual(a!.sizes);
    expect(p.skus.map((s: any) => s.availability.stockLevel)).toEqual(a!.backcountry!.sizes.map((s) => s.stockLevel));
    expect(p.shipping).toBeUndefined();
  });

  it('answers a batch, leaving unknown ids out and listing them in notFound', async () => {
    const ids = [a!, b!, c!].map((p) => p.backcountry!.vendorProductId);
    const { status, body } = await get(`/api/products/${ids[0]},NOPE00X,${ids[1]},${ids[2]}`);
    expect(status).toBe(200);
    const answer = JSON.parse(body);
    expect(answer.products.map((p: any) => p.id)).toEqual(ids);
    expect(answer.notFound).toEqual(['NOPE00X']);
  });

  it('answers 404 for an unknown single id and 400 for more than 50 ids', async () => {
    expect((await get('/api/products/NOPE00X')).status).toBe(404);
    const many = carried.slice(0, 51).map((p) => p.backcountry!.vendorProductId).join(',');
    expect((await get(`/api/products/${many}`)).status).toBe(400);
  });

  it.each(['/api/products', '/api/products/', '/api/products/,', '/api/products?fields=skus'])('%s (no ids) answers 400 with a JSON error', async (path) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(JSON.parse(body)).toEqual({ error: 'no product id given' });
  });

  it.each(['/api/products/%E0%A4%A', '/api/products/ABC%', '/api/products/%ZZ,ABC'])('a bad percent escape (%s) answers 400 with a JSON error, not 500', async (path) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(JSON.parse(body).error).toMatch(/escape/);
  });

  it('limits the answer with ?fields=skus.availability.stockLevel', async () => {
    const { body } = await get(`/api/products/${a!.backcountry!.vendorProductId},${b!.backcountry!.vendorProductId}?fields=skus.availability.stockLevel`);
    const [first] = JSON.parse(body).products;
    expect(Object.keys(first).sort()).toEqual(['id', 'skus']);
    expect(Object.keys(first.skus[0]).sort()).toEqual(['availability', 'id', 'size']);
    expect(first.skus[0].availability.stockLevel).toBe(a!.backcountry!.sizes[0]!.stockLevel);
  });
});
