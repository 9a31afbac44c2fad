import type { AnalysisPoint, AspectScore, BestFor, Category } from '../domain/product.js';

/**
 * What every review analyzer is: a batch of products with their reviews in, one analysis (or the
 * reason there is none) per product out. Analyzers never write anything; the analysis service
 * decides which products to analyse, batches them, and stores what comes back.
 */

/** One review as an analyzer reads it: its sentences, split once, so every quote can be checked against them. */
export interface AnalysisReview {
  /** reviewIdOf(review): stable across crawls. */
  id: string;
  rating: number | null;
  title: string | null;
  /** The body's sentences, verbatim (substrings of the body). */
  sentences: string[];
}

export interface AnalysisInput {
  productId: string;
  name: string;
  category: Category;
  reviews: AnalysisReview[];
}

/** An analysis of one product's reviews: every pro and con quotes sentences of them. */
export interface ReviewFindings {
  summary: string;
  pros: AnalysisPoint[];
  cons: AnalysisPoint[];
  aspects: AspectScore[];
  bestFor: BestFor;
}

export type AnalysisOutcome = { ok: true; findings: ReviewFindings } | { ok: false; reason: string };

/** One call of an analyzer (one batch): what it cost, for the monitor. */
export interface AnalyzerCall {
  analyzer: AnalyzerName;
  products: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export type AnalyzerName = 'openai' | 'offline';

export interface ReviewAnalyzer {
  readonly name: AnalyzerName;
  /** Written into each analysis (`analysis.model`), e.g. "offline:wink-eng-lite-web-model" or "openai:gpt-4o-mini". */
  readonly model: string;
  /**
   * Analyse one batch (at most AI_BATCH_SIZE products): one outcome per product id of the batch.
   * `onCall` is told about every call made (retries included). Rejects only when nothing could be
   * analysed at all; a product that could not be analysed is `{ ok: false }`.
   */
  analyze(batch: readonly AnalysisInput[], options: { signal?: AbortSignal; onCall: (call: AnalyzerCall) => void }): Promise<Map<string, AnalysisOutcome>>;
}
