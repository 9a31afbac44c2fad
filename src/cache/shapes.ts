import { z } from 'zod';
import { ANALYSIS_STATUSES, CATEGORIES, GENDERS, SKILL_LEVELS, type ProductAnalysis, type StaticProduct, type VendorProductRecord } from '../domain/product.js';
import { AVAILABILITIES, VENDOR_ERROR_KINDS, type LiveOffer, type NegativeEntry } from '../domain/live.js';
import { SEARCH_SORTS, TERRAINS, type ProvisionalAnswer, type RankedSearch } from '../domain/search.js';
import type { UserPreferences } from '../domain/user.js';

/**
 * The shape of every value a cache tier holds, as zod schemas, with the version its keys carry.
 *
 * A value read from a tier is parsed with its schema: one of another shape (a previous deploy's,
 * a hand-edited key, a truncated write) is a miss, counted as corrupt, never a GraphQL non-null
 * error or a thrown batch. Bump a tier's version whenever its schema changes, so a deploy never
 * even reads the previous deploy's records as its own (they expire on their own TTL).
 *
 * Each schema is annotated with its domain type, so the compiler fails when the two drift apart.
 */
export const SHAPE_VERSIONS = {
  /** 2: zod-checked records; analysis carries a message. 3: the review analysis (pros/cons with quotes, aspects, bestFor, model, reviews hash). */
  static: 3,
  /** 2: zod-checked offers and negative entries; size stock may be unknown (null). */
  live: 2,
  /** 2: zod-checked ranked ids with the interpretation. 3: the ranked window, every match's count, per-id score and reasons, the sort and ranking words; provisional answers hold static records of shape 3. */
  query: 3,
  /** 2: a shopper's preferences and recent views (1 was reserved, never written). */
  user: 2,
} as const;

const money = z.object({ amount: z.number(), currencyCode: z.string().min(1) });
const text = z.string();
const optionalText = z.string().nullable();
const isoTime = z.iso.datetime({ offset: true });

const review = z.object({
  author: optionalText,
  rating: z.number().nullable(),
  title: optionalText,
  body: z.string().min(1),
  date: optionalText,
});

const specEntry = z.object({ name: text, value: text });

const analysisPoint = z.object({
  text: z.string().min(1),
  support: z.number().int().min(1),
  quotes: z.array(z.object({ text: z.string().min(1), reviewId: z.string().min(1) })).min(1),
});

const analysisShape: z.ZodType<ProductAnalysis> = z.object({
  status: z.enum(ANALYSIS_STATUSES),
  message: optionalText,
  summary: optionalText,
  pros: z.array(analysisPoint),
  cons: z.array(analysisPoint),
  aspects: z.array(z.object({ name: z.string().min(1), score: z.number().min(1).max(5), support: z.number().int().min(0) })),
  bestFor: z.object({ skillLevels: z.array(z.enum(SKILL_LEVELS)), terrain: z.array(text) }),
  model: optionalText,
  analyzedAt: isoTime.nullable(),
  reviewsHash: optionalText,
});

const listing = z.object({ vendor: z.string().min(1), vendorProductId: z.string().min(1), url: text, title: text });

export const StaticProductShape: z.ZodType<StaticProduct> = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  brand: z.string().min(1),
  model: text,
  year: z.number().int().nullable(),
  category: z.enum(CATEGORIES),
  gender: z.enum(GENDERS).nullable(),
  description: optionalText,
  images: z.array(text),
  specs: z.object({
    flex: optionalText,
    profile: optionalText,
    shape: optionalText,
    terrain: z.array(text),
    skillLevels: z.array(z.enum(SKILL_LEVELS)),
    sizes: z.array(text),
    lengthsCm: z.array(z.number()),
    waistWidthMm: z.number().nullable(),
    raw: z.array(specEntry),
  }),
  rating: z.object({ average: z.number(), count: z.number().int().min(0) }).nullable(),
  reviews: z.array(review),
  listings: z.array(listing).min(1),
  lastKnownPrice: money.nullable(),
  analysis: analysisShape,
  updatedAt: isoTime,
});

