import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { SKILL_LEVELS, type AnalysisPoint, type AnalysisQuote, type AspectScore } from '../domain/product.js';
import type { Logger } from '../logger.js';
import { aspectNames } from './lexicon.js';
import type { AnalysisInput, AnalysisOutcome, AnalyzerCall, ReviewAnalyzer, ReviewFindings } from './types.js';

/**
 * The OpenAI analyzer (OPENAI_API_KEY set): one chat completion per batch, answered as JSON that
 * must fit AnswerSchema (sent as the structured-output JSON schema). Any OpenAI-compatible server
 * works (OPENAI_BASE_URL: vLLM, Ollama, a gateway). The answer is never trusted as it comes:
 * it must parse, name only products of the batch, and every quote must be a sentence of that
 * product's reviews; a pro or con left without a quote is dropped, and a product whose answer
 * claimed pros or cons none of which could be supported fails the check. Products failing the
 * check are asked once more (one call for all of them); a product still without a valid answer
 * is a failure, never filled in.
 */

const quote = z.object({ reviewId: z.string(), text: z.string() });
const point = z.object({ text: z.string(), support: z.number().int(), quotes: z.array(quote) });
export const AnswerSchema = z.object({
  products: z.array(
    z.object({
      productId: z.string(),
      summary: z.string(),
      pros: z.array(point),
      cons: z.array(point),
      aspects: z.array(z.object({ name: z.string(), score: z.number(), support: z.number().int() })),
      bestFor: z.object({ skillLevels: z.array(z.enum(SKILL_LEVELS)), terrain: z.array(z.string()) }),
    }),
  ),
});
export type Answer = z.infer<typeof AnswerSchema>;

const SYSTEM_PROMPT = [
  'You analyse customer reviews of ski and snowboard gear for shoppers.',
  'For each product you are given, answer with: a summary (one or two sentences, only what the reviews say);',
  'pros and cons as short phrases, each with support (how many of its reviews say it) and quotes: sentences copied exactly, character for character, from that product\u2019s reviews, with the id of the review each is from;',
  'aspects: only the aspect names listed for the product, each scored 1 (poor) to 5 (excellent) with how many reviews speak to it (leave out aspects no review mentions);',
  'bestFor: the skill levels and terrain the reviews recommend it for.',
  'Never state a pro or con no review sentence says; a pro or con without a quote is discarded. Mind negation ("not stable at speed" is a con) and contrast ("great pop but washes out" is one pro and one con).',
  'Answer for every product given, under its productId, and for no other.',
].join(' ');

export interface OpenAiAnalyzerOptions {
  apiKey: string;
  baseUrl: string | undefined;
  model: string;
  /** US dollars per million input (prompt) and output (completion) tokens, for the cost estimate. */
  priceInputPerMTok: number;
  priceOutputPerMTok: number;
  timeoutMs: number;
  logger: Logger;
}

