import { emptyAnalysis, type Category, type Gender, type Listing, type Money, type ProductAnalysis, type Rating, type Review, type StaticProduct, type VendorProductRecord } from '../domain/product.js';
import { buildProductSpecs } from './specs.js';

/**
 * One product from the records matching grouped: its identity (id, brand, model, year, gender,
 * category) as matching decided it, and the union of what its retailers say (description,
 * images, specs, reviews, rating, listings, lowest price). Pure: records in, product out.
 */

/** The identity matching settled on for one product. */
export interface ProductEdition {
  id: string;
  category: Category;
  brand: string;
  model: string;
  year: number | null;
  gender: Gender | null;
}

/** A product from its edition and its retailers' records (in the order given). */
export function buildProduct(edition: ProductEdition, records: readonly VendorProductRecord[], now: Date): StaticProduct {
  const e = edition;
  const reviews = unionReviews(records.flatMap((r) => r.reviews));
  return {
    id: e.id,
    name: `${e.brand} ${e.model}`,
    brand: e.brand,
    model: e.model,
    year: e.year,
    category: e.category,
    gender: e.gender,
    description: longest(records.map((r) => r.description)),
    images: [...new Set(records.flatMap((r) => r.images).filter((u) => u.trim() !== ''))],
    specs: buildProductSpecs(records, e.category),
    rating: weightedRating(records.map((r) => r.rating)),
    reviews,
    listings: records.map((r): Listing => ({ vendor: r.vendor, vendorProductId: r.vendorProductId, url: r.url, title: r.title })),
    lastKnownPrice: lowestPrice(records.map((r) => r.price)),
    // Pros and cons come from review analysis (src/analysis, in the heavy job's merge); none are invented here.
    analysis: analysisStatus(records, reviews),
    updatedAt: now.toISOString(),
  };
}

/**
 * Where the analysis stands before it runs. Reviews read: PENDING. None read although a retailer's
 * rating counts reviews: FAILED, saying so (the texts exist but could not be read, so "no reviews"
 * would be untrue and the analysis must not run on nothing). No review counted anywhere: NO_REVIEWS.
 */
function analysisStatus(
  records: readonly Pick<VendorProductRecord, 'vendor' | 'rating'>[],
  reviews: readonly Review[],
): ProductAnalysis {
  if (reviews.length > 0) return emptyAnalysis('PENDING');
  const counted = new Map<string, number>();
  for (const r of records) if (r.rating && r.rating.count > 0) counted.set(r.vendor, (counted.get(r.vendor) ?? 0) + r.rating.count);
  if (counted.size === 0) return emptyAnalysis('NO_REVIEWS');
  const phrases = [...counted].map(([vendor, n], i) => `${n}${i === 0 ? ` review${n === 1 ? '' : 's'}` : ''} counted by ${vendor}`);
  const list = phrases.length === 1 ? phrases[0] : `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}`;
  const total = [...counted.values()].reduce((sum, n) => sum + n, 0);
  return emptyAnalysis('FAILED', `${list}, but ${total === 1 ? 'its text could not' : 'none of their texts could'} be read`);
}

function longest(texts: readonly (string | null)[]): string | null {
  let best: string | null = null;
  for (const t of texts) if (t && t.trim() !== '' && (best === null || t.trim().length > best.length)) best = t.trim();
  return best;
}

/** Average of the retailers' averages weighted by their review counts; null when no retailer has a counted rating. */
export function weightedRating(ratings: readonly (Rating | null)[]): Rating | null {
  let sum = 0;
  let count = 0;
  for (const r of ratings) {
    if (!r || !(r.count > 0) || !Number.isFinite(r.average)) continue;
    sum += r.average * r.count;
    count += r.count;
  }
  return count === 0 ? null : { average: Math.round((sum / count) * 100) / 100, count };
}

function unionReviews(reviews: readonly Review[]): Review[] {
  const seen = new Set<string>();
  return reviews.filter((r) => {
    const key = [r.author, r.title, r.body].map((s) => (s ?? '').trim().toLowerCase()).join('\u0000');
    const empty = r.body.trim() === '' && !r.title?.trim() && r.rating === null;
    if (empty || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Lowest crawled price; a zero price is a listing glitch (seen in real retailer data), not a price. */
function lowestPrice(prices: readonly (Money | null)[]): Money | null {
  let best: Money | null = null;
  for (const p of prices) if (p && p.amount > 0 && (best === null || p.amount < best.amount)) best = p;
  return best ? { ...best } : null;
}
