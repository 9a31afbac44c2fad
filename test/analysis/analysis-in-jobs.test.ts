import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticProduct } from '../../src/domain/product.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { sampleValue, scrapeMetrics } from '../support/prometheus.js';
import { SearchDocument } from '../gql/graphql.js';
import { goodAnswer, startFakeOpenAi, type FakeOpenAi } from './fake-openai.js';

/**
 * The review analysis as the heavy track runs it: the test app's crawl of both sandbox storefronts
 * with OPENAI_API_KEY set and OPENAI_BASE_URL on an OpenAI-compatible server of the test's own.
 */

const TOKEN = 'analysis-test-token';
let fake: FakeOpenAi;
let app: TestApp;
let reviewed: StaticProduct[];

async function allProducts(): Promise<StaticProduct[]> {
  const ids = await app.services.staticProducts.allProductIds();
  return (await app.services.staticProducts.getProducts(ids)).filter((p): p is StaticProduct => p !== null);
}

beforeAll(async () => {
  fake = await startFakeOpenAi();
  app = await startTestApp({
    env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_MODEL: 'fake-model', MAX_AI_CONCURRENT_BATCHES: '2', ADMIN_TOKEN: TOKEN },
  });
  reviewed = (await allProducts()).filter((p) => p.reviews.length > 0);
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
});

