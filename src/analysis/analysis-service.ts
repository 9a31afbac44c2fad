import pLimit from 'p-limit';
import { emptyAnalysis, type ProductAnalysis, type StaticProduct } from '../domain/product.js';
import type { Logger } from '../logger.js';
import { analysisInput, reviewsHashOf } from './reviews.js';
import type { AnalysisOutcome, AnalyzerCall, AnalyzerName, ReviewAnalyzer } from './types.js';

export interface ReviewAnalysisServiceOptions {
  analyzer: ReviewAnalyzer;
  /** AI_BATCH_SIZE: products per analyzer call. */
  batchSize: number;
  /** MAX_AI_CONCURRENT_BATCHES: analyzer calls in flight at once. */
  maxConcurrentBatches: number;
  logger: Logger;
  /** Told about every analyzer call (the Prometheus counters). */
  onCall?: (call: AnalyzerCall) => void;
  now?: () => Date;
}

/** What the analysis track did in this process, for /admin/performance and the dashboard. */
export interface ReviewAnalysisStats {
  analyzer: AnalyzerName;
  model: string;
  batchSize: number;
  calls: number;
  /** Products sent to the analyzer, retries included. */
  productsSent: number;
  tokens: { input: number; output: number };
  costUsd: number;
  /** Products whose analysis this process wrote (READY). */
  analysedProducts: number;
  failedProducts: number;
  /** Products whose stored analysis was kept because their reviews had not changed (no call). */
  unchangedProducts: number;
  /** costUsd / analysedProducts; null before any product was analysed. */
  costPerProductUsd: number | null;
}

/**
 * The review analysis step of the heavy track, never on a request. In a merge (the catalog's
 * `beforeWrite`) a product whose reviews (and category) hash to what its stored analysis read,
 * by the same analyzer model, keeps that analysis without a call; the others (new, or reviews
 * changed) are analysed after the merge, outside its lease, in batches of AI_BATCH_SIZE, at most
 * MAX_AI_CONCURRENT_BATCHES at once, and written by a second merge. A product the analyzer could
 * not analyse is FAILED saying why, with nothing filled in, and is tried again at the next merge;
 * nothing here ever rejects, so a failing analysis never fails the crawl.
 */
export class ReviewAnalysisService {
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly counters = { calls: 0, productsSent: 0, input: 0, output: 0, costUsd: 0, analysed: 0, failed: 0, unchanged: 0 };

  constructor(private readonly options: ReviewAnalysisServiceOptions) {
    this.limit = pLimit(options.maxConcurrentBatches);
  }

  get analyzer(): ReviewAnalyzer {
    return this.options.analyzer;
  }

  /** The offline analyzer runs inside the merge (milliseconds, no calls); an AI analyzer after it, outside its lease. */
  get analysesInMerge(): boolean {
    return this.options.analyzer.name === 'offline';
  }

  stats(): ReviewAnalysisStats {
    const c = this.counters;
    const { analyzer, batchSize } = this.options;
    return {
      analyzer: analyzer.name,
      model: analyzer.model,
      batchSize,
      calls: c.calls,
      productsSent: c.productsSent,
      tokens: { input: c.input, output: c.output },
      costUsd: c.costUsd,
      analysedProducts: c.analysed,
      failedProducts: c.failed,
      unchangedProducts: c.unchanged,
      costPerProductUsd: c.analysed > 0 ? c.costUsd / c.analysed : null,
    };
  }

  /**
   * The first half of a merge's analysis, inside the merge: every product whose reviews (and
   * category) hash to what a stored analysis by this model read keeps that analysis, no call;
   * returns the products still to analyse (PENDING with reviews). `existing` holds the stored
   * records of these ids and of the ids they replace.
   */
  keepUnchanged(products: StaticProduct[], existing: ReadonlyMap<string, StaticProduct>): StaticProduct[] {
    return this.carryOver(products, existing, true);
  }

