import { load, type CheerioAPI } from 'cheerio';
import { readJsonLdProduct } from './jsonld.js';
import { readMicrodataProduct } from './microdata.js';
import type { SchemaProduct } from './schema-product.js';

export * from './schema-product.js';
export * from './money.js';
export { readJsonLdProduct, jsonLdNodes, jsonLdReviews, hasType } from './jsonld.js';
export { readMicrodataProduct, microdataItems, microdataReviews } from './microdata.js';
export {
  readPageReviews, readReviewMarkup, readReviewList, POWER_REVIEWS, H_REVIEW, REVIEW_MARKUPS, REVIEW_LIST_KEYS,
  type ReviewMarkup, type ReviewListKeys,
} from './reviews.js';
export { mergeReviews } from './review-merge.js';
export { parseRatingText } from './review-fields.js';
export { readCards, readOpenGraph, type CardSpec, type Card, type OpenGraph } from './cards.js';

/**
 * The page's schema.org product: JSON-LD first (what current sites publish), then microdata.
 * Relative image URLs resolve against `pageUrl` when given. null when the page states no product.
 */
export function extractSchemaProduct(page: string | CheerioAPI, pageUrl?: string): SchemaProduct | null {
  const $ = typeof page === 'string' ? load(page) : page;
  const product = readJsonLdProduct($) ?? readMicrodataProduct($);
  if (product && pageUrl) product.images = product.images.map((src) => resolveUrl(src, pageUrl));
  return product;
}

/** `href` resolved against `base`; returned unchanged when it cannot be resolved. */
function resolveUrl(href: string, base: string): string {
  try {
    return new URL(href, base).toString();
  } catch {
    return href;
  }
}
export { readRows, jsonAt, readScriptJson } from './rows.js';
