import { tierKeys } from '../cache/tiers.js';
import { stockOf, type LiveOffer } from '../domain/live.js';
import type { Category, SkillLevel, VendorId } from '../domain/product.js';
import type { SearchIntent, SearchSort, Terrain } from '../domain/search.js';
import type { UserContext } from '../domain/user.js';
import { lengthCmFromSize } from './specs.js';
import { terrainsSatisfying } from './vocabulary.js';

/**
 * Ranking: one score per product from what the static track and the live tier already hold (it
 * never calls a retailer), and the short reasons a shopper reads beside it. A pure core: the index
 * hands it each candidate's features, the caller the live tier's offers when it has read them.
 *
 * score = text relevance (0–3) + intent match (skill, terrain: 0–0.6) + rating confidence (a
 * Bayesian average: −1…+1) + price within its category (0–0.2) + availability and best total
 * price from the live tier (−1…+0.3) + the viewer's context (brands, skill, terrain, budget,
 * sizes in stock: −0.9…+2.6). The sorts order by one figure first and by this score among equals.
 */

/** What ranking reads of one indexed product (kept by the index, never the full record). */
export interface RankFeatures {
  id: string;
  brand: string;
  category: Category;
  skillLevels: readonly SkillLevel[];
  terrain: readonly string[];
  /** Size labels as compared (sizeKey), each once. */
  sizeKeys: readonly string[];
  lengthsCm: readonly number[];
  /** lastKnownPrice (the static track's): sorts and price filters read it, never live data. */
  price: number | null;
  rating: { average: number; count: number } | null;
  listings: readonly { vendor: VendorId; vendorProductId: string }[];
  /** 0 the cheapest … 1 the dearest of its category by lastKnownPrice; null without a price. */
  pricePercentile: number | null;
}

/** What the live tier holds for one product, summed over its listings. */
export interface LiveSignal {
  /** true: some retailer has it in stock; false: every offer says out of stock or backorder; null: unknown. */
  inStock: boolean | null;
  /** The cheapest offer not known out of stock, price plus the shipping it states. */
  bestTotal: { amount: number; vendor: VendorId; shipping: number | null } | null;
  /** The largest discount an offer states. */
  discount: { percent: number; vendor: VendorId } | null;
  /** Size key → retailers stating that size in stock. */
  sizesInStock: ReadonlyMap<string, VendorId[]>;
  /** Size keys every offer stating them says are out of stock. */
  sizesOut: ReadonlySet<string>;
}

export interface RankContext {
  intent: SearchIntent;
  sort: SearchSort;
  user: UserContext | null;
  /** By product id; absent: ranked on the static track alone. */
  live?: ReadonlyMap<string, LiveSignal>;
}

/** Text relevance of one product for the query's free words: 0–1 (the best hit is 1) and the query words it matched. */
export interface TextMatch {
  score: number;
  terms: readonly string[];
}

/** The neutral midpoint of the 1–5 scale and the weight of that prior, in reviews. */
const PRIOR_RATING = 3;
const PRIOR_WEIGHT = 5;

const W = {
  text: 3,
  skillOnly: 0.3,
  skillFits: 0.15,
  terrainFirst: 0.3,
  terrainFits: 0.15,
  rating: 1,
  cheapInCategory: 0.2,
  inStock: 0.3,
  outOfStock: -1,
  brand: 0.8,
  userSkill: 0.4,
  userSkillMiss: -0.2,
  userTerrain: 0.3,
  inBudget: 0.3,
  overBudget: -0.6,
  userSize: 0.3,
  userSizeInStock: 0.5,
  userSizeOut: -0.3,
} as const;

/**
 * Count-aware rating (a Bayesian average): a 4.6 from 200 reviews outranks a 4.8 from 2. An
 * unrated product scores the neutral midpoint: below well-rated ones, above poorly rated ones.
 */
export function bayesianRating(rating: RankFeatures['rating']): number {
  if (!rating || rating.count <= 0) return PRIOR_RATING;
  return (rating.average * rating.count + PRIOR_RATING * PRIOR_WEIGHT) / (rating.count + PRIOR_WEIGHT);
}

/** The part of the score that depends on the product alone: the index keeps products in this order. */
export function staticScore(f: RankFeatures): number {
  const rating = ((bayesianRating(f.rating) - PRIOR_RATING) / 2) * W.rating;
  const cheap = f.pricePercentile === null ? 0 : (1 - f.pricePercentile) * W.cheapInCategory;
  return rating + cheap;
}

