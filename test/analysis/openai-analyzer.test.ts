import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiReviewAnalyzer } from '../../src/analysis/openai-analyzer.js';
import { ReviewAnalysisService } from '../../src/analysis/analysis-service.js';
import { analysisInput } from '../../src/analysis/reviews.js';
import type { AnalysisInput, AnalyzerCall } from '../../src/analysis/types.js';
import { emptyAnalysis, type Review, type StaticProduct } from '../../src/domain/product.js';
import { createLogger } from '../../src/logger.js';
import { sandboxCatalog } from '../../src/sandbox/index.js';
import { staticProduct } from '../catalog/helpers.js';
import { goodAnswer, startFakeOpenAi, type ChatRequest, type FakeOpenAi } from './fake-openai.js';

const logger = createLogger('silent');
let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.respond = goodAnswer;
  fake.delayMs = 0;
});

const analyzer = () =>
  new OpenAiReviewAnalyzer({
    apiKey: 'test-key',
    baseUrl: `${fake.url}/v1`,
    model: 'test-model',
    priceInputPerMTok: 0.15,
    priceOutputPerMTok: 0.6,
    timeoutMs: 10_000,
    logger,
  });

/** Sandbox products with reviews (real review text of the simulated retailers), as StaticProducts. */
function reviewedProducts(n: number): StaticProduct[] {
  const found = sandboxCatalog().filter((p) => (p.evo?.reviews.length ?? 0) + (p.backcountry?.reviews.length ?? 0) > 0);
  expect(found.length).toBeGreaterThanOrEqual(n);
  return found.slice(0, n).map((p) => {
    const reviews: Review[] = [...(p.evo?.reviews ?? []), ...(p.backcountry?.reviews ?? [])].map((r) => ({ ...r }));
    return staticProduct({ id: `p-${p.key}`, brand: p.brand, model: p.model, category: p.category, reviews, analysis: emptyAnalysis('PENDING') });
  });
}

const inputs = (products: StaticProduct[]): AnalysisInput[] => products.map((p) => analysisInput(p));

async function analyse(batch: AnalysisInput[]) {
  const calls: AnalyzerCall[] = [];
  const outcomes = await analyzer().analyze(batch, { onCall: (c) => calls.push(c) });
  return { outcomes, calls };
}

describe('OpenAI analyzer: the request', () => {
  it('one chat completion with a strict JSON schema, the model, and every review as its sentences', async () => {
    const batch = inputs(reviewedProducts(3));
    const { outcomes, calls } = await analyse(batch);
    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0]!;
    expect(request.model).toBe('test-model');
    expect(request.response_format?.type).toBe('json_schema');
    expect(request.response_format?.json_schema?.strict).toBe(true);
    expect(Object.keys((request.response_format?.json_schema?.schema as { properties: object }).properties)).toEqual(['products']);
    expect(request.products.map((p) => p.productId)).toEqual(batch.map((b) => b.productId));
    expect(request.products[0]!.reviews.map((r) => r.sentences)).toEqual(batch[0]!.reviews.map((r) => r.sentences));
    expect([...outcomes.values()].every((o) => o.ok)).toBe(true);
    // Usage as the server reported it, priced per million tokens.
    expect(calls).toEqual([
      { analyzer: 'openai', products: 3, inputTokens: fake.usage.input, outputTokens: fake.usage.output, costUsd: (fake.usage.input * 0.15 + fake.usage.output * 0.6) / 1e6 },
    ]);
  });
});

