import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeavyAgent } from '../../src/agents/heavy/index.js';
import type { CrawlResult } from '../../src/agents/types.js';
import { mergeVendorRecords } from '../../src/catalog/matching.js';
import { loadConfig, type RetailerKind } from '../../src/config.js';
import { emptyAnalysis, type Review } from '../../src/domain/product.js';
import { createLogger } from '../../src/logger.js';
import { sandboxCatalog, startSandbox, type RetailListing, type Sandbox } from '../../src/sandbox/index.js';
import { startFrontServer } from './support/front-server.js';

/**
 * Storefronts written apart from ours mark reviews their own way. A server in front of the sandbox
 * rewrites its helmet pages into each variant; the heavy agent crawls the variant over real HTTP and
 * must read the same reviews the sandbox holds, each once.
 */
const config = loadConfig({ AGENT_QUERY_TIMEOUT: '5' });
const logger = createLogger('silent');
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

const helmets = (kind: RetailerKind): RetailListing[] =>
  sandboxCatalog().flatMap((p) => (p.category === 'HELMET' && p[kind] ? [p[kind]] : []));
const byPath = (kind: RetailerKind) => new Map(helmets(kind).map((l) => [l.path, l]));
const expected = (l: RetailListing): Review[] => l.reviews.map((r) => ({ ...r }));

/** Crawl the retailer's helmets through a front server that passes each product page through `rewrite`. */
async function crawlVariant(kind: RetailerKind, rewrite: (html: string, l: RetailListing) => string): Promise<CrawlResult> {
  const listings = byPath(kind);
  const front = await startFrontServer({
    upstream: () => sandbox[kind].baseUrl,
    rewrite: (path, body) => {
      const l = listings.get(path);
      return l ? rewrite(body, l) : body;
    },
  });
  const agent = createHeavyAgent({ id: kind, kind, baseUrl: front.url }, config, logger);
  try {
    return await agent.crawlCatalog({ categories: ['HELMET'] });
  } finally {
    agent.client.shutdown();
    await front.close();
  }
}

const LD = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/;
const NEXT = /<script id="__NEXT_DATA__" type="application\/json">([\s\S]*?)<\/script>/;
const script = (json: unknown) => JSON.stringify(json).replace(/</g, '\\u003c');

/** The page's JSON-LD (or __NEXT_DATA__) changed by `edit`. */
function editScript(html: string, re: RegExp, edit: (data: Record<string, unknown>) => void): string {
  return html.replace(re, (whole, json: string) => {
    const data = JSON.parse(json) as Record<string, unknown>;
    edit(data);
    return whole.replace(json, () => script(data));
  });
}

/** schema.org `review` in the JSON-LD; `cut` shortens each body as a teaser would. */
const withJsonLdReviews = (html: string, l: RetailListing, cut = false) =>
  editScript(html, LD, (ld) => {
    if (l.reviews.length === 0) return;
    ld['review'] = l.reviews.map((r) => ({
      '@type': 'Review',
      author: { '@type': 'Person', name: r.author },
      reviewRating: { '@type': 'Rating', ratingValue: r.rating, bestRating: 5 },
      name: r.title,
      reviewBody: cut && r.body.length > 60 ? `${r.body.slice(0, 60)}…` : r.body,
      datePublished: r.date,
    }));
  });

const evoReviewList = /<section id="reviews" class="pdp-reviews">[\s\S]*?<\/div><\/section>/;
function withoutEvoReviewList(html: string, l: RetailListing): string {
  const out = html.replace(evoReviewList, '');
  expect(out !== html, l.path).toBe(l.reviews.length > 0); // a reviewed page had its list removed
  return out;
}
const nextProduct = (data: Record<string, unknown>) =>
  ((data['props'] as Record<string, unknown>)['pageProps'] as Record<string, unknown>)['product'] as Record<string, unknown>;
const bcReviews = (data: Record<string, unknown>) => nextProduct(data)['customerReviews'] as { count: number; reviews: Record<string, unknown>[] };

function expectSandboxReviews(result: CrawlResult, kind: RetailerKind): void {
  expect(result.failures).toEqual([]);
  const listed = helmets(kind);
  expect(result.records).toHaveLength(listed.length);
  expect(listed.filter((l) => l.reviews.length > 0).length).toBeGreaterThan(1);
  for (const l of listed) {
    const record = result.records.find((r) => r.vendorProductId === l.vendorProductId)!;
    expect(record.reviews, l.path).toEqual(expected(l));
  }
}

