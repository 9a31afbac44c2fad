import { readFileSync } from 'node:fs';
import type { Store } from '../../src/cache/store.js';
import { SmartCacheManager } from '../../src/cache/tiers.js';
import { StaticProductService } from '../../src/catalog/static-product-service.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { emptyAnalysis, type ProductSpecs, type StaticProduct, type VendorProductRecord } from '../../src/domain/product.js';
import type { LiveOffer } from '../../src/domain/live.js';

/** A crawled record with only what a test states; everything else empty, as a page that says nothing. */
export function vendorRecord(overrides: Partial<VendorProductRecord> & Pick<VendorProductRecord, 'vendor' | 'vendorProductId' | 'title'>): VendorProductRecord {
  return {
    url: `https://${overrides.vendor}.example/${overrides.vendorProductId}`,
    brand: null,
    category: null,
    gender: null,
    year: null,
    description: null,
    images: [],
    specs: [],
    features: [],
    sizes: [],
    rating: null,
    reviews: [],
    price: null,
    listPrice: null,
    gtin: null,
    mpn: null,
    fetchedAt: '2026-01-10T00:00:00.000Z',
    ...overrides,
  };
}

/** A static product with only what a test states. */
export function staticProduct(
  overrides: Omit<Partial<StaticProduct>, 'specs'> & Pick<StaticProduct, 'id'> & { specs?: Partial<ProductSpecs> },
): StaticProduct {
  const brand = overrides.brand ?? 'Burton';
  const model = overrides.model ?? overrides.id;
  return {
    name: `${brand} ${model}`,
    brand,
    model,
    year: null,
    category: 'SNOWBOARD',
    gender: null,
    description: null,
    images: [],
    rating: null,
    reviews: [],
    listings: [{ vendor: 'evo', vendorProductId: overrides.id, url: `https://evo.example/${overrides.id}`, title: `${brand} ${model}` }],
    lastKnownPrice: null,
    analysis: emptyAnalysis('NO_REVIEWS'),
    updatedAt: '2026-01-10T00:00:00.000Z',
    ...overrides,
    specs: { flex: null, profile: null, shape: null, terrain: [], skillLevels: [], sizes: [], lengthsCm: [], waistWidthMm: null, raw: [], ...overrides.specs },
  };
}

/** RFC 4180 CSV (quoted fields with commas, quotes and newlines) → rows of named columns. */
export function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body.filter((r) => r.length === header!.length).map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

/** A Store that counts calls and hands them to a real store: to assert round trips, not to fake anything. */
export class CountingStore implements Store {
  readonly calls: Record<string, number> = {};
  constructor(private readonly inner: Store) {}
  private count(name: string): void {
    this.calls[name] = (this.calls[name] ?? 0) + 1;
  }
  get(key: string) { this.count('get'); return this.inner.get(key); }
  mget(keys: readonly string[]) { this.count('mget'); return this.inner.mget(keys); }
  set(key: string, value: string, ttlSeconds: number) { this.count('set'); return this.inner.set(key, value, ttlSeconds); }
  mset(entries: readonly { key: string; value: string; ttlSeconds: number }[]) { this.count('mset'); return this.inner.mset(entries); }
  setIfAbsent(key: string, value: string, ttlSeconds: number) { this.count('setIfAbsent'); return this.inner.setIfAbsent(key, value, ttlSeconds); }
  delete(...keys: string[]) { this.count('delete'); return this.inner.delete(...keys); }
  deleteIfEquals(key: string, value: string) { this.count('deleteIfEquals'); return this.inner.deleteIfEquals(key, value); }
  ttlSeconds(key: string) { this.count('ttlSeconds'); return this.inner.ttlSeconds(key); }
  keys(prefix: string) { this.count('keys'); return this.inner.keys(prefix); }
  ttlMany(keys: readonly string[]) { this.count('ttlMany'); return this.inner.ttlMany(keys); }
  incrementScores(key: string, increments: ReadonlyMap<string, number>, ttlSeconds: number) { this.count('incrementScores'); return this.inner.incrementScores(key, increments, ttlSeconds); }
  scoresOf(key: string, members: readonly string[]) { this.count('scoresOf'); return this.inner.scoresOf(key, members); }
  addToIndexes(keys: readonly string[], members: readonly string[], expiresAtMs: number, ttlSeconds: number, maxMembers: number) { this.count('addToIndexes'); return this.inner.addToIndexes(keys, members, expiresAtMs, ttlSeconds, maxMembers); }
  indexMembers(key: string, nowMs: number) { this.count('indexMembers'); return this.inner.indexMembers(key, nowMs); }
  unavailableReason() { return this.inner.unavailableReason(); }
  close() { return this.inner.close(); }
}

/** A live offer fetched now, in stock, with only what a test states (no price, sizes or shipping otherwise). */
export function liveOffer(vendorProductId: string, over: Partial<LiveOffer> = {}): LiveOffer {
  return {
    vendor: 'evo',
    vendorProductId,
    url: `https://evo.example/${vendorProductId}`,
    price: null,
    listPrice: null,
    discountPercent: null,
    availability: 'IN_STOCK',
    sizes: [],
    shipping: null,
    fetchedAt: new Date().toISOString(),
    ...over,
  };
}

/** A static product service over `store`, through the static tier as the app wires it (default TTLs). */
export function staticServiceOn(store: Store, env: Record<string, string> = {}): StaticProductService {
  const logger = createLogger('silent');
  return new StaticProductService({ tier: new SmartCacheManager(store, loadConfig(env), logger).static, logger });
}

/** The same boards as crawled from two retailers: the D.O.A. at both (evo without gender), the Instigator at evo. */
export const crawled = (() => {
  const evoDoa = vendorRecord({
    vendor: 'evo',
    vendorProductId: 'capita-doa-snowboard-2026',
    title: 'CAPiTA D.O.A. Snowboard 2026',
    brand: 'CAPiTA',
    category: 'SNOWBOARD',
    specs: [
      { name: 'Ability Level', value: 'Intermediate-Advanced' },
      { name: 'Terrain', value: 'Park, All-Mountain' },
    ],
    sizes: ['152', '154', '156'],
    price: { amount: 529.95, currencyCode: 'USD' },
  });
  const bcDoa = vendorRecord({
    vendor: 'backcountry',
    vendorProductId: 'CAP0001',
    title: "Capita D.O.A. Snowboard - 2026 - Men's",
    brand: 'Capita',
    category: 'SNOWBOARD',
    gender: 'MENS',
    reviews: [{ author: 'Kai', rating: 5, title: null, body: 'Poppy and stable.', date: null }],
    rating: { average: 5, count: 1 },
    price: { amount: 499.0, currencyCode: 'USD' },
  });
  const evoInstigator = vendorRecord({
    vendor: 'evo',
    vendorProductId: 'burton-instigator-camber-snowboard-2026',
    title: "Burton Instigator Camber Snowboard - 2026 - Men's",
    brand: 'Burton',
    category: 'SNOWBOARD',
    specs: [{ name: 'Ability Level', value: 'Beginner' }],
    price: { amount: 379.95, currencyCode: 'USD' },
  });
  return { evoDoa, bcDoa, evoInstigator };
})();