describe('OpenAI analyzer: answers are checked, retried once, then FAILED', () => {
  const expectFailedTwice = (outcomes: Map<string, { ok: boolean; reason?: string }>, batch: AnalysisInput[], reason: RegExp) => {
    // One call, one retry: never one call per product, never a third.
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.products.map((p) => p.productId)).toEqual(batch.map((b) => b.productId));
    for (const b of batch) {
      const o = outcomes.get(b.productId)!;
      expect(o.ok).toBe(false);
      expect(o.reason).toMatch(reason);
    }
  };

  it('an answer that breaks the schema', async () => {
    const batch = inputs(reviewedProducts(2));
    fake.respond = (r) => ({ products: r.products.map((p) => ({ productId: p.productId, summary: 5, pros: 'great' })) });
    const { outcomes } = await analyse(batch);
    expectFailedTwice(outcomes, batch, /did not fit the schema/);
  });

  it('an answer that is not JSON', async () => {
    const batch = inputs(reviewedProducts(1));
    fake.respond = () => ({ raw: 'Sure! Here are the pros and cons: ...' });
    const { outcomes } = await analyse(batch);
    expectFailedTwice(outcomes, batch, /not JSON/);
  });

  it('an answer that names another product (and none of the batch)', async () => {
    const batch = inputs(reviewedProducts(2));
    fake.respond = (r: ChatRequest) => {
      const answer = goodAnswer(r);
      answer.products.forEach((p) => (p.productId = `someone-else-${p.productId}`));
      return answer;
    };
    const { outcomes } = await analyse(batch);
    expectFailedTwice(outcomes, batch, /no analysis for this product/);
  });

  it('generic pros and cons without a quote (or with a quote no review has): nothing invented, FAILED', async () => {
    const batch = inputs(reviewedProducts(2));
    fake.respond = (r: ChatRequest) => ({
      products: r.products.map((p) => ({
        productId: p.productId,
        summary: 'High quality and well reviewed.',
        pros: [{ text: 'High quality', support: 5, quotes: [] }, { text: 'Well reviewed', support: 3, quotes: [{ reviewId: p.reviews[0]!.id, text: 'Customers love it.' }] }],
        cons: [{ text: 'Mid-range price point', support: 1, quotes: [] }],
        aspects: [],
        bestFor: { skillLevels: [], terrain: [] },
      })),
    });
    const { outcomes } = await analyse(batch);
    expectFailedTwice(outcomes, batch, /quote no sentence of the reviews/);
  });

  it('a batch that fails once and answers well on the retry is READY after two calls', async () => {
    const batch = inputs(reviewedProducts(2));
    fake.respond = (r, call) => (call === 1 ? { products: [] } : goodAnswer(r));
    const { outcomes } = await analyse(batch);
    expect(fake.requests).toHaveLength(2);
    expect([...outcomes.values()].every((o) => o.ok)).toBe(true);
  });

  it('only the products that failed are asked again', async () => {
    const batch = inputs(reviewedProducts(3));
    fake.respond = (r, call) => {
      const answer = goodAnswer(r);
      if (call === 1) answer.products = answer.products.slice(1);
      return answer;
    };
    const { outcomes } = await analyse(batch);
    expect(fake.requests.map((r) => r.products.map((p) => p.productId))).toEqual([batch.map((b) => b.productId), [batch[0]!.productId]]);
    expect([...outcomes.values()].every((o) => o.ok)).toBe(true);
  });

  it('an unsupported quote is dropped and its point with it; supported points stay, quoting the review verbatim', async () => {
    const [product] = inputs(reviewedProducts(1));
    const sentence = product!.reviews[0]!.sentences[0]!;
    fake.respond = (r: ChatRequest) => ({
      products: [
        {
          productId: r.products[0]!.productId,
          summary: 'Mixed.',
          // The model quotes with extra spaces and names no review: the sentence is found where it is.
          pros: [{ text: 'Reviewers say this', support: 40, quotes: [{ reviewId: 'made-up', text: `  ${sentence.replace(/ /g, '  ')} ` }, { reviewId: 'made-up', text: 'Best board ever made.' }] }],
          cons: [{ text: 'Heavy', support: 2, quotes: [{ reviewId: product!.reviews[0]!.id, text: 'It weighs a ton.' }] }],
          aspects: [{ name: 'not an aspect', score: 9, support: 1 }, { name: r.products[0]!.aspects[0]!, score: 9, support: 99 }],
          bestFor: { skillLevels: ['BEGINNER'], terrain: [' Park '] },
        },
      ],
    });
    const { outcomes } = await analyse([product!]);
    expect(fake.requests).toHaveLength(1);
    const outcome = outcomes.get(product!.productId)!;
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.findings.pros).toEqual([{ text: 'Reviewers say this', support: product!.reviews.length, quotes: [{ text: sentence, reviewId: product!.reviews[0]!.id }] }]);
    expect(outcome.findings.cons).toEqual([]);
    // Aspects only of the category, scores within 1-5, support at most the reviews.
    expect(outcome.findings.aspects).toEqual([{ name: fake.requests[0]!.products[0]!.aspects[0], score: 5, support: product!.reviews.length }]);
    expect(outcome.findings.bestFor).toEqual({ skillLevels: ['BEGINNER'], terrain: ['park'] });
  });

  it('an AI server that fails (HTTP 500): retried once, then FAILED, saying so', async () => {
    const batch = inputs(reviewedProducts(1));
    fake.respond = () => ({ httpStatus: 500, body: { error: { message: 'upstream overloaded', type: 'server_error' } } });
    const { outcomes, calls } = await analyse(batch);
    expectFailedTwice(outcomes, batch, /the AI call failed: 500/);
    expect(calls.map((c) => c.costUsd)).toEqual([0, 0]);
  });
});

