import type { Review } from '../../domain/product.js';

/**
 * One review a page carries twice (its JSON-LD and the retailer's own markup, or a teaser and the
 * full text) is one review. Two copies are the same review when their bodies read the same once
 * case, accents, punctuation and spacing are set aside, or when one is a cut-short copy of the other,
 * and their authors (when both state one) do not disagree.
 */

/**
 * A cut-short copy must keep at least this much of the text to count as a copy: below it, a short
 * body ("Great board") would swallow every longer review that happens to start the same way.
 */
const MIN_PREFIX_CHARS = 30;

function normalized(text: string | null): string {
  return (text ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function sameBody(a: string, b: string): boolean {
  if (a === b) return a !== '';
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= MIN_PREFIX_CHARS && long.startsWith(short);
}

function authorsAgree(a: string | null, b: string | null): boolean {
  const [x, y] = [normalized(a), normalized(b)];
  return x === '' || y === '' || x.startsWith(y) || y.startsWith(x);
}

const longer = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null ? a : b.length > a.length ? b : a;

/** The fields of both copies: each field the copy that states it (the longer text where both do). */
function richer(a: Review, b: Review): Review {
  return {
    author: longer(a.author, b.author),
    rating: a.rating ?? b.rating,
    title: longer(a.title, b.title),
    body: longer(a.body, b.body) ?? a.body,
    date: a.date ?? b.date,
  };
}

/**
 * Every review of `lists`, in order of first appearance, each once: a review already seen (see the
 * module comment) is merged into its first copy, keeping the richer fields. Reviews without a body
 * are dropped: a star with no text is no review text to read.
 */
export function mergeReviews(...lists: readonly (readonly Review[])[]): Review[] {
  const out: { review: Review; key: string }[] = [];
  for (const review of lists.flat()) {
    const key = normalized(review.body);
    if (key === '') continue;
    const seen = out.find((o) => sameBody(o.key, key) && authorsAgree(o.review.author, review.author));
    if (!seen) out.push({ review, key });
    else {
      seen.review = richer(seen.review, review);
      if (key.length > seen.key.length) seen.key = key;
    }
  }
  return out.map((o) => o.review);
}
