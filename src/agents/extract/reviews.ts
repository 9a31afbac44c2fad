import type { CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { Review } from '../../domain/product.js';
import { jsonLdReviews } from './jsonld.js';
import { microdataReviews } from './microdata.js';
import { authorFromJson, authorName, parseRatingText, ratingFromJson, reviewDate } from './review-fields.js';
import { mergeReviews } from './review-merge.js';
import { cleanText, toIsoDate } from './schema-product.js';

/**
 * Review texts wherever a page carries them: schema.org reviews first (JSON-LD and microdata), then
 * review widgets' markup read by class on any element (PowerReviews, hReview), then the review lists
 * a retailer embeds as JSON. What one page carries twice is one review (see review-merge.ts). Pure.
 */

/** Where a review widget puts each field, by class, whatever the element. Every list is tried in order. */
export interface ReviewMarkup {
  /** One element per review. */
  review: string;
  body: readonly string[];
  title: readonly string[];
  author: readonly string[];
  /** Elements that state the stars: in `data-rating`, `content`, `value`, `title`, `aria-label` or their text. */
  rating: readonly string[];
  /** Elements that state the date: in `datetime`, `content`, `title` or their text. */
  date: readonly string[];
}

/** PowerReviews (evo's review widget, and many other retailers'). */
export const POWER_REVIEWS: ReviewMarkup = {
  review: '.pr-review',
  body: ['.pr-rd-description-text'],
  title: ['.pr-rd-review-headline'],
  author: ['.pr-rd-author-nickname'],
  rating: ['.pr-rd-star-rating', '.pr-rd-star-rating [data-rating], .pr-rd-star-rating [aria-label]', '.pr-snippet-rating-decimal'],
  date: ['time[datetime]', '.pr-rd-author-submission-date time', '.pr-rd-author-submission-date', '.pr-rd-review-date'],
};

/** The hReview microformat (WordPress review plugins and other shops' widgets). */
export const H_REVIEW: ReviewMarkup = {
  review: '.hreview',
  body: ['.description'],
  title: ['.summary'],
  author: ['.reviewer .fn', '.reviewer'],
  rating: ['.rating'],
  date: ['.dtreviewed'],
};

/** The review widgets every page is read for. */
export const REVIEW_MARKUPS: readonly ReviewMarkup[] = [POWER_REVIEWS, H_REVIEW];

/** The keys (any letter case) under which a JSON review list states each field; the first key present wins. */
export interface ReviewListKeys {
  body: readonly string[];
  title: readonly string[];
  rating: readonly string[];
  author: readonly string[];
  date: readonly string[];
}

/** The usual keys of retailers' review lists (their own APIs, Bazaarvoice, PowerReviews' JSON). */
export const REVIEW_LIST_KEYS: ReviewListKeys = {
  body: ['body', 'text', 'reviewText', 'comment', 'comments', 'reviewBody'],
  title: ['title', 'headline'],
  rating: ['rating', 'stars', 'ratingValue'],
  author: ['author', 'nickname', 'userNickname', 'authorName'],
  date: ['date', 'submittedAt', 'submissionTime', 'datePublished', 'createdAt'],
};

const RATING_ATTRS = ['data-rating', 'content', 'value', 'title', 'aria-label'];
const DATE_ATTRS = ['datetime', 'content', 'title'];

type Field<T> = (text: string | null) => T | null;

/** The first value `read` gets from an element `selectors` find in `scope`: its `attrs` first, then its text. */
function firstValue<T>($: CheerioAPI, scope: AnyNode, selectors: readonly string[], attrs: readonly string[], read: Field<T>): T | null {
  for (const selector of selectors) {
    for (const el of $(scope).find(selector).toArray()) {
      for (const attr of attrs) {
        const v = read($(el).attr(attr) ?? null);
        if (v !== null) return v;
      }
      const v = read($(el).text());
      if (v !== null) return v;
    }
  }
  return null;
}

/** The reviews one widget's markup holds; a review element without body text is none. */
export function readReviewMarkup($: CheerioAPI, markup: ReviewMarkup): Review[] {
  return $(markup.review)
    .toArray()
    .flatMap((el): Review[] => {
      const body = firstValue($, el, markup.body, [], cleanText);
      if (!body) return [];
      return [{
        author: firstValue($, el, markup.author, [], authorName),
        rating: firstValue($, el, markup.rating, RATING_ATTRS, parseRatingText),
        title: firstValue($, el, markup.title, [], cleanText),
        body,
        date: firstValue($, el, markup.date, DATE_ATTRS, (t) => toIsoDate(cleanText(t))),
      }];
    });
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value under the first of `keys` the object has, matching keys in any letter case. */
function valueAt(o: Record<string, unknown>, keys: readonly string[]): unknown {
  const byLower = new Map(Object.keys(o).map((k) => [k.toLowerCase(), k]));
  for (const key of keys) {
    const own = byLower.get(key.toLowerCase());
    if (own !== undefined && o[own] !== null && o[own] !== undefined) return o[own];
  }
  return undefined;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? cleanText(v) : null);

/** A retailer's JSON review list (an array of review objects) → reviews; anything not an array holds none. */
export function readReviewList(list: unknown, keys: ReviewListKeys = REVIEW_LIST_KEYS): Review[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObj).flatMap((r): Review[] => {
    const body = text(valueAt(r, keys.body));
    if (!body) return [];
    return [{
      author: authorFromJson(valueAt(r, keys.author)),
      rating: ratingFromJson(valueAt(r, keys.rating)),
      title: text(valueAt(r, keys.title)),
      body,
      date: reviewDate(valueAt(r, keys.date)),
    }];
  });
}

/**
 * Every review text the page carries, each once: schema.org (JSON-LD, microdata), the review
 * widgets of REVIEW_MARKUPS, then `lists` (JSON review lists the caller found in the page, read
 * under REVIEW_LIST_KEYS). Empty when the page carries none it can read.
 */
export function readPageReviews($: CheerioAPI, lists: readonly unknown[] = []): Review[] {
  return mergeReviews(
    jsonLdReviews($),
    microdataReviews($),
    ...REVIEW_MARKUPS.map((m) => readReviewMarkup($, m)),
    ...lists.map((l) => readReviewList(l)),
  );
}
