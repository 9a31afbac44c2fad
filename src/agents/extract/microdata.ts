import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { Review } from '../../domain/product.js';
import { parseAmount, parseAvailability } from './money.js';
import { cleanText, toIsoDate, type SchemaOffer, type SchemaProduct, type SchemaRating } from './schema-product.js';

/** Microdata (itemscope / itemprop) → SchemaProduct, following the WHATWG microdata item model. */

export interface MicroItem {
  types: string[];
  props: Map<string, MicroValue[]>;
}

export interface MicroValue {
  value: string | MicroItem;
  /** The element's visible text (a profile link's text is the name it shows). */
  text: string | null;
  el: Element;
}

const URL_TAGS: Record<string, string> = {
  img: 'src', audio: 'src', embed: 'src', iframe: 'src', source: 'src', track: 'src', video: 'src',
  a: 'href', area: 'href', link: 'href', object: 'data',
};

function propValue($: CheerioAPI, el: Element): string {
  const $el = $(el);
  const tag = el.tagName.toLowerCase();
  if (tag === 'meta') return $el.attr('content') ?? '';
  const urlAttr = URL_TAGS[tag];
  if (urlAttr) return $el.attr(urlAttr) ?? '';
  if (tag === 'time') return $el.attr('datetime') ?? $el.text();
  if (tag === 'data' || tag === 'meter') return $el.attr('value') ?? '';
  return $el.attr('content') ?? $el.text();
}

/** The item an itemscope element defines, with every property that belongs to it (not to nested items). */
function readItem($: CheerioAPI, scope: Element): MicroItem {
  const item: MicroItem = { types: ($(scope).attr('itemtype') ?? '').split(/\s+/).filter(Boolean), props: new Map() };
  const walk = (parent: Element): void => {
    for (const child of $(parent).children().toArray()) {
      const names = ($(child).attr('itemprop') ?? '').split(/\s+/).filter(Boolean);
      const isScope = $(child).attr('itemscope') !== undefined;
      if (names.length) {
        const value = isScope ? readItem($, child) : propValue($, child);
        for (const name of names) {
          const list = item.props.get(name) ?? [];
          list.push({ value, text: cleanText($(child).text()), el: child });
          item.props.set(name, list);
        }
      }
      // A nested itemscope owns what is inside it.
      if (!isScope) walk(child);
    }
  };
  walk(scope);
  return item;
}

const typeIs = (item: MicroItem, type: string): boolean => item.types.some((t) => t.replace(/^.*[/:]/, '') === type);

/** Top-level microdata items (itemscope without itemprop) in document order. */
export function microdataItems($: CheerioAPI): MicroItem[] {
  return $('[itemscope]:not([itemprop])').toArray().map((el) => readItem($, el));
}

const first = (item: MicroItem, name: string): MicroValue | undefined => item.props.get(name)?.[0];
const text = (item: MicroItem, name: string): string | null => {
  const v = first(item, name)?.value;
  return typeof v === 'string' ? cleanText(v) : null;
};
const child = (item: MicroItem, name: string): MicroItem | null => {
  const v = first(item, name)?.value;
  return v !== undefined && typeof v !== 'string' ? v : null;
};
const all = (item: MicroItem, name: string): MicroValue[] => item.props.get(name) ?? [];

/**
 * A rating value. Star widgets often leave the itemprop element empty and carry the
 * value in a class (`rating-value-5`, `rating-value-4-5`) or a data attribute instead.
 */
function ratingNumber($: CheerioAPI, v: MicroValue | undefined): number | null {
  if (!v || typeof v.value !== 'string') return null;
  const direct = Number(cleanText(v.value) ?? NaN);
  if (Number.isFinite(direct)) return direct;
  const data = Number($(v.el).attr('data-rating') ?? NaN);
  if (Number.isFinite(data)) return data;
  const cls = /rating-value-(\d+)(?:[-.](\d+))?/.exec($(v.el).attr('class') ?? '');
  return cls ? Number(`${cls[1]}.${cls[2] ?? '0'}`) : null;
}

