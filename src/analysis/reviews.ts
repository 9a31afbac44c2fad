import { createHash } from 'node:crypto';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Category, Review } from '../domain/product.js';
import { reviewIdOf } from './review-id.js';
import type { AnalysisInput, AnalysisReview } from './types.js';

/**
 * Reviews as analyzers read them: stable ids, verbatim sentences (wink-nlp's sentence boundary
 * detection), and the hash that says whether a product's reviews changed since its last analysis.
 */

/** One wink instance per process: loading the model takes ~100 ms and it is read-only afterwards. */
let nlpInstance: ReturnType<typeof winkNLP> | null = null;
export function nlp(): ReturnType<typeof winkNLP> {
  nlpInstance ??= winkNLP(model, ['sbd', 'negation', 'sentiment']);
  return nlpInstance;
}

/**
 * A text's sentences, each a verbatim substring of it. wink's tokens keep their spacing, so its
 * sentences are substrings; one that is not (unusual whitespace inside a sentence) falls back to a
 * split after end punctuation, which is verbatim by construction.
 */
export function sentencesOf(text: string): string[] {
  const body = text.trim();
  if (body === '') return [];
  const found = (nlp().readDoc(body).sentences().out() as string[]).map((s) => s.trim()).filter((s) => s !== '');
  if (found.every((s) => body.includes(s))) return found;
  return body
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** wink's sentiment of a piece of text, -1..1 (its lexicon handles negation: "not stable" is negative). */
export function sentimentOf(text: string): number {
  return nlp().readDoc(text).out(nlp().its.sentiment) as number;
}

/** The reviews of a product as analyzers read them; reviews without a body say nothing to quote and are left out. */
export function analysisReviews(reviews: readonly Review[]): AnalysisReview[] {
  return reviews
    .filter((r) => r.body.trim() !== '')
    .map((r) => ({ id: reviewIdOf(r), rating: r.rating, title: r.title, sentences: sentencesOf(r.body) }));
}

export function analysisInput(product: { id: string; name: string; category: Category; reviews: readonly Review[] }): AnalysisInput {
  return { productId: product.id, name: product.name, category: product.category, reviews: analysisReviews(product.reviews) };
}

/**
 * What an analysis depends on: the category (its aspects) and every review's rating, title and
 * body, in a stable order (retailers list reviews in different orders).
 */
export function reviewsHashOf(product: { category: Category; reviews: readonly Review[] }): string {
  const lines = product.reviews.map((r) => JSON.stringify([r.author, r.rating, r.title, r.body])).sort();
  return createHash('sha256').update(product.category).update('\n').update(lines.join('\n')).digest('base64url').slice(0, 22);
}
