import { cleanText, toIsoDate } from './schema-product.js';

/** Readers of one review field from the ways pages write it (text, attribute, JSON value). Pure. */

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const OUT_OF = new RegExp(`${NUMBER}\\s*(?:out of|of|/)\\s*${NUMBER}`, 'i');
const BARE = new RegExp(`^${NUMBER}(?:\\s*stars?)?$`, 'i');
const num = (s: string | undefined): number => Number((s ?? '').replace(',', '.'));

/** One decimal on a 5-star scale, as the schema.org readers round. */
const onFiveStars = (value: number, best: number): number | null =>
  Number.isFinite(value) && Number.isFinite(best) && best > 0 && value >= 0 && value <= best
    ? Math.round((value / best) * 5 * 10) / 10
    : null;

/**
 * A star rating as a page writes it: `4`, `4.0`, `4 stars`, `4 out of 5`, `Rated 4.0 out of 5 stars`,
 * `8/10` → on a 5-star scale. A bare number above 5 states no scale, so it is not read (null).
 */
export function parseRatingText(text: string | null | undefined): number | null {
  const t = cleanText(text);
  if (!t) return null;
  const scaled = OUT_OF.exec(t);
  if (scaled) return onFiveStars(num(scaled[1]), num(scaled[2]));
  const bare = BARE.exec(t);
  return bare ? onFiveStars(num(bare[1]), 5) : null;
}

/** A JSON rating: a number, a numeric or "4 out of 5" string, or `{value | ratingValue, bestRating?}`. */
export function ratingFromJson(v: unknown): number | null {
  if (typeof v === 'number') return onFiveStars(v, 5);
  if (typeof v === 'string') return parseRatingText(v);
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const value = o['value'] ?? o['ratingValue'];
    const best = Number(o['bestRating'] ?? o['best'] ?? 5);
    return typeof value === 'number' || typeof value === 'string' ? onFiveStars(num(String(value)), best) : null;
  }
  return null;
}

/** A reviewer's name without the "By" a page prints before it. */
export function authorName(text: string | null | undefined): string | null {
  return cleanText(cleanText(text)?.replace(/^by\b[\s:]*/i, ''));
}

/** A JSON author: a string, or `{name | nickname | displayName}`. */
export function authorFromJson(v: unknown): string | null {
  if (typeof v === 'string') return authorName(v);
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const k of ['name', 'nickname', 'displayName']) if (typeof o[k] === 'string') return authorName(o[k]);
  }
  return null;
}

/** A review date from JSON or text: ISO or "February 22, 2019" → "2019-02-22"; anything else null. */
export function reviewDate(v: unknown): string | null {
  return typeof v === 'string' ? toIsoDate(cleanText(v)) : null;
}