function ratingOf($: CheerioAPI, r: MicroItem | null): SchemaRating | null {
  if (!r) return null;
  const value = ratingNumber($, first(r, 'ratingValue'));
  if (value === null) return null;
  const best = Number(text(r, 'bestRating') ?? 5);
  const count = Number(text(r, 'reviewCount') ?? text(r, 'ratingCount') ?? NaN);
  return { value, best: Number.isFinite(best) && best > 0 ? best : 5, count: Number.isFinite(count) ? count : null };
}

function authorOf(v: MicroValue | undefined): string | null {
  if (!v) return null;
  if (typeof v.value === 'string') return cleanText(v.value);
  // A Person without a name prop: its profile link's text is the name the page shows.
  return text(v.value, 'name') ?? first(v.value, 'url')?.text ?? null;
}

function reviewOf($: CheerioAPI, r: MicroItem): Review | null {
  const body = text(r, 'reviewBody') ?? text(r, 'description');
  if (!body) return null;
  const own = ratingNumber($, first(r, 'ratingValue'));
  const nested = ratingOf($, child(r, 'reviewRating'));
  const rating = nested ? Math.round((nested.value / nested.best) * 5 * 10) / 10 : own;
  return {
    author: authorOf(first(r, 'author')),
    rating,
    title: text(r, 'name') ?? text(r, 'headline'),
    body,
    date: toIsoDate(text(r, 'datePublished')),
  };
}

const REVIEW_TYPES = ['Review', 'UserReview', 'CriticReview'];

/**
 * Every schema.org Review item in the page's microdata, wherever it sits (a Product's `review`
 * property, or a review list outside the Product's scope), in document order. A review without
 * `reviewBody` (or `description`) text is none.
 */
export function microdataReviews($: CheerioAPI): Review[] {
  return $('[itemscope][itemtype]')
    .toArray()
    .map((el) => readItem($, el))
    .filter((item) => REVIEW_TYPES.some((t) => typeIs(item, t)))
    .map((item) => reviewOf($, item))
    .filter((r): r is Review => r !== null);
}

function offerOf(o: MicroItem): SchemaOffer {
  const offered = child(o, 'itemOffered');
  return {
    sku: text(o, 'sku') ?? (offered ? text(offered, 'sku') ?? text(offered, 'productID') : null),
    name: text(o, 'name') ?? (offered ? text(offered, 'name') : null),
    size: offered ? text(offered, 'size') : null,
    price: parseAmount(text(o, 'price')),
    priceCurrency: text(o, 'priceCurrency'),
    availability: parseAvailability(text(o, 'availability')),
    gtin: text(o, 'gtin13') ?? text(o, 'gtin'),
    shipping: null,
  };
}

/** The page's Product (or ProductGroup) in microdata, or null. */
export function readMicrodataProduct($: CheerioAPI): SchemaProduct | null {
  const item = microdataItems($).find((i) => typeIs(i, 'ProductGroup') || typeIs(i, 'Product'));
  if (!item) return null;
  const brandValue = first(item, 'brand')?.value;
  const offers = all(item, 'offers')
    .map((v) => v.value)
    .filter((v): v is MicroItem => typeof v !== 'string');
  return {
    source: 'microdata',
    type: typeIs(item, 'ProductGroup') ? 'ProductGroup' : 'Product',
    name: text(item, 'name'),
    brand: brandValue === undefined ? null : typeof brandValue === 'string' ? cleanText(brandValue) : text(brandValue, 'name'),
    description: text(item, 'description'),
    images: all(item, 'image')
      .map((v) => (typeof v.value === 'string' ? cleanText(v.value) : null))
      .filter((u): u is string => u !== null),
    url: text(item, 'url'),
    sku: text(item, 'sku'),
    mpn: text(item, 'mpn'),
    gtin: text(item, 'gtin13') ?? text(item, 'gtin'),
    productGroupId: text(item, 'productGroupID'),
    offers: offers.filter((o) => typeIs(o, 'Offer')).map(offerOf),
    priceRange: null,
    rating: ratingOf($, child(item, 'aggregateRating')),
    reviews: all(item, 'review')
      .map((v) => (typeof v.value === 'string' ? null : reviewOf($, v.value)))
      .filter((r): r is Review => r !== null),
  };
}