  /**
   * Analyse products (outside any lease: an AI call may take long) in batches of AI_BATCH_SIZE,
   * at most MAX_AI_CONCURRENT_BATCHES at once. Returns each analysis by the hash of the reviews it
   * read (READY, or FAILED saying why), to be applied by `apply` in a later merge. Never rejects.
   */
  async analyse(products: readonly StaticProduct[], signal?: AbortSignal): Promise<Map<string, ProductAnalysis>> {
    const results = new Map<string, ProductAnalysis>();
    try {
      const todo = [...new Map(products.map((p) => [reviewsHashOf(p), p])).entries()].map(([hash, product]) => ({ product, hash }));
      if (todo.length === 0) return results;
      const batches: (typeof todo)[] = [];
      for (let i = 0; i < todo.length; i += this.options.batchSize) batches.push(todo.slice(i, i + this.options.batchSize));
      await Promise.all(batches.map((batch) => this.limit(() => this.runBatch(batch, results, signal))));
      this.options.logger.info({ analyzer: this.options.analyzer.model, products: todo.length, batches: batches.length }, 'review analysis: products analysed');
    } catch (err) {
      this.options.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'review analysis failed; the merge goes on without it');
    }
    return results;
  }

  /**
   * The second half, inside a later merge: unchanged products keep their stored analysis, the
   * others take the analysis made for their reviews' hash (reviews that changed again meanwhile
   * match none and stay PENDING for the next merge).
   */
  apply(products: StaticProduct[], existing: ReadonlyMap<string, StaticProduct>, analyses: ReadonlyMap<string, ProductAnalysis>): void {
    for (const product of this.carryOver(products, existing, false)) {
      const analysis = analyses.get(reviewsHashOf(product));
      if (analysis) product.analysis = analysis;
    }
  }

  /** Of the products a merge left to analyse, those whose stored record (in the same order) holds no analysis of their reviews yet. */
  stillToAnalyse(todo: readonly StaticProduct[], stored: readonly (StaticProduct | null)[]): StaticProduct[] {
    const { model } = this.options.analyzer;
    return todo.filter((p, i) => {
      const a = stored[i]?.analysis;
      return !(a?.status === 'READY' && a.model === model && a.reviewsHash === reviewsHashOf(p));
    });
  }

  /** keepUnchanged, analyse and apply in one (a merge that may wait for its analyzer calls). */
  async prepare(products: StaticProduct[], existing: ReadonlyMap<string, StaticProduct>, options: { analyse: boolean; signal?: AbortSignal }): Promise<void> {
    const todo = this.keepUnchanged(products, existing);
    if (!options.analyse || todo.length === 0) return;
    this.apply(products, existing, await this.analyse(todo, options.signal));
  }

  private carryOver(products: StaticProduct[], existing: ReadonlyMap<string, StaticProduct>, count: boolean): StaticProduct[] {
    const { analyzer } = this.options;
    const byHash = new Map<string, ProductAnalysis>();
    for (const stored of existing.values()) {
      const a = stored.analysis;
      if (a.status === 'READY' && a.reviewsHash && a.model === analyzer.model) byHash.set(a.reviewsHash, a);
    }
    const todo: StaticProduct[] = [];
    for (const product of products) {
      // PENDING without a message: reviews were read (product-merge.ts); nothing else is analysed.
      if (product.analysis.status !== 'PENDING' || product.analysis.message !== null) continue;
      const hash = reviewsHashOf(product);
      const stored = existing.get(product.id)?.analysis;
      const kept = stored?.status === 'READY' && stored.reviewsHash === hash && stored.model === analyzer.model ? stored : byHash.get(hash);
      if (kept) {
        product.analysis = kept;
        if (count) this.counters.unchanged++;
      } else {
        todo.push(product);
      }
    }
    return todo;
  }

  private async runBatch(batch: { product: StaticProduct; hash: string }[], results: Map<string, ProductAnalysis>, signal?: AbortSignal): Promise<void> {
    const { analyzer, logger } = this.options;
    let outcomes: Map<string, AnalysisOutcome>;
    try {
      outcomes = await analyzer.analyze(
        batch.map((b) => analysisInput(b.product)),
        { signal, onCall: (call) => this.count(call) },
      );
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      logger.warn({ products: batch.length, err: reason }, 'review analysis: a batch failed');
      outcomes = new Map(batch.map((b) => [b.product.id, { ok: false, reason }]));
    }
    const analyzedAt = (this.options.now?.() ?? new Date()).toISOString();
    for (const { product, hash } of batch) {
      const outcome = outcomes.get(product.id) ?? { ok: false, reason: 'the analyzer returned nothing for this product' };
      if (outcome.ok) {
        results.set(hash, { status: 'READY', message: null, ...outcome.findings, model: analyzer.model, analyzedAt, reviewsHash: hash });
        this.counters.analysed++;
      } else {
        results.set(hash, emptyAnalysis('FAILED', `review analysis failed: ${outcome.reason}`));
        this.counters.failed++;
      }
    }
  }

  private count(call: AnalyzerCall): void {
    const c = this.counters;
    c.calls++;
    c.productsSent += call.products;
    c.input += call.inputTokens;
    c.output += call.outputTokens;
    c.costUsd += call.costUsd;
    this.options.onCall?.(call);
  }
}
