import type { Category, Gender, StaticProduct } from '../domain/product.js';
import { hasStructuredPart, type RankingExplanation, type SearchIntent, type SearchSort, type Terrain } from '../domain/search.js';
import type { UserContext } from '../domain/user.js';
import { Bitset, QueryBits } from './bitset.js';
import { nameKey, normalizeBrand } from './brands.js';
import {
  intentBonus,
  LENGTH_TOLERANCE_CM,
  maxContextBonus,
  maxDynamicBonus,
  scoreProduct,
  sizeKey,
  sortKey,
  staticScore,
  textBonus,
  wantedLengthCm,
  type LiveSignal,
  type RankContext,
  type RankFeatures,
  type TextMatch,
} from './ranking.js';
import { TextIndex, type TextFields, type TextHits } from './text-index.js';
import { terrainsSatisfying } from './vocabulary.js';

/**
 * The search index over static products, in-process and rebuilt from the static tier, so a search
 * never leaves the process.
 *
 * - The structured part (category, brand, skill, terrain, gender, size, price) is bitsets over
 *   slots: a query ANDs the few sets it names (N/32 words each) and counts matches by popcount,
 *   touching no product that cannot match. Prices sit in cumulative $20 buckets, so a range is
 *   two sets plus an exact check of its two boundary buckets.
 * - Free text is an inverted index of our own (text-index.ts: fuzzy, prefix, field boosts). Words the parser did not understand
 *   rank, they never filter: with a structured part every product that fits it is an answer and
 *   text hits rank first; a query of free text alone must match it (the most of its words).
 * - Only the ranked window is ranked (top k with a bounded heap, never a sort of every match):
 *   with many matches it walks products in a precomputed order (static score, lastKnownPrice,
 *   rating) and stops once nothing further down can reach the window.
 * Ties break by id, so equal queries give equal orders.
 *
 * Indexes of our own rather than a faceted-search library: Orama 3.1 on the benchmark's synthetic
 * 100 k catalog took 53 s to build, 1.5 GB RSS and 1 s at p95 (bench/scale.ts measures these).
 */

/** The most matches ranked per search: pages are slices of these; totalCount still counts every match. */
export const RANKED_LIMIT = 200;

const CATEGORY_WORDS: Record<Category, string> = {
  SNOWBOARD: 'snowboard snowboards board',
  SKI: 'ski skis',
  BINDING: 'binding bindings',
  BOOT: 'boot boots',
  HELMET: 'helmet helmets',
  GOGGLE: 'goggle goggles',
  JACKET: 'jacket jackets',
};

/**
 * Words that only rank read at most this many candidates' postings per word, strongest first:
 * five times the ranked window, so the products the words lift into it are among them. With few
 * candidates (TextIndex: at most four times this) they read every candidate's posting.
 */
const RANKING_POSTINGS_PER_WORD = 5 * RANKED_LIMIT;

/** $20 price buckets up to $5,000; dearer products share the last one (its exact check sorts them out). */
const PRICE_BUCKET_USD = 20;
const PRICE_BUCKETS = 250;
/** The words of an empty set (below the cheapest bucket). */
const NO_WORDS = new Uint32Array(0);
const priceBucket = (price: number) => Math.min(PRICE_BUCKETS - 1, Math.max(0, Math.floor(price / PRICE_BUCKET_USD)));

/**
 * What the index keeps of a product: what filters and ranking read, in objects of its own (no
 * record, review or spec array of the record is kept: the records live in the static tier and a
 * bounded in-process cache). Its text is indexed, not kept.
 */
interface Entry extends RankFeatures {
  slot: number;
  gender: Gender | null;
  staticScore: number;
}

export interface SearchOptions {
  /** Page size; the ranked window (RANKED_LIMIT) when absent. */
  limit?: number;
  offset?: number;
  /** The order; absent: the intent's (its sort words or the sort argument), else RELEVANCE. */
  sort?: SearchSort | null;
  /** The viewer's context; absent: a global ranking. */
  user?: UserContext | null;
  /** What the live tier holds, by product id (CatalogService reads it for the ranked window). */
  live?: ReadonlyMap<string, LiveSignal>;
  /** false: no explanations (the caller explains the window itself once its ranking is final, with `rerank`). */
  explain?: boolean;
}