/** What one retailer's last crawl read (the heavy track merges every retailer's into products). */
export const CrawlSnapshotShape: z.ZodType<VendorProductRecord[]> = z.array(
  z.object({
    vendor: z.string().min(1),
    vendorProductId: z.string().min(1),
    url: text,
    title: text,
    brand: optionalText,
    category: z.enum(CATEGORIES).nullable(),
    gender: z.enum(GENDERS).nullable(),
    year: z.number().int().nullable(),
    description: optionalText,
    images: z.array(text),
    specs: z.array(specEntry),
    features: z.array(specEntry),
    sizes: z.array(text),
    rating: z.object({ average: z.number(), count: z.number().int().min(0) }).nullable(),
    reviews: z.array(review),
    price: money.nullable(),
    listPrice: money.nullable(),
    gtin: optionalText,
    mpn: optionalText,
    fetchedAt: isoTime,
  }),
);

export const LiveOfferShape: z.ZodType<LiveOffer> = z.object({
  vendor: z.string().min(1),
  vendorProductId: z.string().min(1),
  url: text,
  price: money.nullable(),
  listPrice: money.nullable(),
  discountPercent: z.number().nullable(),
  availability: z.enum(AVAILABILITIES),
  sizes: z.array(z.object({ size: text, inStock: z.boolean().nullable(), quantity: z.number().int().nullable() })),
  shipping: z
    .object({
      cost: money.nullable(),
      freeShippingThreshold: money.nullable(),
      estimatedDaysMin: z.number().nullable(),
      estimatedDaysMax: z.number().nullable(),
    })
    .nullable(),
  fetchedAt: isoTime,
});

export const NegativeEntryShape: z.ZodType<NegativeEntry> = z.object({
  kind: z.enum(VENDOR_ERROR_KINDS),
  message: text,
  failedAt: isoTime,
});

export const RankedSearchShape: z.ZodType<RankedSearch> = z.object({
  ids: z.array(z.string().min(1)),
  interpretation: z.object({
    text,
    category: z.enum(CATEGORIES).nullable(),
    brand: optionalText,
    skillLevel: z.enum(SKILL_LEVELS).nullable(),
    terrain: optionalText,
    gender: z.enum(GENDERS).nullable(),
    size: optionalText,
    minPrice: z.number().nullable(),
    maxPrice: z.number().nullable(),
    sort: z.enum(SEARCH_SORTS).optional(),
    rankingWords: z.array(text).optional(),
  }),
  total: z.number().int().min(0).optional(),
  explanations: z.array(z.object({ score: z.number(), reasons: z.array(text) })).optional(),
});

export const ProvisionalAnswerShape: z.ZodType<ProvisionalAnswer> = z.object({ products: z.array(StaticProductShape) });

/** What the user tier holds per shopper: their preferences and when they last changed (recent views sit under a key of their own). */
export interface StoredUser {
  preferences: UserPreferences;
  /** When the preferences were last changed (null: never): query and response entries are keyed by it. */
  preferencesUpdatedAt: string | null;
}

const preferences: z.ZodType<UserPreferences> = z.object({
  skillLevel: z.enum(SKILL_LEVELS).nullable(),
  terrain: z.array(z.enum(TERRAINS)),
  budget: z.object({ min: z.number().nullable(), max: z.number().nullable() }).nullable(),
  brands: z.array(z.string().min(1)),
  sizes: z.array(z.string().min(1)),
});

export const StoredUserShape: z.ZodType<StoredUser> = z.object({
  preferences,
  preferencesUpdatedAt: isoTime.nullable(),
});

/** A shopper's recently viewed product ids, most recent first (a key of its own, so recording a view never races a preference change). */
export const RecentlyViewedShape: z.ZodType<string[]> = z.array(z.string().min(1));