describe('review analysis service with the OpenAI analyzer', () => {
  it('N products: ceil(N / AI_BATCH_SIZE) calls, at most MAX_AI_CONCURRENT_BATCHES at once, each product once', async () => {
    const products = reviewedProducts(45);
    const calls: AnalyzerCall[] = [];
    const service = new ReviewAnalysisService({ analyzer: analyzer(), batchSize: 20, maxConcurrentBatches: 2, logger, onCall: (c) => calls.push(c) });
    fake.delayMs = 150;
    await service.prepare(products, new Map(), { analyse: true });
    expect(fake.requests.map((r) => r.products.length)).toEqual([20, 20, 5]);
    expect(new Set(fake.requests.flatMap((r) => r.products.map((p) => p.productId))).size).toBe(45);
    expect(fake.maxInFlight).toBeLessThanOrEqual(2);
    expect(calls).toHaveLength(3);
    for (const p of products) {
      expect(p.analysis.status).toBe('READY');
      expect(p.analysis.model).toBe('openai:test-model');
      expect(p.analysis.reviewsHash).toMatch(/^[\w-]{22}$/);
    }
    expect(service.stats()).toMatchObject({ analyzer: 'openai', calls: 3, productsSent: 45, analysedProducts: 45, failedProducts: 0, tokens: fake.usage });

    // The same reviews again (the stored records as `existing`): no call at all.
    fake.reset();
    const again = reviewedProducts(45);
    await service.prepare(again, new Map(products.map((p) => [p.id, p])), { analyse: true });
    expect(fake.requests).toHaveLength(0);
    expect(again.map((p) => p.analysis)).toEqual(products.map((p) => p.analysis));

    // One product's reviews changed: that one product is analysed, alone.
    const changed = reviewedProducts(45);
    changed[7]!.reviews = [...changed[7]!.reviews, { author: 'New', rating: 2, title: null, body: 'The base scratched up on day one.', date: null }];
    await service.prepare(changed, new Map(products.map((p) => [p.id, p])), { analyse: true });
    expect(fake.requests.map((r) => r.products.map((p) => p.productId))).toEqual([[changed[7]!.id]]);
  });

  it('a batch the AI server fails: FAILED products with the reason, the merge goes on (prepare never rejects)', async () => {
    const products = reviewedProducts(3);
    fake.respond = () => ({ httpStatus: 503, body: { error: { message: 'down' } } });
    const service = new ReviewAnalysisService({ analyzer: analyzer(), batchSize: 20, maxConcurrentBatches: 3, logger });
    await expect(service.prepare(products, new Map(), { analyse: true })).resolves.toBeUndefined();
    for (const p of products) {
      expect(p.analysis).toEqual(emptyAnalysis('FAILED', expect.stringMatching(/^review analysis failed: the AI call failed: 503/) as unknown as string));
    }
  });
});
