import MiniSearch from 'minisearch';
import type { Category, Gender, SkillLevel, StaticProduct } from '../domain/product.js';
import type { SearchIntent, Terrain } from '../domain/search.js';
import { nameKey, normalizeBrand } from './brands.js';
import { lengthCmFromSize } from './specs.js';
import { terrainsSatisfying } from './vocabulary.js';

/**
 * The search index over static products: full text (MiniSearch) plus structured filters.
 * In-process and rebuilt from the static tier, so a search never leaves the process.
 * Ranking: text relevance, then rating (count-aware), then id, so equal queries give equal orders.
 */

const CATEGORY_WORDS: Record<Category, string> = {
  SNOWBOARD: 'snowboard snowboards board',
  SKI: 'ski skis',
  BINDING: 'binding bindings',
  BOOT: 'boot boots',
  HELMET: 'helmet helmets',
  GOGGLE: 'goggle goggles',
  JACKET: 'jacket jackets',
};

/** A size as compared: "US 10.0" and "10" are one size, "157 W" and "157W" too. */
function sizeKey(size: string): string {
  return size
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/^(?:us|size)/, '')
    .replace(/(\d)\.0(?!\d)/, '$1');
}

/** What the filters read, kept apart from the full record (reviews stay out of memory twice). */
interface Entry {
  id: string;
  category: Category;
  brandKey: string;
  gender: Gender | null;
  skillLevels: SkillLevel[];
  terrain: string[];
  sizeKeys: Set<string>;
  lengthsCm: number[];
  price: number | null;
  ratingScore: number;
}

interface IndexDoc {
  id: string;
  name: string;
  brand: string;
  model: string;
  category: string;
  terrain: string;
  description: string;
  titles: string;
}

export interface SearchOptions {
  /** Page size; all matches when absent. */
  limit?: number;
  offset?: number;
}

export interface SearchResult {
  /** Ranked product ids (the requested page). */
  ids: string[];
  /** Matches before paging. */
  total: number;
}

/** The neutral midpoint of the 1–5 scale and the weight of that prior, in reviews. */
const PRIOR_RATING = 3;
const PRIOR_WEIGHT = 5;

/**
 * Count-aware rating score (a Bayesian average): a 4.6 from 200 reviews outranks a 4.8 from 2.
 * An unrated product scores the neutral midpoint: below well-rated ones, above poorly rated ones.
 * Used for ordering only; never shown as a rating.
 */
function ratingScore(rating: StaticProduct['rating']): number {
  if (!rating || rating.count <= 0) return PRIOR_RATING;
  return (rating.average * rating.count + PRIOR_RATING * PRIOR_WEIGHT) / (rating.count + PRIOR_WEIGHT);
}

function newMiniSearch(): MiniSearch<IndexDoc> {
  return new MiniSearch<IndexDoc>({
    idField: 'id',
    fields: ['name', 'brand', 'model', 'category', 'terrain', 'description', 'titles'],
    searchOptions: {
      boost: { brand: 3, model: 3, name: 2, titles: 1.5, category: 1.5, terrain: 1.5, description: 0.5 },
      // Short words must match exactly: a fuzzy "pro" would match half the catalog.
      fuzzy: (term) => (term.length > 4 ? 0.2 : false),
      prefix: (term) => term.length >= 3,
      combineWith: 'OR',
    },
  });
}

export class CatalogIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly docs = new Map<string, IndexDoc>();
  private mini = newMiniSearch();

  /** Products indexed. */
  get size(): number {
    return this.entries.size;
  }

  /** True when a product id is indexed. */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Every indexed id (unordered). */
  ids(): string[] {
    return [...this.entries.keys()];
  }

  /** Replace the whole index with these products. */
  replaceAll(products: readonly StaticProduct[]): void {
    this.entries.clear();
    this.docs.clear();
    this.upsert(products);
  }

  /** Add products, or replace those already indexed under the same id. */
  upsert(products: readonly StaticProduct[]): void {
    for (const product of products) {
      this.entries.set(product.id, toEntry(product));
      this.docs.set(product.id, toDoc(product));
    }
    this.rebuild();
  }

  /** Remove products by id; unknown ids are ignored. Returns how many were removed. */
  remove(ids: readonly string[]): number {
    let removed = 0;
    for (const id of ids) {
      if (!this.entries.delete(id)) continue;
      this.docs.delete(id);
      removed++;
    }
    if (removed > 0) this.rebuild();
    return removed;
  }

  /**
   * A fresh text index over every doc. MiniSearch's discard() leaves garbage that its
   * background auto-vacuum collects, and that vacuum crashed the process when the index
   * changed under it (a second retailer's crawl landing mid-vacuum). Rebuilding a catalog
   * of a few thousand products takes milliseconds and needs no vacuum at all.
   */
  private rebuild(): void {
    const mini = newMiniSearch();
    mini.addAll([...this.docs.values()]);
    this.mini = mini;
  }

  /**
   * Ranked ids of the products that match the intent's text (when it has any) and pass all
   * its filters. An intent without text returns every product that passes, ranked by rating.
   */
  search(intent: SearchIntent, options: SearchOptions = {}): SearchResult {
    const text = intent.text.trim();
    let scored: { entry: Entry; score: number }[];
    if (text === '') {
      scored = [...this.entries.values()].map((entry) => ({ entry, score: 0 }));
    } else {
      scored = this.mini.search(text).flatMap((hit) => {
        const entry = this.entries.get(hit.id as string);
        // Rounded so float noise does not outrank a better rating.
        return entry ? [{ entry, score: Math.round(hit.score * 1e6) / 1e6 }] : [];
      });
    }
    const accepts = filterFor(intent);
    const ranked = scored
      .filter((s) => accepts(s.entry))
      .sort(
        (a, b) =>
          b.score - a.score ||
          b.entry.ratingScore - a.entry.ratingScore ||
          (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0),
      );
    const offset = Math.max(0, options.offset ?? 0);
    const end = options.limit === undefined ? undefined : offset + Math.max(0, options.limit);
    return { ids: ranked.slice(offset, end).map((s) => s.entry.id), total: ranked.length };
  }
}