/** What a text relevance (0–1) adds to the score. */
export function textBonus(textScore: number): number {
  return textScore * W.text;
}

/**
 * The most a product without a text match can gain over its static score in this context (intent
 * match and the viewer's preferences; live signals are applied to the ranked window only): the
 * index stops walking its static order once no product further down can reach the page.
 */
export function maxDynamicBonus(ctx: RankContext): number {
  let bonus = maxContextBonus(ctx);
  if (ctx.intent.skillLevel) bonus += W.skillOnly;
  if (ctx.intent.terrain) bonus += W.terrainFirst;
  return bonus;
}

/**
 * The most the viewer's preferences and the live tier can add to any product's score: with
 * staticScore and intentBonus (exact for one product), a bound of what that product can score.
 */
export function maxContextBonus(ctx: RankContext): number {
  let bonus = 0;
  const prefs = ctx.user?.preferences;
  if (prefs) {
    if (prefs.brands.length > 0) bonus += W.brand;
    if (prefs.skillLevel) bonus += W.userSkill;
    if (prefs.terrain.length > 0) bonus += W.userTerrain;
    if (prefs.budget) bonus += W.inBudget;
    if (prefs.sizes.length > 0) bonus += W.userSize + W.userSizeInStock;
  }
  if (ctx.live) bonus += W.inStock;
  return bonus;
}

const money = (amount: number) => `$${amount.toFixed(2)}`;

/**
 * The product's score in this context; with `reasons`, the short human reasons for it are pushed
 * there too ("matches skill level BEGINNER", "rated 4.6 from 31 reviews", "your preferred brand Burton").
 */
export function scoreProduct(f: RankFeatures, ctx: RankContext, text: TextMatch | null, reasons?: string[]): number {
  let score = staticScore(f);
  const { intent } = ctx;
  if (text && text.score > 0) {
    score += textBonus(text.score);
    reasons?.push(`matches "${text.terms.join(' ')}"`);
  }
  score += intentBonus(f, intent, reasons);
  if (reasons) {
    if (f.rating && f.rating.count > 0) reasons.push(`rated ${f.rating.average.toFixed(1)} from ${f.rating.count} review${f.rating.count === 1 ? '' : 's'}`);
    else reasons.push('no reviews yet');
    if (f.pricePercentile !== null && f.pricePercentile <= 0.25 && f.price !== null) {
      reasons.push(`among the cheapest ${f.category.toLowerCase()}s at ${money(f.price)}`);
    }
  }
  const live = ctx.live?.get(f.id);
  if (live) score += liveScore(live, reasons);
  const prefs = ctx.user?.preferences;
  if (prefs) score += userScore(f, prefs, live, reasons);
  return score;
}

/** What fitting the intent's skill level and terrain adds to a product's score (and, asked, why). */
export function intentBonus(f: RankFeatures, intent: SearchIntent, reasons?: string[]): number {
  let score = 0;
  if (intent.skillLevel && f.skillLevels.includes(intent.skillLevel)) {
    score += f.skillLevels.length === 1 ? W.skillOnly : W.skillFits;
    reasons?.push(f.skillLevels.length === 1 ? `made for skill level ${intent.skillLevel}` : `matches skill level ${intent.skillLevel}`);
  }
  if (intent.terrain) {
    const wanted: readonly string[] = terrainsSatisfying(intent.terrain as Terrain);
    if (f.terrain.length > 0 && wanted.includes(f.terrain[0]!)) {
      score += W.terrainFirst;
      reasons?.push(`made for ${intent.terrain}`);
    } else if (f.terrain.some((t) => wanted.includes(t))) {
      score += W.terrainFits;
      reasons?.push(`suits ${intent.terrain}`);
    }
  }
  return score;
}

function liveScore(live: LiveSignal, reasons: string[] | undefined): number {
  let score = 0;
  if (live.inStock === true) {
    score += W.inStock;
    if (live.bestTotal) reasons?.push(`in stock at ${live.bestTotal.vendor}`);
    else reasons?.push('in stock');
  } else if (live.inStock === false) {
    score += W.outOfStock;
    reasons?.push('out of stock at every retailer');
  }
  if (reasons && live.bestTotal) {
    const { amount, vendor, shipping } = live.bestTotal;
    reasons.push(
      shipping === null
        ? `best price ${money(amount)} at ${vendor} (shipping not stated)`
        : `best total ${money(amount)} at ${vendor} with ${shipping === 0 ? 'free shipping' : `${money(shipping)} shipping`}`,
    );
  }
  if (reasons && live.discount && live.discount.percent > 0) reasons.push(`${Math.round(live.discount.percent)}% off at ${live.discount.vendor}`);
  return score;
}

