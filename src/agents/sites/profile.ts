import type { RetailerKind } from '../../config.js';
import type { Category } from '../../domain/product.js';
import type { CardSpec } from '../extract/cards.js';

/**
 * A retailer kind as data (streetmerchant-style): where its listings live, where each value
 * sits in its pages. The generic readers in `../pages/` and `../extract/` read these; a new
 * retailer kind is one new file like `evo.ts`. Identity (the vendor id) is not here: it
 * comes from RetailerConfig.id.
 */

/** Where rows of name/value pairs sit (spec lists, feature blocks). */
export interface RowSpec {
  row: string;
  name: string;
  value: string;
}

/** A path into parsed JSON, e.g. ['props', 'pageProps', 'product']. */
export type JsonPath = readonly string[];

interface ProfileBase {
  kind: RetailerKind;
  /** Listing path per category (docs/storefronts.md); a category absent here is never requested. */
  listingPaths: Partial<Record<Category, string>>;
  /** Listing page N (from 1) of a listing path. */
  listingPage(listingPath: string, page: number): string;
  /** The currency the storefront prices in, where its API omits it. */
  currency: string;
  /**
   * How titles are written, for the title reader: where the year sits, and whether a title begins
   * with its brand (`start`, so a card without a brand still names it) or leaves it apart (`apart`).
   */
  titleStyle: { yearAt: 'end' | 'anywhere'; brandAt: 'start' | 'apart' };
  /**
   * Whether a product URL's slug ends in its gender (`…-2026-mens`), which a card whose title names
   * none still states by its link.
   */
  slugEndsInGender: boolean;
  /** The storefront's own search page for some words (page 1 only: the search-miss call). */
  searchPage(words: string): string;
}

export interface EvoProfile extends ProfileBase {
  kind: 'evo';
  listing: { cards: CardSpec; nextPage: string };
  /** First path segment of a product URL → category (`/snowboards/<slug>`); `/outlet/…` says none. */
  productPathCategories: Record<string, Category>;
  product: {
    title: string;
    /** The printed regular (list) price; the sale price is read from the offers, not the page text. */
    listPrice: string;
    shippingMessage: string;
    specs: RowSpec;
    features: RowSpec;
    sizes: { item: string; text: string; unavailableClass: string };
    /**
     * The review snippet by the title (rating and count). The review texts are read wherever the
     * page carries them (extract/reviews.ts), not from selectors of this site's.
     */
    reviews: { snippet: string; average: string; count: string };
  };
}

export interface BackcountryProfile extends ProfileBase {
  kind: 'backcountry';
  nextData: string;
  listing: {
    apolloState: JsonPath;
    totalPages: JsonPath;
    productKeyPrefix: string;
    /** Inside a product entry: its image URL and its review average and count (what a card shows). */
    image: JsonPath;
    reviews: { average: JsonPath; count: JsonPath };
  };
  product: {
    data: JsonPath;
    /** Inside the product data: its review list (read under the usual keys), average and count. */
    reviews: { list: JsonPath; average: JsonPath; count: JsonPath };
  };
  /** Backcountry's category words (e.g. "snowboards") → Category, besides the Category names themselves. */
  categoryWords: Record<string, Category>;
  api: { products(ids: readonly string[]): string; maxIdsPerCall: number };
}

export type SiteProfile = EvoProfile | BackcountryProfile;
