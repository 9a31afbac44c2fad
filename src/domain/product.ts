/**
 * Plain domain types shared by every layer. No I/O, no imports with side effects.
 * A retailer's identity (`VendorId`) always comes from configuration, never from a host name.
 */
export type VendorId = string;

export const CATEGORIES = ['SNOWBOARD', 'SKI', 'BINDING', 'BOOT', 'HELMET', 'GOGGLE', 'JACKET'] as const;
export type Category = (typeof CATEGORIES)[number];

export const GENDERS = ['MENS', 'WOMENS', 'UNISEX', 'KIDS'] as const;
export type Gender = (typeof GENDERS)[number];

export const SKILL_LEVELS = ['BEGINNER', 'INTERMEDIATE', 'ADVANCED', 'EXPERT'] as const;
export type SkillLevel = (typeof SKILL_LEVELS)[number];

export interface Money {
  amount: number;
  currencyCode: string;
}

export interface Review {
  author: string | null;
  /** 1..5 when the retailer shows a star rating for the review. */
  rating: number | null;
  title: string | null;
  body: string;
  /** ISO date when the retailer shows one. */
  date: string | null;
}

export interface Rating {
  average: number;
  count: number;
}

export interface SpecEntry {
  name: string;
  value: string;
}

/**
 * What one heavy agent read from one retailer's product page (plus its listing card).
 * Values the page does not state stay null or empty: never filled with defaults.
 */
export interface VendorProductRecord {
  vendor: VendorId;
  /** The retailer's own id for the product (evo: URL slug, backcountry: product id). */
  vendorProductId: string;
  url: string;
  /** The title exactly as the retailer shows it. */
  title: string;
  brand: string | null;
  category: Category | null;
  gender: Gender | null;
  year: number | null;
  description: string | null;
  images: string[];
  /** Spec table rows as the retailer labels them. */
  specs: SpecEntry[];
  /** Feature bullets / feature name-value pairs. */
  features: SpecEntry[];
  sizes: string[];
  rating: Rating | null;
  reviews: Review[];
  /** Price seen by the crawl (lowest sale price); live data already paid for. */
  price: Money | null;
  listPrice: Money | null;
  gtin: string | null;
  mpn: string | null;
  fetchedAt: string;
}

/** One retailer's listing of a product: enough for a light agent to fetch live data. */
export interface Listing {
  vendor: VendorId;
  vendorProductId: string;
  url: string;
  title: string;
}

/** Common specs, typed; everything else stays in `raw`. */
export interface ProductSpecs {
  flex: string | null;
  profile: string | null;
  shape: string | null;
  terrain: string[];
  skillLevels: SkillLevel[];
  sizes: string[];
  lengthsCm: number[];
  waistWidthMm: number | null;
  raw: SpecEntry[];
}

export const ANALYSIS_STATUSES = ['PENDING', 'READY', 'NO_REVIEWS', 'FAILED'] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];

/** One sentence of one review, verbatim. */
export interface AnalysisQuote {
  text: string;
  /** reviewIdOf(review) of the review the sentence is in. */
  reviewId: string;
}

/** A pro or a con: a short phrase, how many reviews say it, and the sentences it rests on (never none). */
export interface AnalysisPoint {
  text: string;
  support: number;
  quotes: AnalysisQuote[];
}

/** One aspect of the category (edge hold, comfort, value…): 1 (poor) to 5 (excellent), and how many reviews speak to it. */
export interface AspectScore {
  name: string;
  score: number;
  support: number;
}

/** Who and where the reviews say the product suits. */
export interface BestFor {
  skillLevels: SkillLevel[];
  terrain: string[];
}

export interface ProductAnalysis {
  status: AnalysisStatus;
  /** Why the status is what it is when that is not plain (FAILED: what failed); null otherwise. */
  message: string | null;
  /** One or two sentences; null until an analysis exists. */
  summary: string | null;
  pros: AnalysisPoint[];
  cons: AnalysisPoint[];
  aspects: AspectScore[];
  bestFor: BestFor;
  /** Which analyzer and model wrote it ("offline:wink-eng-lite-web-model", "openai:gpt-4o-mini"); null until then. */
  model: string | null;
  analyzedAt: string | null;
  /** Hash of the reviews (and category) the analysis read: the same hash and model, no new analysis. */
  reviewsHash: string | null;
}

/** An analysis that has not run (PENDING, NO_REVIEWS, FAILED before it ran): every list empty, nothing invented. */
export function emptyAnalysis(status: AnalysisStatus, message: string | null = null): ProductAnalysis {
  return { status, message, summary: null, pros: [], cons: [], aspects: [], bestFor: { skillLevels: [], terrain: [] }, model: null, analyzedAt: null, reviewsHash: null };
}

/** A product as the static tier holds it: one record for all retailers that list it. */
export interface StaticProduct {
  /** Stable Hexar id: slug of category, brand, model, year and gender. */
  id: string;
  name: string;
  brand: string;
  model: string;
  year: number | null;
  category: Category;
  gender: Gender | null;
  description: string | null;
  images: string[];
  specs: ProductSpecs;
  rating: Rating | null;
  reviews: Review[];
  listings: Listing[];
  /** Lowest price any retailer showed during the crawl; used for price filters only. */
  lastKnownPrice: Money | null;
  analysis: ProductAnalysis;
  updatedAt: string;
}