export interface SearchResult {
  /** Ranked product ids (the requested page). */
  ids: string[];
  /** Matches before paging (every match, also past the ranked window). */
  total: number;
  /** Per id, in `ids` order. */
  explanations: RankingExplanation[];
  /**
   * Per id, in `ids` order: its text relevance and the query words it matched (null: none), as
   * this search scored them, so a rerank of the window with live signals keeps them (and reads
   * no postings again).
   */
  text: (TextMatch | null)[];
}

/** Slots in one order, and each slot's place in it. */
interface WalkOrder {
  slots: Int32Array;
  position: Int32Array;
}

interface Ranked {
  entry: Entry;
  key: number;
  score: number;
}

/**
 * A query's text hits by slot, their relevance normalised (the best hit is 1). Backed by the
 * index's arrays by slot, stamped per query, so the walk tests a slot without a map lookup and a
 * query allocates nothing per hit; valid until the index's next text query.
 */
class SlotHits {
  constructor(
    /** The slots hit, in the order the text index reached them (a view of the text index's scratch). */
    readonly slots: Int32Array,
    private readonly words: readonly string[],
    private readonly arrays: TextScratch,
    private readonly stamp: number,
  ) {}

  has(slot: number): boolean {
    return this.arrays.stamp[slot] === this.stamp;
  }

  /** Text relevance by slot, valid only for the slots in `slots` (has() says which). */
  get scores(): Float64Array {
    return this.arrays.score;
  }

  /** The slot's match with the query words it matched (for reasons), or null. */
  match(slot: number): TextMatch | null {
    if (!this.has(slot)) return null;
    const mask = this.arrays.words[slot]!;
    return { score: this.arrays.score[slot]!, terms: this.words.filter((_, i) => (mask & (1 << i)) !== 0) };
  }

  /**
   * The slot's match for scoring alone, in one object reused for every call: scoreProduct reads
   * `terms` only for reasons, and ranking thousands of hits would otherwise build thousands of them.
   */
  scoreOnly(slot: number): TextMatch | null {
    if (!this.has(slot)) return null;
    this.arrays.reused.score = this.arrays.score[slot]!;
    return this.arrays.reused;
  }
}

/** The arrays behind SlotHits, grown with the slots. */
interface TextScratch {
  stamp: Uint32Array;
  score: Float64Array;
  words: Uint32Array;
  lastStamp: number;
  reused: { score: number; terms: readonly string[] };
}

/** a before b: the lower sort key, then the higher score, then the smaller id. */
function before(a: Ranked, b: Ranked): boolean {
  if (a.key !== b.key) return a.key < b.key;
  if (a.score !== b.score) return a.score > b.score;
  return a.entry.id < b.entry.id;
}

/** The best k seen so far: a heap whose root is the worst of them. */
class TopK {
  readonly items: Ranked[] = [];
  constructor(readonly k: number) {}

  get full(): boolean {
    return this.items.length >= this.k;
  }

  get worst(): Ranked | undefined {
    return this.items[0];
  }

  offer(r: Ranked): void {
    const h = this.items;
    if (this.k <= 0) return;
    if (h.length < this.k) {
      h.push(r);
      let i = h.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!before(h[p]!, h[i]!)) break;
        [h[p], h[i]] = [h[i]!, h[p]!];
        i = p;
      }
      return;
    }
    if (!before(r, h[0]!)) return;
    h[0] = r;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const rr = l + 1;
      let worst = i;
      if (l < h.length && before(h[worst]!, h[l]!)) worst = l;
      if (rr < h.length && before(h[worst]!, h[rr]!)) worst = rr;
      if (worst === i) break;
      [h[worst], h[i]] = [h[i]!, h[worst]!];
      i = worst;
    }
  }

  sorted(): Ranked[] {
    return [...this.items].sort((a, b) => (before(a, b) ? -1 : 1));
  }
}