export class OpenAiReviewAnalyzer implements ReviewAnalyzer {
  readonly name = 'openai' as const;
  readonly model: string;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiAnalyzerOptions) {
    this.model = `openai:${options.model}`;
    // The client's own retries would hide calls from the count and the cost; a failed batch is retried here, once.
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, timeout: options.timeoutMs, maxRetries: 0 });
  }

  async analyze(batch: readonly AnalysisInput[], options: { signal?: AbortSignal; onCall: (call: AnalyzerCall) => void }): Promise<Map<string, AnalysisOutcome>> {
    const out = new Map<string, AnalysisOutcome>();
    let pending = [...batch];
    for (let attempt = 1; attempt <= 2 && pending.length > 0; attempt++) {
      const results = await this.call(pending, options);
      for (const [id, outcome] of results) out.set(id, outcome);
      pending = pending.filter((p) => !results.get(p.productId)?.ok);
      if (pending.length > 0) {
        this.options.logger.warn({ attempt, products: pending.length, reasons: pending.slice(0, 3).map((p) => out.get(p.productId)) }, 'review analysis: answers failed the check');
      }
    }
    return out;
  }

  /** One chat completion for the products, checked; every product of them gets an outcome. */
  private async call(products: readonly AnalysisInput[], options: { signal?: AbortSignal; onCall: (call: AnalyzerCall) => void }): Promise<Map<string, AnalysisOutcome>> {
    const failAll = (reason: string) => new Map(products.map((p): [string, AnalysisOutcome] => [p.productId, { ok: false, reason }]));
    let content: string | null | undefined;
    try {
      const completion = await this.client.chat.completions.create(
        {
          model: this.options.model,
          temperature: 0,
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: JSON.stringify({ products: products.map(promptProduct) }) },
          ],
          response_format: zodResponseFormat(AnswerSchema, 'review_analysis'),
        },
        { signal: options.signal },
      );
      const inputTokens = completion.usage?.prompt_tokens ?? 0;
      const outputTokens = completion.usage?.completion_tokens ?? 0;
      options.onCall({
        analyzer: 'openai',
        products: products.length,
        inputTokens,
        outputTokens,
        costUsd: (inputTokens * this.options.priceInputPerMTok + outputTokens * this.options.priceOutputPerMTok) / 1e6,
      });
      content = completion.choices[0]?.message.content;
    } catch (err) {
      options.onCall({ analyzer: 'openai', products: products.length, inputTokens: 0, outputTokens: 0, costUsd: 0 });
      return failAll(`the AI call failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(content ?? '');
    } catch {
      return failAll('the AI answer was not JSON');
    }
    const parsed = AnswerSchema.safeParse(json);
    if (!parsed.success) return failAll(`the AI answer did not fit the schema (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`);
    return checkAnswer(products, parsed.data);
  }
}

/** A product as the model reads it: its reviews as numbered sentences, so quotes can be copied exactly. */
function promptProduct(p: AnalysisInput) {
  return {
    productId: p.productId,
    name: p.name,
    category: p.category,
    aspects: aspectNames(p.category),
    reviews: p.reviews.map((r) => ({ id: r.id, rating: r.rating, title: r.title, sentences: r.sentences })),
  };
}

/**
 * Check an answer that fits the schema against the batch: entries for products outside the batch
 * are ignored; a batch product without an entry fails; quotes that are not a sentence of the
 * product's reviews are dropped, then points left without a quote; an entry that claimed points
 * and kept none fails (generic praise has no sentence to quote).
 */
export function checkAnswer(products: readonly AnalysisInput[], answer: Answer): Map<string, AnalysisOutcome> {
  const out = new Map<string, AnalysisOutcome>();
  const entries = new Map(answer.products.map((e) => [e.productId, e]));
  for (const product of products) {
    const entry = entries.get(product.productId);
    if (!entry) {
      out.set(product.productId, { ok: false, reason: 'the AI answer has no analysis for this product' });
      continue;
    }
    const reviewOf = new Map<string, string>();
    for (const r of product.reviews) for (const s of r.sentences) if (!reviewOf.has(normalized(s))) reviewOf.set(normalized(s), r.id);
    const sentencesOf = new Map(product.reviews.map((r) => [r.id, new Map(r.sentences.map((s) => [normalized(s), s]))]));
    const supported = (points: Answer['products'][number]['pros']): AnalysisPoint[] =>
      points.flatMap((p) => {
        const quotes: AnalysisQuote[] = [];
        for (const q of p.quotes) {
          const key = normalized(q.text);
          // The sentence as the review has it, from the review named (or the one it is really in).
          const reviewId = sentencesOf.get(q.reviewId)?.has(key) ? q.reviewId : reviewOf.get(key);
          const text = reviewId ? sentencesOf.get(reviewId)?.get(key) : undefined;
          if (reviewId && text && !quotes.some((x) => x.text === text && x.reviewId === reviewId)) quotes.push({ text, reviewId });
        }
        const text = p.text.trim();
        if (quotes.length === 0 || text === '') return [];
        const quoted = new Set(quotes.map((q) => q.reviewId)).size;
        return [{ text, support: Math.max(quoted, Math.min(p.support, product.reviews.length)), quotes }];
      });
    const pros = supported(entry.pros);
    const cons = supported(entry.cons);
    const claimed = entry.pros.length + entry.cons.length;
    if (claimed > 0 && pros.length + cons.length === 0) {
      out.set(product.productId, { ok: false, reason: 'the AI answer\u2019s pros and cons quote no sentence of the reviews' });
      continue;
    }
    const allowed = new Set(aspectNames(product.category));
    const aspects: AspectScore[] = entry.aspects
      .filter((a) => allowed.has(a.name) && a.support > 0)
      .map((a) => ({ name: a.name, score: Math.round(Math.min(5, Math.max(1, a.score)) * 10) / 10, support: Math.min(a.support, product.reviews.length) }));
    const findings: ReviewFindings = {
      summary: entry.summary.trim(),
      pros,
      cons,
      aspects,
      bestFor: { skillLevels: SKILL_LEVELS.filter((l) => entry.bestFor.skillLevels.includes(l)), terrain: [...new Set(entry.bestFor.terrain.map((t) => t.trim().toLowerCase()).filter((t) => t !== ''))] },
    };
    if (findings.summary === '') {
      out.set(product.productId, { ok: false, reason: 'the AI answer has an empty summary' });
      continue;
    }
    out.set(product.productId, { ok: true, findings });
  }
  return out;
}

/** Sentences compared without regard to surrounding or repeated whitespace and curly quotes. */
function normalized(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, ' ').trim();
}