describe('review analysis in the crawl', () => {
  it('N reviewed products: ceil(N / 20) calls at the AI server, each product in one of them, all READY', async () => {
    const n = reviewed.length;
    expect(n).toBeGreaterThan(40);
    expect(fake.requests).toHaveLength(Math.ceil(n / 20));
    expect(fake.requests.every((r) => r.products.length <= 20)).toBe(true);
    const sent = fake.requests.flatMap((r) => r.products.map((p) => p.productId));
    expect(sent.sort()).toEqual(reviewed.map((p) => p.id).sort());
    expect(fake.maxInFlight).toBeLessThanOrEqual(2);
    for (const p of reviewed) {
      expect(p.analysis.status).toBe('READY');
      expect(p.analysis.model).toBe('openai:fake-model');
    }
    // A product both retailers carry was analysed once, on both retailers' reviews.
    const both = reviewed.find((p) => new Set(p.listings.map((l) => l.vendor)).size === 2 && p.reviews.length > 1);
    expect(both).toBeDefined();
    expect(sent.filter((id) => id === both!.id)).toHaveLength(1);
    const prompt = fake.requests.flatMap((r) => r.products).find((p) => p.productId === both!.id)!;
    expect(prompt.reviews).toHaveLength(both!.reviews.length);

    const unreviewed = (await allProducts()).filter((p) => p.reviews.length === 0);
    expect(unreviewed.length).toBeGreaterThan(0);
    for (const p of unreviewed) expect(['NO_REVIEWS', 'FAILED']).toContain(p.analysis.status);
  });

  it('GraphQL serves the analysis: quotes, support, aspects, model, analyzedAt; Product.pros are the texts', async () => {
    const { data, errors } = await app.execute(SearchDocument, { query: 'snowboard', first: 20 });
    expect(errors).toBeUndefined();
    const ready = data.search.edges.map((e) => e.node).filter((n) => n.analysis.status === 'READY');
    expect(ready.length).toBeGreaterThan(0);
    for (const node of ready) {
      expect(node.analysis.model).toBe('openai:fake-model');
      expect(Date.parse(node.analysis.analyzedAt!)).not.toBeNaN();
      expect(node.analysis.summary).toMatch(/read by the fake model/);
      expect(node.pros).toEqual(node.analysis.pros.map((p) => p.text));
      const first = node.reviews[0]!;
      expect(node.analysis.pros[0]!.quotes[0]!.reviewId).toBe(first.id);
      expect(first.body.startsWith(node.analysis.pros[0]!.quotes[0]!.text)).toBe(true);
    }
  });

  it('a storm of searches makes no analyzer call', async () => {
    const calls = app.services.reviewAnalysis.stats().calls;
    fake.reset();
    const queries = ['beginner snowboard under $400', 'snowboard', 'Burton Custom', 'powder skis', 'helmet', 'womens boots size 8', 'park snowboard', 'goggles'];
    const answers = await Promise.all(Array.from({ length: 48 }, (_, i) => app.execute(SearchDocument, { query: queries[i % queries.length]!, first: 10 })));
    expect(answers.every((a) => a.errors === undefined)).toBe(true);
    expect(answers.some((a) => a.data.search.edges.some((e) => e.node.analysis.status === 'READY'))).toBe(true);
    expect(fake.requests).toHaveLength(0);
    expect(app.services.reviewAnalysis.stats().calls).toBe(calls);
  });

  it('a crawl job run again on unchanged reviews makes no AI call and keeps every analysis as it was', async () => {
    const before = new Map((await allProducts()).map((p) => [p.id, p.analysis]));
    const unchanged = app.services.reviewAnalysis.stats().unchangedProducts;
    fake.reset();
    await app.services.heavyProcessor.runOnce();
    expect(fake.requests).toHaveLength(0);
    const after = await allProducts();
    for (const p of after) expect(p.analysis).toEqual(before.get(p.id));
    // Each of the two merges found every reviewed product unchanged.
    expect(app.services.reviewAnalysis.stats().unchangedProducts - unchanged).toBe(2 * reviewed.length);
  });

  it('/metrics and /admin/performance count the calls, the tokens the server reported and the cost', async () => {
    const stats = app.services.reviewAnalysis.stats();
    const { scrape } = await scrapeMetrics(app.yoga);
    expect(sampleValue(scrape, 'hexar_ai_calls_total', { analyzer: 'openai' })).toBe(stats.calls);
    expect(stats.calls).toBe(Math.ceil(reviewed.length / 20));
    expect(sampleValue(scrape, 'hexar_ai_tokens_total', { analyzer: 'openai', kind: 'input' })).toBe(stats.tokens.input);
    expect(sampleValue(scrape, 'hexar_ai_tokens_total', { analyzer: 'openai', kind: 'output' })).toBe(stats.tokens.output);
    expect(stats.tokens.input).toBeGreaterThan(0);
    const cost = (stats.tokens.input * 0.15 + stats.tokens.output * 0.6) / 1e6;
    expect(sampleValue(scrape, 'hexar_ai_cost_usd_total')).toBeCloseTo(cost, 12);

    const response = await app.yoga.fetch('http://yoga/admin/performance', { headers: { authorization: `Bearer ${TOKEN}` } });
    const { ai } = (await response.json()) as { ai: Record<string, unknown> };
    expect(ai).toMatchObject({
      analyzer: 'openai',
      model: 'openai:fake-model',
      batchSize: 20,
      calls: stats.calls,
      tokens: stats.tokens,
      analysedProducts: reviewed.length,
      failedProducts: 0,
      note: null,
    });
    expect(ai.costPerProductUsd).toBeCloseTo(cost / reviewed.length, 12);
    const page = await (await app.yoga.fetch('http://yoga/admin', { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(page).toContain(
      `<p data-ai="figures">openai analyzer (openai:fake-model): ${stats.calls} calls of up to 20 products (${reviewed.length} sent), ${reviewed.length} products analysed, 0 failed,`,
    );
    expect(page).toContain(`tokens ${stats.tokens.input} in, ${stats.tokens.output} out; estimated cost $${cost.toFixed(4)}`);
    expect(page).not.toContain('No AI calls yet');
    // The measured figures per product (README: Review analysis, cost).
    console.info(
      `review analysis: ${reviewed.length} products, ${stats.calls} calls, ${stats.tokens.input} input + ${stats.tokens.output} output tokens ` +
        `(${Math.round(stats.tokens.input / reviewed.length)} + ${Math.round(stats.tokens.output / reviewed.length)} per product), $${cost.toFixed(6)}`,
    );
  });
});

describe('an AI server that fails', () => {
  it('never fails the crawl: products are FAILED saying why, and analysed at the next merge once it answers', async () => {
    fake.reset();
    fake.respond = () => ({ httpStatus: 500, body: { error: { message: 'model crashed', type: 'server_error' } } });
    // A second app (a key prefix of its own): its first crawl meets the failing server.
    const failing = await startTestApp({ env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_MODEL: 'fake-model' } });
    try {
      const products = (await failing.services.staticProducts.getProducts(await failing.services.staticProducts.allProductIds())).filter((p): p is StaticProduct => p !== null);
      const withReviews = products.filter((p) => p.reviews.length > 0);
      expect(withReviews.length).toBe(reviewed.length);
      // Each batch: one call and one retry.
      expect(fake.requests).toHaveLength(2 * Math.ceil(withReviews.length / 20));
      for (const p of withReviews) {
        expect(p.analysis.status).toBe('FAILED');
        expect(p.analysis.message).toMatch(/^review analysis failed: the AI call failed: 500/);
        expect([p.analysis.pros, p.analysis.cons, p.analysis.summary]).toEqual([[], [], null]);
      }
      expect(failing.services.catalog.size).toBe(products.length);

      fake.reset();
      fake.respond = goodAnswer;
      await failing.services.heavyProcessor.runOnce();
      const again = await failing.services.staticProducts.getProducts(withReviews.map((p) => p.id));
      expect(again.every((p) => p?.analysis.status === 'READY')).toBe(true);
      expect(fake.requests).toHaveLength(Math.ceil(withReviews.length / 20));
    } finally {
      await failing.close();
    }
  });
});

describe('a search miss answered in the request (BACKGROUND_PROCESSING=false)', () => {
  it('makes no analyzer call in the request: its products land PENDING and the next job\u2019s merge analyses them', async () => {
    fake.reset();
    fake.respond = goodAnswer;
    const inline = await startTestApp({
      crawl: false,
      env: { BACKGROUND_PROCESSING: 'false', OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_MODEL: 'fake-model' },
    });
    try {
      const answer = await inline.graphql('{ search(query: "Burton Custom", first: 5) { edges { node { name reviews { body } analysis { status message } } } } }');
      expect(answer.errors).toBeUndefined();
      const nodes = answer.data.search.edges.map((e: { node: { reviews: unknown[]; analysis: { status: string } } }) => e.node);
      const reviewedNodes = nodes.filter((n: { reviews: unknown[] }) => n.reviews.length > 0);
      expect(reviewedNodes.length).toBeGreaterThan(0);
      for (const n of reviewedNodes) expect(n.analysis).toEqual({ status: 'PENDING', message: null });
      expect(fake.requests).toHaveLength(0);

      await inline.services.heavyProcessor.runOnce();
      expect(fake.requests.length).toBeGreaterThan(0);
      const after = await inline.graphql('{ search(query: "Burton Custom", first: 5) { edges { node { reviews { body } analysis { status } } } } }');
      const statuses = after.data.search.edges.filter((e: { node: { reviews: unknown[] } }) => e.node.reviews.length > 0).map((e: { node: { analysis: { status: string } } }) => e.node.analysis.status);
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.every((s: string) => s === 'READY')).toBe(true);
    } finally {
      await inline.close();
    }
  }, 60_000);
});