function userScore(f: RankFeatures, prefs: UserContext['preferences'], live: LiveSignal | undefined, reasons: string[] | undefined): number {
  let score = 0;
  const brandAt = prefs.brands.findIndex((b) => b.toLowerCase() === f.brand.toLowerCase());
  if (brandAt >= 0) {
    // The first preferred brand counts most; later ones less, never below half.
    score += W.brand * Math.max(0.5, 1 - brandAt * 0.15);
    reasons?.push(`your preferred brand ${f.brand}`);
  }
  if (prefs.skillLevel && f.skillLevels.length > 0) {
    if (f.skillLevels.includes(prefs.skillLevel)) {
      score += W.userSkill;
      reasons?.push(`fits your level ${prefs.skillLevel}`);
    } else {
      score += W.userSkillMiss;
      reasons?.push(`not made for your level ${prefs.skillLevel}`);
    }
  }
  if (prefs.terrain.length > 0) {
    const liked = prefs.terrain.find((t) => terrainsSatisfying(t).some((s) => f.terrain.includes(s)));
    if (liked) {
      score += W.userTerrain;
      reasons?.push(`suits your terrain ${liked}`);
    }
  }
  if (prefs.budget && f.price !== null) {
    const { min, max } = prefs.budget;
    if (max !== null && f.price > max) {
      score += W.overBudget;
      reasons?.push(`over your budget of ${money(max)}`);
    } else if (min === null || f.price >= min) {
      score += W.inBudget;
      reasons?.push(max === null ? 'within your budget' : `within your budget of ${money(max)}`);
    }
  }
  const size = prefs.sizes.find((s) => fitsSize(f, s));
  if (size) {
    const key = sizeKey(size);
    const inStockAt = live?.sizesInStock.get(key);
    if (inStockAt && inStockAt.length > 0) {
      score += W.userSize + W.userSizeInStock;
      reasons?.push(`your size ${size} in stock at ${inStockAt.join(', ')}`);
    } else if (live?.sizesOut.has(key)) {
      score += W.userSizeOut;
      reasons?.push(`your size ${size} out of stock`);
    } else {
      score += W.userSize;
      reasons?.push(`comes in your size ${size}`);
    }
  }
  return score;
}

/**
 * The figure a sort orders by first (lower first; +Infinity when the product does not have it,
 * so those come last), or 0 for RELEVANCE. TOTAL_PRICE_ASC reads the best total from the live
 * tier where it is known, else lastKnownPrice (a product the live tier holds as out of stock
 * everywhere after those that may be bought); RATING the displayed average, then the review count.
 */
export function sortKey(f: RankFeatures, sort: SearchSort, live?: LiveSignal): number {
  switch (sort) {
    case 'RELEVANCE':
      return 0;
    case 'TOTAL_PRICE_ASC':
      // Out of stock at every retailer: nothing to buy now, so after every product that may be bought.
      if (live?.inStock === false) return OUT_OF_STOCK_OFFSET + (f.price ?? 0);
      return live?.bestTotal?.amount ?? f.price ?? Number.POSITIVE_INFINITY;
    case 'RATING':
      if (!f.rating || f.rating.count <= 0) return Number.POSITIVE_INFINITY;
      // The average as shown (two decimals), then more reviews first.
      return -(Math.round(f.rating.average * 100) * 1e7 + Math.min(f.rating.count, 1e7 - 1));
    case 'DISCOUNT':
      return live?.discount && live.discount.percent > 0 ? -live.discount.percent : Number.POSITIVE_INFINITY;
  }
}

const OUT_OF_STOCK_OFFSET = 1e9;

/** A size as compared: "US 10.0" and "10" are one size, "157 W" and "157W" too. */
export function sizeKey(size: string): string {
  return size
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/^(?:us|size)/, '')
    .replace(/cm$/, '')
    .replace(/(\d)\.0(?!\d)/, '$1');
}

/** Length tolerance for a size given in cm: retailers round lengths differently (180 vs 181.5). */
export const LENGTH_TOLERANCE_CM = 3;

