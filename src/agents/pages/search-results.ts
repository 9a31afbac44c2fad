import { knownBrandAtStart } from '../../domain/brands.js';
import type { Gender, VendorId, VendorProductRecord } from '../../domain/product.js';
import { genderOf, parseGender, parseYear } from '../../domain/titles.js';
import { lastPathSegment } from '../extract/cards.js';
import { listPriceFor, money } from '../extract/index.js';
import type { BackcountryProfile, EvoProfile, SiteProfile } from '../sites/profile.js';
import { readBackcountryListing } from './backcountry.js';
import { evoCategoryFromUrl, readEvoListing } from './evo.js';

/**
 * Readers of the retailers' own search pages (pure: HTML in, records out). A search page holds the
 * same cards as a listing, so the listing readers read it; each card becomes a basic record that
 * carries only what the card says. They throw MalformedBodyError for a page that is not the retailer's.
 */

/** What one search card states: the record's identity fields, plus its image and printed prices. */
type CardFacts = Pick<VendorProductRecord, 'vendor' | 'vendorProductId' | 'url' | 'title' | 'brand' | 'category' | 'rating'> & {
  image: string | null;
  price: number | null;
  listPrice: number | null;
};

/** The gender a card states: its title's, else (where the site's slugs end in it) its link's last word. */
function cardGender(card: CardFacts, profile: SiteProfile): Gender | null {
  const lastWord = profile.slugEndsInGender ? (lastPathSegment(card.url)?.split('-').pop() ?? null) : null;
  return genderOf(card.title) ?? parseGender(lastWord);
}

/**
 * A card → VendorProductRecord. The brand is the card's, else (where the site's titles begin with
 * their brand) the known brand the title starts with, as the title writes it; gender as the title
 * (or link) states it, year as the title does. Everything a card does not show (description, specs, features, sizes,
 * reviews, GTIN, MPN) stays null or empty: the crawl of the product page says it later.
 */
function cardRecord(card: CardFacts, profile: SiteProfile, fetchedAt: string): VendorProductRecord {
  const titleBrand = profile.titleStyle.brandAt === 'start' ? (knownBrandAtStart(card.title, { commonWords: true })?.written ?? null) : null;
  return {
    vendor: card.vendor,
    vendorProductId: card.vendorProductId,
    url: card.url,
    title: card.title,
    brand: card.brand ?? titleBrand,
    category: card.category,
    gender: cardGender(card, profile),
    year: parseYear(card.title, profile.titleStyle.yearAt),
    description: null,
    images: card.image ? [card.image] : [],
    specs: [],
    features: [],
    sizes: [],
    rating: card.rating,
    reviews: [],
    price: money(card.price, profile.currency),
    listPrice: money(card.listPrice, profile.currency),
    gtin: null,
    mpn: null,
    fetchedAt,
  };
}

/** `href` resolved against the page it was read on. */
const resolve = (href: string, pageUrl: string): string => new URL(href, pageUrl).toString();

/**
 * evo's search page (`/shop?text=…`) → one basic record per card, in page order: title, brand (by the
 * title), category (by the product URL's folder; `/outlet/…` names none), the card's thumbnail and
 * its printed prices (list price only when printed and not below the price). evo's cards show no rating.
 */
export function readEvoSearch(html: string, pageUrl: string, vendor: VendorId, profile: EvoProfile): VendorProductRecord[] {
  const fetchedAt = new Date().toISOString();
  return readEvoListing(html, profile).cards.flatMap((card) => {
    if (!card.title || !card.href) return [];
    const url = resolve(card.href, pageUrl);
    const price = card.price?.current ?? null;
    const facts: CardFacts = {
      vendor,
      // The id the crawl records for this page (the URL slug), so the full record replaces this one.
      vendorProductId: lastPathSegment(card.href) ?? card.id ?? card.href,
      url,
      title: card.title,
      brand: card.brand,
      category: evoCategoryFromUrl(url, profile),
      image: card.image ? resolve(card.image, pageUrl) : null,
      rating: null,
      price,
      listPrice: listPriceFor(price, card.price?.list ?? null),
    };
    return [cardRecord(facts, profile, fetchedAt)];
  });
}

/**
 * backcountry's search page (`/search?q=…`, a listing's Apollo state) → one basic record per product
 * entry, in page order: name, brand, category word, image, review average and count where it counts
 * reviews, and its lowest sale and list prices (list only when not below the sale price).
 */
export function readBackcountrySearch(html: string, pageUrl: string, vendor: VendorId, profile: BackcountryProfile): VendorProductRecord[] {
  const fetchedAt = new Date().toISOString();
  return readBackcountryListing(html, profile).items.map((item) => {
    const facts: CardFacts = {
      vendor,
      vendorProductId: item.id,
      url: resolve(item.url, pageUrl),
      title: item.name,
      brand: item.brand,
      category: item.category,
      image: item.image ? resolve(item.image, pageUrl) : null,
      rating: item.rating,
      price: item.minSalePrice,
      listPrice: listPriceFor(item.minSalePrice, item.minListPrice),
    };
    return cardRecord(facts, profile, fetchedAt);
  });
}
