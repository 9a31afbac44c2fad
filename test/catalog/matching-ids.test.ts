import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeavyAgent, type HeavyVendorAgent } from '../../src/agents/heavy/index.js';
import { RedisStore } from '../../src/cache/redis-store.js';
import { tierKeys } from '../../src/cache/tiers.js';
import { CatalogService } from '../../src/catalog/catalog-service.js';
import { mergeVendorRecords } from '../../src/catalog/matching.js';
import { loadConfig } from '../../src/config.js';
import type { StaticProduct, VendorProductRecord } from '../../src/domain/product.js';
import { createLogger } from '../../src/logger.js';
import { sandboxCatalog, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { staticServiceOn } from './helpers.js';
import { labelledRecord, readLabelledPairs } from './labelled-pairs.js';

/**
 * Canonical ids are stable: the same product gets the same id whichever retailer is seen first,
 * in one merge and across crawls through CatalogService.ingestCrawl. Checked on the sandbox
 * catalog (crawled from its storefronts by the heavy agents) and on the labelled set.
 */

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NOW = new Date('2026-01-15T12:00:00.000Z');
const logger = createLogger('silent');

/** Each product's id with the listings it holds, for comparing two merges. */
function shape(products: readonly StaticProduct[]): Record<string, string[]> {
  return Object.fromEntries(products.map((p) => [p.id, p.listings.map((l) => `${l.vendor}:${l.vendorProductId}`).sort()]));
}

/** A deterministic shuffle (no Math.random: a failure must reproduce). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

let sandbox: Sandbox;
const agents: HeavyVendorAgent[] = [];
let evo: VendorProductRecord[] = [];
let backcountry: VendorProductRecord[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  const config = loadConfig({ AGENT_QUERY_TIMEOUT: '5' });
  const crawl = async (kind: 'evo' | 'backcountry') => {
    const agent = createHeavyAgent({ id: kind, kind, baseUrl: sandbox[kind].baseUrl }, config, logger);
    agents.push(agent);
    const result = await agent.crawlCatalog();
    expect(result.failures).toEqual([]);
    return result.records;
  };
  [evo, backcountry] = await Promise.all([crawl('evo'), crawl('backcountry')]);
});
afterAll(async () => {
  agents.forEach((a) => a.client.shutdown());
  await sandbox?.close();
});

describe('matching on the sandbox catalog, crawled from both storefronts', () => {
  it('listings of one sandbox product become one product, and no product mixes two (precision and recall printed)', () => {
    const truth = new Map<string, string>();
    for (const p of sandboxCatalog()) {
      if (p.evo) truth.set(`evo:${p.evo.vendorProductId}`, p.key);
      if (p.backcountry) truth.set(`backcountry:${p.backcountry.vendorProductId}`, p.key);
    }
    const products = mergeVendorRecords([...evo, ...backcountry], NOW);
    const truePairs = sandboxCatalog().filter((p) => p.evo && p.backcountry).length;
    let predicted = 0;
    let correct = 0;
    const mixed: string[] = [];
    for (const p of products) {
      const keys = p.listings.map((l) => truth.get(`${l.vendor}:${l.vendorProductId}`));
      if (new Set(keys).size > 1) mixed.push(`${p.id}: ${p.listings.map((l) => l.title).join(' | ')}`);
      const evoKeys = p.listings.filter((l) => l.vendor === 'evo').map((l) => truth.get(`evo:${l.vendorProductId}`));
      const bcKeys = p.listings.filter((l) => l.vendor === 'backcountry').map((l) => truth.get(`backcountry:${l.vendorProductId}`));
      predicted += evoKeys.length * bcKeys.length;
      correct += evoKeys.filter((k) => bcKeys.includes(k)).length;
    }
    const precision = predicted === 0 ? 1 : correct / predicted;
    const recall = correct / truePairs;
    console.log(
      `matching on the sandbox catalog (${evo.length} evo + ${backcountry.length} backcountry listings): ` +
        `precision ${precision.toFixed(3)} (${correct}/${predicted}), recall ${recall.toFixed(3)} (${correct}/${truePairs}), ` +
        `${products.length} products, ${mixed.length} mixing two sandbox products`,
    );
    for (const line of mixed) console.log(`  mixed: ${line}`);
    expect(truePairs).toBeGreaterThan(100);
    expect(mixed).toEqual([]);
    expect(precision).toBeGreaterThanOrEqual(0.97);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});

describe('the same product gets the same id whichever retailer is seen first', () => {
  it('one merge: [evo, backcountry], [backcountry, evo] and shuffled records give the same products', () => {
    const forward = shape(mergeVendorRecords([...evo, ...backcountry], NOW));
    expect(shape(mergeVendorRecords([...backcountry, ...evo], NOW))).toEqual(forward);
    expect(shape(mergeVendorRecords(shuffled([...evo, ...backcountry], 7), NOW))).toEqual(forward);
    expect(Object.values(forward).filter((listings) => listings.length === 2).length).toBeGreaterThan(100);
  });

  it('the labelled set merged whole, in either order, gives the same products', () => {
    const pairs = readLabelledPairs();
    const evoRecords = pairs.map((p) => labelledRecord(p, 'evo'));
    const bcRecords = pairs.map((p) => labelledRecord(p, 'backcountry'));
    const forward = shape(mergeVendorRecords([...evoRecords, ...bcRecords], NOW));
    expect(shape(mergeVendorRecords([...bcRecords, ...evoRecords], NOW))).toEqual(forward);
    expect(shape(mergeVendorRecords(shuffled([...bcRecords, ...evoRecords], 11), NOW))).toEqual(forward);
  });

  describe('crawls through CatalogService.ingestCrawl, on Redis', () => {
    const stores: RedisStore[] = [];
    const catalogOn = async () => {
      const store = RedisStore.fromUrl(REDIS_URL, `test:matching-ids:${randomUUID()}:`);
      await store.connect();
      stores.push(store);
      return { store, catalog: new CatalogService({ staticProducts: staticServiceOn(store), logger, now: () => NOW }) };
    };
    afterAll(async () => {
      for (const store of stores) {
        const keys = await store.keys('');
        if (keys.length > 0) await store.delete(...keys);
        await store.close();
      }
    });

    it('evo first then backcountry, or backcountry first then evo: the same ids in the index and the static tier', async () => {
      // As the background heavy processor does: each retailer's records as it finishes, then all seen so far.
      const a = await catalogOn();
      await a.catalog.ingestCrawl(evo);
      await a.catalog.ingestCrawl([...evo, ...backcountry]);
      const b = await catalogOn();
      await b.catalog.ingestCrawl(backcountry);
      await b.catalog.ingestCrawl([...backcountry, ...evo]);

      const expected = Object.keys(shape(mergeVendorRecords([...evo, ...backcountry], NOW))).sort();
      expect(a.catalog.index.ids().sort()).toEqual(expected);
      expect(b.catalog.index.ids().sort()).toEqual(expected);
      // Superseded first-crawl ids are gone from the tier too.
      const tierIds = async (store: RedisStore) =>
        (await store.keys(tierKeys.staticProductPrefix)).map((k) => k.slice(tierKeys.staticProductPrefix.length)).sort();
      expect(await tierIds(a.store)).toEqual(expected);
      expect(await tierIds(b.store)).toEqual(expected);
      const stored = async (store: RedisStore) => shape((await staticServiceOn(store).getProducts(expected)).map((p) => p!));
      expect(await stored(b.store)).toEqual(await stored(a.store));
    });

    it('a later crawl of one retailer alone keeps every id and the other retailer\u2019s listings', async () => {
      const { store, catalog } = await catalogOn();
      await catalog.ingestCrawl([...evo, ...backcountry]);
      const before = shape((await staticServiceOn(store).getProducts(catalog.index.ids())).map((p) => p!));
      await catalog.ingestCrawl(evo);
      const after = shape((await staticServiceOn(store).getProducts(catalog.index.ids())).map((p) => p!));
      expect(after).toEqual(before);
    });
  });
});
