import { createHash } from 'node:crypto';
import type { Review } from '../domain/product.js';

/** A review's id: a hash of who wrote what, so the same review has the same id whichever crawl read it. */
export function reviewIdOf(review: Pick<Review, 'author' | 'title' | 'body'>): string {
  const key = [review.author, review.title, review.body].map((s) => (s ?? '').trim()).join('\u0000');
  return `r_${createHash('sha256').update(key).digest('base64url').slice(0, 12)}`;
}