/** The length in cm a wanted size names, when it is a plain length ("180", "180cm"); "157W" asks for that exact size. */
export function wantedLengthCm(size: string): number | null {
  return /^\s*\d+(?:\.\d)?\s*(?:cm)?\s*$/i.test(size) ? lengthCmFromSize(size) : null;
}

/** The product comes in this size: the same size label, or a length within the tolerance. */
export function fitsSize(f: Pick<RankFeatures, 'sizeKeys' | 'lengthsCm'>, size: string): boolean {
  if (f.sizeKeys.includes(sizeKey(size))) return true;
  const length = wantedLengthCm(size);
  return length !== null && f.lengthsCm.some((cm) => Math.abs(cm - length) <= LENGTH_TOLERANCE_CM);
}

/**
 * What the live tier holds for these products: one read of every listing's offer (one MGET).
 * A plain tier read: nothing is fetched from a retailer, and an offer the tier no longer holds is
 * simply not known. A tier that cannot be read gives no signals (ranking falls back to the static track).
 */
export async function readLiveSignals(
  live: { getMany(keys: readonly string[]): Promise<(LiveOffer | null)[]> },
  products: readonly Pick<RankFeatures, 'id' | 'listings'>[],
): Promise<Map<string, LiveSignal>> {
  const keys = products.flatMap((p) => p.listings.map((l) => tierKeys.live(l.vendor, l.vendorProductId)));
  const offers = keys.length === 0 ? [] : await live.getMany(keys);
  const signals = new Map<string, LiveSignal>();
  let at = 0;
  for (const p of products) {
    const held = offers.slice(at, at + p.listings.length).filter((o): o is LiveOffer => o !== null);
    at += p.listings.length;
    if (held.length > 0) signals.set(p.id, summedUp(held));
  }
  return signals;
}

/**
 * Each product's offers summed up once while they stay the same: the live tier keeps its values
 * decoded (the same frozen objects until an offer changes), so a window ranked again and again
 * sums up only what changed. Keyed by the first offer, checked against all of them.
 */
const signalsOf = new WeakMap<LiveOffer, { offers: readonly LiveOffer[]; signal: LiveSignal }>();
function summedUp(offers: readonly LiveOffer[]): LiveSignal {
  const known = signalsOf.get(offers[0]!);
  if (known && known.offers.length === offers.length && known.offers.every((o, i) => o === offers[i])) return known.signal;
  const signal = liveSignalOf(offers);
  if (Object.isFrozen(offers[0])) signalsOf.set(offers[0]!, { offers, signal });
  return signal;
}

/** One product's offers summed up (pure: the tests feed it offers as the light agents store them). */
export function liveSignalOf(offers: readonly LiveOffer[]): LiveSignal {
  const stocks = offers.map((o) => stockOf(o.availability));
  const inStock = stocks.includes(true) ? true : stocks.length > 0 && stocks.every((s) => s === false) ? false : null;
  let bestTotal: LiveSignal['bestTotal'] = null;
  let discount: LiveSignal['discount'] = null;
  const sizesInStock = new Map<string, VendorId[]>();
  const sizeSaid = new Map<string, boolean>();
  for (const o of offers) {
    const stock = stockOf(o.availability);
    if (o.price && stock !== false) {
      // Shipping a retailer does not state is not taken as free: the price alone, said so in the reason.
      const shipping = o.shipping?.cost?.amount ?? null;
      const amount = Math.round((o.price.amount + (shipping ?? 0)) * 100) / 100;
      if (!bestTotal || amount < bestTotal.amount) bestTotal = { amount, vendor: o.vendor, shipping };
    }
    if (o.discountPercent !== null && (!discount || o.discountPercent > discount.percent)) discount = { percent: o.discountPercent, vendor: o.vendor };
    for (const s of o.sizes) {
      const key = sizeKey(s.size);
      if (s.inStock === true) {
        sizesInStock.set(key, [...(sizesInStock.get(key) ?? []), o.vendor]);
        sizeSaid.set(key, true);
      } else if (s.inStock === false && !sizeSaid.get(key)) sizeSaid.set(key, false);
    }
  }
  const sizesOut = new Set([...sizeSaid].filter(([, inStock]) => !inStock).map(([key]) => key));
  return { inStock, bestTotal, discount, sizesInStock, sizesOut };
}