export class CatalogIndex {
  private readonly bySlot: (Entry | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private readonly all = new Bitset();
  private readonly facets = new Map<string, Bitset>();
  /** priceAtMost[b]: products whose lastKnownPrice falls in bucket b or a cheaper one. */
  private readonly priceAtMost: Bitset[] = Array.from({ length: PRICE_BUCKETS }, () => new Bitset());
  private readonly text: TextIndex;
  private readonly scratch: TextScratch = { stamp: new Uint32Array(0), score: new Float64Array(0), words: new Uint32Array(0), lastStamp: 0, reused: { score: 0, terms: [] } };
  /**
   * One copy of each distinct brand, skill-level, terrain, size and length list the entries hold:
   * 100 k products have few distinct ones, and an entry then keeps none of its record's arrays.
   */
  private readonly shared = new Map<string, unknown>();
  /** Slots in static-score order, lastKnownPrice order and rating order; rebuilt lazily after changes. */
  private orders: Record<'static' | 'price' | 'rating', WalkOrder> | null = null;
  /** Each slot's static score, beside the entries: the walk reads it for thousands of text hits. */
  private staticBySlot = new Float64Array(0);
  /**
   * Each slot's lastKnownPrice (NaN: none), beside the entries: a price range checks the products
   * of its two boundary buckets exactly, thousands at 100 k, and reading each entry object for its
   * price cost 0.2 ms a query.
   */
  private priceBySlot = new Float64Array(1024);

  /** Products indexed. */
  get size(): number {
    return this.slotOf.size;
  }

  /** `expansionsKept`: see TextIndex (an index built for one ranking and dropped needs few). */
  constructor(options: { expansionsKept?: number } = {}) {
    this.text = new TextIndex(options);
  }

  /** True when a product id is indexed. */
  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Every indexed id (unordered). */
  ids(): string[] {
    return [...this.slotOf.keys()];
  }

  /** Replace the whole index with these products. */
  replaceAll(products: readonly StaticProduct[]): void {
    for (const id of [...this.slotOf.keys()]) this.removeEntry(id);
    this.text.clear();
    this.shared.clear();
    this.upsert(products);
  }

  /** Add products, or replace those already indexed under the same id (in place: no rebuild of the rest). */
  upsert(products: readonly StaticProduct[]): void {
    if (products.length === 0) return;
    for (const product of products) this.text.add(this.putEntry(product), toDoc(product));
    if (products.length > 1000) this.text.trim();
    this.text.compactIfNeeded();
    this.orders = null;
  }

  /** Give the postings back the room they grew into: after a load in chunks (one large upsert does it itself). */
  trim(): void {
    this.text.trim();
  }

  /** Remove products by id; unknown ids are ignored. Returns how many were removed. */
  remove(ids: readonly string[]): number {
    let removed = 0;
    for (const id of ids) if (this.removeEntry(id)) removed++;
    if (removed > 0) {
      // Replaced and removed products leave dead postings behind: once they are many, they go.
      this.text.compactIfNeeded();
      this.orders = null;
    }
    return removed;
  }

  /** The one copy of a value the entries hold (compared as `key`). */
  private share<T>(key: string, value: T): T {
    const held = this.shared.get(key);
    if (held !== undefined) return held as T;
    this.shared.set(key, value);
    return value;
  }

  private shareList<T extends string | number>(kind: string, values: readonly T[]): readonly T[] {
    return this.share(`${kind}:${values.join('\u0000')}`, [...values]);
  }

  private facet(key: string): Bitset {
    let set = this.facets.get(key);
    if (!set) this.facets.set(key, (set = new Bitset()));
    return set;
  }

  private putEntry(p: StaticProduct): number {
    this.removeEntry(p.id);
    const slot = this.freeSlots.pop() ?? this.bySlot.length;
    const entry: Entry = {
      id: p.id,
      slot,
      brand: this.share(`b:${p.brand}`, p.brand),
      category: p.category,
      gender: p.gender,
      skillLevels: this.shareList('s', p.specs.skillLevels),
      terrain: this.shareList('t', p.specs.terrain),
      sizeKeys: this.shareList('z', [...new Set(p.specs.sizes.map(sizeKey))]),
      lengthsCm: this.shareList('l', p.specs.lengthsCm),
      price: p.lastKnownPrice?.amount ?? null,
      rating: p.rating ? { average: p.rating.average, count: p.rating.count } : null,
      listings: p.listings.map((l) => ({ vendor: l.vendor, vendorProductId: l.vendorProductId })),
      pricePercentile: null,
      staticScore: 0,
    };
    this.bySlot[slot] = entry;
    if (slot >= this.priceBySlot.length) {
      const grown = new Float64Array(Math.max(slot + 1, this.priceBySlot.length * 2));
      grown.set(this.priceBySlot);
      this.priceBySlot = grown;
    }
    this.priceBySlot[slot] = entry.price ?? Number.NaN;
    this.slotOf.set(p.id, slot);
    this.all.add(slot);
    for (const key of facetKeysOf(entry)) this.facet(key).add(slot);
    if (entry.price !== null) for (let b = priceBucket(entry.price); b < PRICE_BUCKETS; b++) this.priceAtMost[b]!.add(slot);
    return slot;
  }

  private removeEntry(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    const entry = this.bySlot[slot]!;
    for (const key of facetKeysOf(entry)) this.facets.get(key)?.delete(slot);
    if (entry.price !== null) for (let b = priceBucket(entry.price); b < PRICE_BUCKETS; b++) this.priceAtMost[b]!.delete(slot);
    this.all.delete(slot);
    this.text.remove(slot);
    this.bySlot[slot] = undefined;
    this.slotOf.delete(id);
    this.freeSlots.push(slot);
    return true;
  }

  /** Price percentiles per category, static scores and the walk orders, after any change. */
  private ensureOrders(): Record<'static' | 'price' | 'rating', WalkOrder> {
    if (this.orders) return this.orders;
    const entries = this.bySlot.filter((e): e is Entry => e !== undefined);
    const byCategory = new Map<Category, Entry[]>();
    for (const e of entries) {
      if (e.price === null) continue;
      const list = byCategory.get(e.category);
      if (list) list.push(e);
      else byCategory.set(e.category, [e]);
    }
    for (const list of byCategory.values()) {
      list.sort((a, b) => a.price! - b.price!);
      list.forEach((e, i) => (e.pricePercentile = list.length === 1 ? 0.5 : i / (list.length - 1)));
    }
    for (const e of entries) e.staticScore = staticScore(e);
    // Keys in typed arrays by slot, so the three sorts compare numbers, not call functions.
    const slots = Int32Array.from(entries.map((e) => e.slot));
    const size = this.bySlot.length;
    const staticKey = new Float64Array(size);
    const priceKey = new Float64Array(size);
    const ratingKey = new Float64Array(size);
    const idRank = new Int32Array(size);
    for (const e of entries) {
      staticKey[e.slot] = e.staticScore;
      priceKey[e.slot] = sortKey(e, 'TOTAL_PRICE_ASC');
      ratingKey[e.slot] = sortKey(e, 'RATING');
    }
    [...entries].sort((a, b) => (a.id < b.id ? -1 : 1)).forEach((e, i) => (idRank[e.slot] = i));
    const order = (key: Float64Array | null): WalkOrder => {
      const sorted = slots.slice().sort((a, b) => (key ? key[a]! - key[b]! : 0) || staticKey[b]! - staticKey[a]! || idRank[a]! - idRank[b]!);
      const position = new Int32Array(size);
      sorted.forEach((slot, i) => (position[slot] = i));
      return { slots: sorted, position };
    };
    this.orders = { static: order(null), price: order(priceKey), rating: order(ratingKey) };
    this.staticBySlot = staticKey;
    return this.orders;
  }

  /**
   * Text relevance per slot for the query's free words (the best hit is 1); `accept`: only those
   * slots; `mostWords`: only the products matching the most of the words (TextIndex.search).
   */
  private textMatches(text: string, accept?: QueryBits, strongestPerWord?: number, mostWords = false, acceptCount?: number): SlotHits {
    return this.slotHits(this.text.search(text, accept?.words, strongestPerWord, mostWords, acceptCount));
  }

  private slotHits({ count, keys, scores, matchedWords, words }: TextHits): SlotHits {
    const a = this.scratch;
    if (a.stamp.length < this.bySlot.length) {
      const size = Math.max(this.bySlot.length, a.stamp.length * 2);
      a.stamp = new Uint32Array(size);
      a.score = new Float64Array(size);
      a.words = new Uint32Array(size);
      a.lastStamp = 0;
    }
    // Stamps wrap after 2^32 queries: start over with a clean array rather than meet an old stamp.
    if (a.lastStamp === 0xffffffff) {
      a.stamp.fill(0);
      a.lastStamp = 0;
    }
    const stamp = ++a.lastStamp;
    let best = 0;
    for (let i = 0; i < count; i++) if (scores[i]! > best) best = scores[i]!;
    const { stamp: stamps, score: normalised, words: wordsOf } = a;
    for (let i = 0; i < count; i++) {
      const slot = keys[i]!;
      stamps[slot] = stamp;
      // Rounded so float noise does not outrank a better rating.
      normalised[slot] = best > 0 ? Math.round((scores[i]! / best) * 1e6) / 1e6 : 0;
      wordsOf[slot] = matchedWords[i]!;
    }
    return new SlotHits(keys, words, a, stamp);
  }

  /** No text hits (a query without free words). */
  private noHits(): SlotHits {
    return this.slotHits({ count: 0, keys: new Int32Array(0), scores: new Float64Array(0), matchedWords: new Uint32Array(0), words: [] });
  }

  /** The slots that fit the intent's structured part (every product when it has none). */
  private structuredBits(intent: SearchIntent): QueryBits {
    const bits = new QueryBits(this.all.words.length, this.all.words);
    const none = new Bitset(0);
    const take = (keys: readonly string[]) => bits.andUnion(keys.map((k) => this.facets.get(k) ?? none));
    if (intent.category) take([`c:${intent.category}`]);
    if (intent.brand) take([`b:${nameKey(normalizeBrand(intent.brand) ?? intent.brand)}`]);
    if (intent.skillLevel) take([`s:${intent.skillLevel}`]);
    if (intent.terrain) take(terrainsSatisfying(intent.terrain as Terrain).map((t) => `t:${t}`));
    // Unisex gear fits a men's or women's search; an unstated gender fits no gender search.
    if (intent.gender) take(intent.gender === 'MENS' || intent.gender === 'WOMENS' ? [`g:${intent.gender}`, 'g:UNISEX'] : [`g:${intent.gender}`]);
    if (intent.size) {
      const keys = [`z:${sizeKey(intent.size)}`];
      const length = wantedLengthCm(intent.size);
      if (length !== null) for (let cm = Math.ceil(length - LENGTH_TOLERANCE_CM); cm <= Math.floor(length + LENGTH_TOLERANCE_CM); cm++) keys.push(`l:${cm}`);
      take(keys);
    }
    if (intent.minPrice !== null || intent.maxPrice !== null) this.priceBits(bits, intent.minPrice, intent.maxPrice);
    return bits;
  }

  /** Keep the products whose lastKnownPrice is within [min, max]; no known price: left out (it cannot be shown in range). */
  private priceBits(bits: QueryBits, min: number | null, max: number | null): void {
    const hi = max === null ? PRICE_BUCKETS - 1 : priceBucket(max);
    const lo = min === null ? 0 : priceBucket(min);
    bits.andUnion([this.priceAtMost[hi]!]);
    if (lo > 0) bits.andNot(this.priceAtMost[lo - 1]!);
    // The two boundary buckets hold prices on both sides of the bounds: check those exactly.
    // Each loop stays within both arrays (the sets grow separately): a read past a typed array's end is a slow path.
    const prices = this.priceBySlot;
    for (const b of new Set([lo, hi])) {
      const inBucket = this.priceAtMost[b]!.words;
      const below = b > 0 ? this.priceAtMost[b - 1]!.words : NO_WORDS;
      const w = bits.words;
      const n = Math.min(w.length, inBucket.length);
      const belowEnd = Math.min(n, below.length);
      for (let i = 0; i < n; i++) {
        let word = w[i]! & inBucket[i]! & (i < belowEnd ? ~below[i]! : -1);
        while (word !== 0) {
          const low = word & -word;
          const slot = (i << 5) + (31 - Math.clz32(low));
          const price = prices[slot]!;
          if ((min !== null && price < min) || (max !== null && price > max)) bits.delete(slot);
          word ^= low;
        }
      }
    }
  }

  /**
   * Ranked ids of the products that fit the intent: with a structured part, every product that
   * passes it (its free words only rank); without one, those its text matches (all when it has
   * none). `total` counts every match; the ids are the page of the ranked window asked for.
   */
  search(intent: SearchIntent, options: SearchOptions = {}): SearchResult {
    const orders = this.ensureOrders();
    const sort = options.sort ?? intent.sort ?? 'RELEVANCE';
    const ctx: RankContext = { intent, sort, user: options.user ?? null, live: options.live };
    const text = intent.text.trim();
    let bits: QueryBits;
    let hits: SlotHits;
    let total: number;
    /** Free text alone: the matches are the text hits, nothing else. */
    let onlyHits = false;
    if (hasStructuredPart(intent) || text === '') {
      bits = this.structuredBits(intent);
      total = bits.count();
      // Only the structured part's candidates are scored: the words rank them, they filter nothing.
      hits = text === '' ? this.noHits() : this.textMatches(text, bits, RANKING_POSTINGS_PER_WORD, false, total);
    } else {
      // Free text alone answers the products that match the most of its words: all of them when
      // any product does ("line chronic 94" is the Chronic 94, not every description saying "line").
      hits = this.textMatches(text, undefined, undefined, true);
      bits = new QueryBits(this.all.words.length, null);
      const { slots } = hits;
      for (let i = 0; i < slots.length; i++) bits.add(slots[i]!);
      total = slots.length;
      onlyHits = true;
    }
    const offset = Math.max(0, options.offset ?? 0);
    const window = Math.min(total, offset + Math.max(0, options.limit ?? RANKED_LIMIT));
    const top = new TopK(window);
    const rank = (entry: Entry): Ranked => {
      const live = ctx.live?.get(entry.id);
      return { entry, key: sortKey(entry, sort, live), score: scoreProduct(entry, ctx, hits.scoreOnly(entry.slot)) };
    };
    if (window > 0) {
      // Walking a precomputed order pays when matches are many: it stops after about window × N / total products.
      const walkOrder = ctx.live ? null : sort === 'TOTAL_PRICE_ASC' ? orders.price : sort === 'RATING' ? orders.rating : orders.static;
      if (walkOrder && total > 4 * window) this.walk(walkOrder, bits, total, hits, onlyHits, ctx, top, rank);
      else bits.forEach((slot) => top.offer(rank(this.bySlot[slot]!)));
    }
    const page = top.sorted().slice(offset);
    const matches = page.map((r) => hits.match(r.entry.slot));
    return {
      ids: page.map((r) => r.entry.id),
      total,
      explanations: options.explain === false ? [] : page.map((r, i) => explanationOf(r.entry, ctx, matches[i]!)),
      text: matches,
    };
  }

  /**
   * Top k by walking an order: text hits are ranked first (their text score is unbounded by the
   * order), then products in order, stopping when the next one cannot beat the worst kept one.
   * Both stop early: a product is ranked only while it may still enter the window. `onlyHits`:
   * every match is a text hit (free text alone), so the order has nothing left to add.
   */
  private walk(order: WalkOrder, bits: QueryBits, total: number, hits: SlotHits, onlyHits: boolean, ctx: RankContext, top: TopK, rank: (e: Entry) => Ranked): void {
    const bonus = maxDynamicBonus(ctx);
    // DISCOUNT has no static figure (discounts are live data): its static order is relevance's.
    const byScore = ctx.sort === 'RELEVANCE' || ctx.sort === 'DISCOUNT';
    // A text hit is ranked only if the best it can do (the ceiling of its score, or its sort key)
    // still beats the worst kept one. The hits come strongest words' strongest postings first, so
    // the window fills with strong ones early and most of the rest are passed over unranked.
    const staticBySlot = this.staticBySlot;
    const { slots: hitSlots } = hits;
    const textScore = hits.scores;
    // The worst kept one, read again only after an offer (the only thing that changes it).
    let worst = top.full ? top.worst : undefined;
    for (let i = 0; i < hitSlots.length; i++) {
      const slot = hitSlots[i]!;
      if (!onlyHits && !bits.has(slot)) continue;
      if (worst) {
        if (byScore && staticBySlot[slot]! + textBonus(textScore[slot]!) + bonus < worst.score - 1e-9) continue;
        if (!byScore && sortKey(this.bySlot[slot]!, ctx.sort) > worst.key) continue;
      }
      top.offer(rank(this.bySlot[slot]!));
      worst = top.full ? top.worst : undefined;
    }
    if (onlyHits) return;
    // What a product of the order can score at most is its static score, what it fits of the
    // intent (exact, cheap) and the most the viewer and live data can add: the walk stops on the
    // intent's best case, and a product whose own ceiling cannot enter is passed over unranked.
    const contextBonus = maxContextBonus(ctx);
    const intentMatters = ctx.intent.skillLevel !== null || ctx.intent.terrain !== null;
    const visit = (slot: number): boolean => {
      if (!bits.has(slot) || hits.has(slot)) return true;
      const worst = top.worst;
      // The stop reads the static score beside the entries: an entry is read only when it may enter.
      if (byScore && worst && top.full && staticBySlot[slot]! + bonus < worst.score - 1e-9) return false;
      const entry = this.bySlot[slot]!;
      if (top.full && worst) {
        if (byScore && intentMatters && entry.staticScore + intentBonus(entry, ctx.intent) + contextBonus < worst.score - 1e-9) return true;
        if (!byScore && sortKey(entry, ctx.sort) > worst.key) return false;
      }
      top.offer(rank(entry));
      return true;
    };
    // Scanning the order tests every product on the way, matching or not. Once it has tested as
    // many as putting the matches in that order costs (a bit per place: N/32 words and one per
    // match), the rest of the walk goes through the matches alone, so sparse matches cost what
    // they are; matches so sparse that filling the window alone would scan further skip the scan.
    const { slots, position } = order;
    const sorting = (slots.length >>> 5) + total;
    const scanned = top.k * slots.length > total * sorting ? 0 : Math.min(slots.length, sorting);
    for (let i = 0; i < scanned; i++) if (!visit(slots[i]!)) return;
    if (scanned === slots.length) return;
    const rest = new QueryBits((slots.length + 31) >>> 5, null);
    bits.forEach((slot) => {
      const at = position[slot]!;
      if (at >= scanned) rest.add(at);
    });
    rest.forEach((at) => visit(slots[at]!));
  }

  /** The features ranking reads of indexed products (for reading their live signals), in id order; unknown ids left out. */
  features(ids: readonly string[]): RankFeatures[] {
    return ids.flatMap((id) => {
      const slot = this.slotOf.get(id);
      return slot === undefined ? [] : [this.bySlot[slot]!];
    });
  }

  /**
   * Rank these ids again (a window already ranked) with what the live tier holds: availability,
   * best total price, discounts, the viewer's sizes in stock; without `options.live`, the order and
   * scores the search gave them, now with their reasons. Unknown ids are dropped.
   */
  rerank(ids: readonly string[], intent: SearchIntent, options: SearchOptions, text?: readonly (TextMatch | null)[]): Pick<SearchResult, 'ids' | 'explanations' | 'text'> {
    const ranked = this.scored(ids, intent, options, text);
    ranked.sort((a, b) => (before(a, b) ? -1 : 1));
    return {
      ids: ranked.map((r) => r.entry.id),
      explanations: ranked.map((r) => ({ score: Math.round(r.score * 1e4) / 1e4, reasons: r.reasons })),
      text: ranked.map((r) => r.text),
    };
  }

  /**
   * The ids scored with their reasons. `text` (per id, in `ids` order: what the search that ranked
   * them found) keeps their text relevance as that search had it; absent, the query's words are
   * matched again over these products alone (relevance relative to the best of them).
   */
  private scored(ids: readonly string[], intent: SearchIntent, options: SearchOptions, text?: readonly (TextMatch | null)[]): (Ranked & { reasons: string[]; text: TextMatch | null })[] {
    this.ensureOrders();
    const sort = options.sort ?? intent.sort ?? 'RELEVANCE';
    const ctx: RankContext = { intent, sort, user: options.user ?? null, live: options.live };
    const features = this.features(ids) as Entry[];
    let matchOf: (entry: Entry) => TextMatch | null;
    if (text) {
      const byId = new Map(ids.map((id, i) => [id, text[i] ?? null]));
      matchOf = (entry) => byId.get(entry.id) ?? null;
    } else {
      const words = intent.text.trim();
      const slots = new QueryBits(this.all.words.length, null);
      for (const f of features) slots.add(f.slot);
      const hits = words === '' ? this.noHits() : this.textMatches(words, slots);
      matchOf = (entry) => hits.match(entry.slot);
    }
    return features.map((f) => {
      const entry = f as Entry;
      const reasons: string[] = [];
      const match = matchOf(entry);
      const score = scoreProduct(entry, ctx, match, reasons);
      return { entry, key: sortKey(entry, sort, ctx.live?.get(entry.id)), score, reasons, text: match };
    });
  }
}

/** A ranked product's score, rounded as shown, and the reasons for it. */
function explanationOf(entry: Entry, ctx: RankContext, match: TextMatch | null): RankingExplanation {
  const reasons: string[] = [];
  const score = scoreProduct(entry, ctx, match, reasons);
  return { score: Math.round(score * 1e4) / 1e4, reasons };
}

/** The facet sets a product is in (computed again on removal rather than kept: 15 strings a product add up at 100 k). */
function facetKeysOf(e: Entry): string[] {
  return [
    ...new Set([
      `c:${e.category}`,
      `b:${nameKey(e.brand)}`,
      ...(e.gender ? [`g:${e.gender}`] : []),
      ...e.skillLevels.map((s) => `s:${s}`),
      ...e.terrain.map((t) => `t:${t}`),
      ...e.sizeKeys.map((k) => `z:${k}`),
      ...e.lengthsCm.map((cm) => `l:${Math.round(cm)}`),
    ]),
  ];
}

function toDoc(p: StaticProduct): TextFields {
  return {
    name: p.name,
    brand: p.brand,
    model: p.model,
    category: CATEGORY_WORDS[p.category],
    terrain: p.specs.terrain.join(' '),
    description: p.description ?? '',
    titles: [...new Set(p.listings.map((l) => l.title))].join(' \n '),
  };
}

/** Products not in the catalog (a search miss's, the old direct path's) ranked and filtered by the catalog's own rules. */
export function rankWithin(products: readonly StaticProduct[], intent: SearchIntent): StaticProduct[] {
  const index = new CatalogIndex({ expansionsKept: 64 });
  index.replaceAll(products);
  const byId = new Map(products.map((p) => [p.id, p]));
  return index.search(intent, { limit: products.length }).ids.flatMap((id) => byId.get(id) ?? []);
}