function toEntry(p: StaticProduct): Entry {
  return {
    id: p.id,
    category: p.category,
    brandKey: nameKey(p.brand),
    gender: p.gender,
    skillLevels: p.specs.skillLevels,
    terrain: p.specs.terrain,
    sizeKeys: new Set(p.specs.sizes.map(sizeKey)),
    lengthsCm: p.specs.lengthsCm,
    price: p.lastKnownPrice?.amount ?? null,
    ratingScore: ratingScore(p.rating),
  };
}

function toDoc(p: StaticProduct): IndexDoc {
  return {
    id: p.id,
    name: p.name,
    brand: p.brand,
    model: p.model,
    category: CATEGORY_WORDS[p.category],
    terrain: p.specs.terrain.join(' '),
    description: p.description ?? '',
    titles: [...new Set(p.listings.map((l) => l.title))].join(' \n '),
  };
}

/** Length tolerance for a size given in cm: retailers round lengths differently (180 vs 181.5). */
const LENGTH_TOLERANCE_CM = 3;

function filterFor(intent: SearchIntent): (e: Entry) => boolean {
  const brandKey = intent.brand ? nameKey(normalizeBrand(intent.brand) ?? intent.brand) : null;
  const terrains: readonly string[] | null = intent.terrain ? terrainsSatisfying(intent.terrain as Terrain) : null;
  const wantedSize = intent.size ? sizeKey(intent.size) : null;
  // Only a plain length ("180", "180cm") has a tolerance; "157W" asks for that exact size.
  const wantedLength = intent.size && /^\s*\d+(?:\.\d)?\s*(?:cm)?\s*$/i.test(intent.size) ? lengthCmFromSize(intent.size) : null;
  const { minPrice, maxPrice } = intent;
  const hasPriceFilter = minPrice !== null || maxPrice !== null;

  return (e) => {
    if (intent.category && e.category !== intent.category) return false;
    if (brandKey !== null && e.brandKey !== brandKey) return false;
    if (intent.gender && !genderFits(e.gender, intent.gender)) return false;
    if (intent.skillLevel && !e.skillLevels.includes(intent.skillLevel)) return false;
    if (terrains && !e.terrain.some((t) => terrains.includes(t))) return false;
    if (wantedSize !== null) {
      const lengthFits = wantedLength !== null && e.lengthsCm.some((cm) => Math.abs(cm - wantedLength) <= LENGTH_TOLERANCE_CM);
      if (!lengthFits && !e.sizeKeys.has(wantedSize)) return false;
    }
    if (hasPriceFilter) {
      // No known price: it cannot be shown to be in range, so it is left out.
      if (e.price === null) return false;
      if (minPrice !== null && e.price < minPrice) return false;
      if (maxPrice !== null && e.price > maxPrice) return false;
    }
    return true;
  };
}

/** Unisex gear fits a men's or women's search; an unstated gender fits no gender search. */
function genderFits(product: Gender | null, wanted: Gender): boolean {
  return product === wanted || (product === 'UNISEX' && (wanted === 'MENS' || wanted === 'WOMENS'));
}

/** Products not in the catalog (a search miss's, the old direct path's) ranked and filtered by the catalog's own rules. */
export function rankWithin(products: readonly StaticProduct[], intent: SearchIntent): StaticProduct[] {
  const index = new CatalogIndex();
  index.replaceAll(products);
  const byId = new Map(products.map((p) => [p.id, p]));
  return index.search(intent).ids.flatMap((id) => byId.get(id) ?? []);
}
