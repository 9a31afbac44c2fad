import type { CheerioAPI, Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { parsePriceText, type PriceOrder, type PriceText } from './money.js';
import { cleanText } from './schema-product.js';

/**
 * The generic reading engine for what schema.org does not cover: listing cards and
 * OpenGraph tags. A site says where things sit (selectors, attributes) as data; this reads them.
 */

/** Where one value sits inside a card: a selector (its text) or a selector plus attribute. `''` = the card itself. */
export type Field = string | { selector: string; attr: string };

export interface CardSpec {
  /** One element per product. */
  card: string;
  /** The retailer's product id. Without it, the last path segment of the link. */
  id?: Field;
  link: Field;
  title: Field;
  brand?: Field;
  price?: Field;
  /** How the price text orders two amounts (evo: list-first). */
  priceOrder?: PriceOrder;
  image?: Field;
}

export interface Card {
  id: string | null;
  /** As written in the page (often a path); resolve against the page URL to fetch it. */
  href: string | null;
  title: string | null;
  brand: string | null;
  price: PriceText | null;
  image: string | null;
}

function readField($card: Cheerio<AnyNode>, field: Field | undefined): string | null {
  if (field === undefined) return null;
  const { selector, attr } = typeof field === 'string' ? { selector: field, attr: null } : field;
  const $el = selector === '' ? $card : $card.find(selector).first();
  if ($el.length === 0) return null;
  return cleanText(attr ? $el.attr(attr) : $el.text());
}

/** Last path segment of a URL or path, without query or fragment. */
export function lastPathSegment(href: string): string | null {
  const path = href.split(/[?#]/)[0] ?? '';
  const seg = path.split('/').filter(Boolean).pop();
  return seg ? decodeURIComponent(seg) : null;
}

/** Every card the spec finds, in page order. */
export function readCards($: CheerioAPI, spec: CardSpec): Card[] {
  return $(spec.card)
    .toArray()
    .map((el) => {
      const $card = $(el);
      const href = readField($card, spec.link);
      const priceText = readField($card, spec.price);
      return {
        id: readField($card, spec.id) ?? (href ? lastPathSegment(href) : null),
        href,
        title: readField($card, spec.title),
        brand: readField($card, spec.brand),
        price: priceText ? parsePriceText(priceText, spec.priceOrder) : null,
        image: readField($card, spec.image),
      };
    });
}

export interface OpenGraph {
  type: string | null;
  title: string | null;
  url: string | null;
  image: string | null;
  siteName: string | null;
  description: string | null;
}

/** OpenGraph tags (`og:*`): what brand pages without schema.org Product still state. */
export function readOpenGraph($: CheerioAPI): OpenGraph {
  const og = (name: string): string | null =>
    cleanText($(`meta[property="og:${name}"]`).first().attr('content') ?? null);
  return {
    type: og('type'),
    title: og('title'),
    url: og('url'),
    image: og('image'),
    siteName: og('site_name'),
    description: og('description'),
  };
}
