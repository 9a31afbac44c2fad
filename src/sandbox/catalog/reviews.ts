import type { Category } from '../../domain/product.js';
import { rngFor, type Rng } from './prng.js';
import { ASPECTS, AUTHORS, OPENERS, TITLES_BAD, TITLES_GOOD, TITLES_MIXED, type Aspect } from './review-phrases.js';
import type { SandboxReview } from './types.js';

/** How a product's reviews lean at one retailer. */
export type ReviewProfile = 'none' | 'glowing' | 'positive' | 'mixed' | 'critical';

const RATINGS: Record<Exclude<ReviewProfile, 'none'>, (readonly [number, number])[]> = {
  glowing: [[5, 6], [4, 2]],
  positive: [[5, 3], [4, 4], [3, 1], [2, 1]],
  mixed: [[5, 2], [4, 2], [3, 2], [2, 2], [1, 1]],
  critical: [[4, 1], [3, 2], [2, 3], [1, 2]],
};

const DOWNSIDE = ['That said, ', 'Only complaint: ', 'On the downside, ', 'One thing though: ', ''];

/** What a review may truthfully say about a product (which tagged phrases fit it). */
export interface ReviewedTraits {
  category: Category;
  model: string;
  flex: number | null;
  beginner: boolean;
  advanced: boolean;
  kids: boolean;
  powder: boolean;
}

function tagsOf(t: ReviewedTraits): Set<string> {
  const tags = new Set<string>();
  if (t.flex !== null) tags.add(t.flex <= 4 ? 'soft' : t.flex >= 7 ? 'stiff' : 'medium');
  if (t.beginner) tags.add('beginner');
  if (t.advanced) tags.add('advanced');
  if (t.kids) tags.add('kids');
  if (t.powder) tags.add('powder');
  return tags;
}

/** Keeps the phrases whose `[tag]` fits the product (untagged ones always fit), tag removed. */
function fitting(phrases: readonly string[], tags: Set<string>): string[] {
  return phrases.flatMap((p) => {
    const m = /^\[(\w+)\] (.*)$/.exec(p);
    if (!m) return [p];
    return tags.has(m[1]!) ? [m[2]!] : [];
  });
}

function aspectsFor(t: ReviewedTraits): Aspect[] {
  const tags = tagsOf(t);
  return (ASPECTS[t.category] ?? [])
    .map((a) => ({ name: a.name, good: fitting(a.good, tags), bad: fitting(a.bad, tags) }))
    .filter((a) => a.good.length > 0 && a.bad.length > 0);
}
const CLOSERS_GOOD = ['Would buy again.', 'Highly recommend.', 'No regrets.', 'Stoked on it.', ''];
const CLOSERS_BAD = ['Returning it.', 'Would not recommend at this price.', 'Going back to my old one.', ''];

function fill(text: string, model: string, rng: Rng): string {
  return text.replace('{m}', model).replace('{n}', String(rng.int(6, 45)));
}

function reviewBody(aspects: Aspect[], rating: number, model: string, rng: Rng): string {
  const good = rating >= 5 ? rng.int(2, 3) : rating === 4 ? 2 : rating === 3 ? 1 : rating === 2 ? rng.int(0, 1) : 0;
  const bad = rating >= 5 ? 0 : rating === 4 ? rng.int(0, 1) : rating === 3 ? rng.int(1, 2) : 2;
  const chosen = rng.sample(aspects, good + bad);
  const parts: string[] = [];
  if (rng.chance(0.5)) parts.push(fill(rng.pick(OPENERS), model, rng));
  chosen.slice(0, good).forEach((a) => parts.push(fill(rng.pick(a.good), model, rng)));
  chosen.slice(good).forEach((a, i) => {
    const text = fill(rng.pick(a.bad), model, rng);
    const lead = i === 0 && good > 0 ? rng.pick(DOWNSIDE) : '';
    parts.push(lead ? lead + text.charAt(0).toLowerCase() + text.slice(1) : text);
  });
  const closer = rating >= 4 ? rng.pick(CLOSERS_GOOD) : rating <= 2 ? rng.pick(CLOSERS_BAD) : '';
  if (closer) parts.push(closer);
  return parts.join(' ');
}

function reviewDate(rng: Rng): string {
  const start = Date.UTC(2024, 8, 1);
  const days = rng.int(0, 540);
  return new Date(start + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Reviews one retailer shows for one product. Deterministic per seed; a 'none' profile
 * yields no reviews at all (evo then shows no review widget).
 */
export function generateReviews(seed: string, traits: ReviewedTraits, profile: ReviewProfile): SandboxReview[] {
  if (profile === 'none') return [];
  const rng = rngFor(`reviews:${seed}`);
  const aspects = aspectsFor(traits);
  const model = traits.model;
  const count = rng.weighted([[1, 2], [2, 3], [3, 3], [5, 2], [8, 2], [12, 1]] as const);
  const authors = rng.sample(AUTHORS, count);
  const reviews: SandboxReview[] = [];
  for (let i = 0; i < count; i++) {
    const rating = rng.weighted(RATINGS[profile]);
    const title = rng.pick(rating >= 4 ? TITLES_GOOD : rating === 3 ? TITLES_MIXED : TITLES_BAD);
    reviews.push({ author: authors[i] ?? `Rider${i}`, rating, title, body: reviewBody(aspects, rating, model, rng), date: reviewDate(rng) });
  }
  return reviews.sort((a, b) => b.date.localeCompare(a.date));
}

/** Mean rating to one decimal, or null without reviews. */
export function averageRating(reviews: readonly SandboxReview[]): number | null {
  if (reviews.length === 0) return null;
  return Math.round((reviews.reduce((s, r) => s + r.rating, 0) / reviews.length) * 10) / 10;
}