describe('evo-like storefronts: reviews however they are marked', () => {
  it('PowerReviews as <div class="pr-review"> (not section)', async () => {
    const result = await crawlVariant('evo', (html) => {
      const out = html.replace(/<section class="pr-review">([\s\S]*?)<\/section>/g, '<div class="pr-review">$1</div>');
      expect(out).not.toContain('<section class="pr-review">');
      return out;
    });
    expectSandboxReviews(result, 'evo');
  });

  it('JSON-LD `review` only (the HTML review list removed)', async () => {
    const result = await crawlVariant('evo', (html, l) => withJsonLdReviews(withoutEvoReviewList(html, l), l));
    expectSandboxReviews(result, 'evo');
  });

  it('both at once, the JSON-LD copies cut short: each review once, with the full text', async () => {
    const result = await crawlVariant('evo', (html, l) => withJsonLdReviews(html, l, true));
    expectSandboxReviews(result, 'evo');
  });

  it('reviews counted but no text readable: the product is FAILED with a reason, never NO_REVIEWS', async () => {
    const result = await crawlVariant('evo', withoutEvoReviewList);
    expect(result.failures).toEqual([]);
    const reviewed = helmets('evo').filter((l) => l.reviews.length > 0);
    const products = mergeVendorRecords(result.records);
    for (const l of reviewed) {
      const product = products.find((p) => p.listings.some((x) => x.vendorProductId === l.vendorProductId))!;
      expect(product.reviews).toEqual([]);
      expect(product.rating?.count).toBe(l.reviews.length);
      const n = l.reviews.length;
      expect(product.analysis).toEqual(
        emptyAnalysis('FAILED', n === 1 ? '1 review counted by evo, but its text could not be read' : `${n} reviews counted by evo, but none of their texts could be read`),
      );
    }
    const unreviewed = products.filter((p) => p.listings.every((x) => helmets('evo').find((l) => l.vendorProductId === x.vendorProductId)?.reviews.length === 0));
    expect(unreviewed.length).toBeGreaterThan(0);
    for (const p of unreviewed) expect(p.analysis.status).toBe('NO_REVIEWS');
  });
});

describe('backcountry-like storefronts: the review list under other keys, and schema.org reviews', () => {
  it('the __NEXT_DATA__ list under text-style keys (reviewText, stars, nickname, headline, submittedAt)', async () => {
    const result = await crawlVariant('backcountry', (html) =>
      editScript(html, NEXT, (data) => {
        const list = bcReviews(data);
        list.reviews = list.reviews.map((r) => ({ nickname: r['author'], stars: r['rating'], headline: r['title'], reviewText: r['body'], submittedAt: r['date'] }));
      }),
    );
    expectSandboxReviews(result, 'backcountry');
  });

  it('JSON-LD `review` only (the __NEXT_DATA__ list empty, its count kept)', async () => {
    const result = await crawlVariant('backcountry', (html, l) =>
      withJsonLdReviews(editScript(html, NEXT, (data) => { bcReviews(data).reviews = []; }), l),
    );
    expectSandboxReviews(result, 'backcountry');
  });

  it('both at once: each review once', async () => {
    const result = await crawlVariant('backcountry', (html, l) => withJsonLdReviews(html, l));
    expectSandboxReviews(result, 'backcountry');
  });
});

describe('a product page that names no brand is a failed page, never a product', () => {
  it.each(['evo', 'backcountry'] as const)('%s: the page goes into failures as MALFORMED; every other product is read', async (kind) => {
    const victim = helmets(kind)[0]!;
    const result = await crawlVariant(kind, (html, l) => {
      if (l.vendorProductId !== victim.vendorProductId) return html;
      const out = editScript(html, LD, (ld) => { delete ld['brand']; });
      return kind === 'evo' ? out : editScript(out, NEXT, (data) => { delete nextProduct(data)['brand']; });
    });
    expect(result.failures).toEqual([expect.objectContaining({ kind: 'MALFORMED', message: expect.stringContaining('no brand') })]);
    expect(result.failures[0]!.url).toContain(victim.path);
    expect(result.records.map((r) => r.vendorProductId).sort()).toEqual(
      helmets(kind).filter((l) => l.vendorProductId !== victim.vendorProductId).map((l) => l.vendorProductId).sort(),
    );
    expect(result.records.every((r) => r.brand !== null)).toBe(true);
  });
});
