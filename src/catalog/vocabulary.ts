import type { Category, SkillLevel } from '../domain/product.js';
import type { SearchSort, Terrain } from '../domain/search.js';

/**
 * The words retailers and shoppers use for gender, skill, terrain and category, mapped
 * onto the domain's values. Shared by title normalization, spec mapping and the query parser
 * so the three agree.
 */

// Gender words and quote straightening live in the domain, shared with the agents' title reading.
export { parseGender, straightenQuotes } from '../domain/titles.js';

/** Skill words → levels. "pro" and "expert" are the top level. */
const SKILL_WORDS: Record<string, SkillLevel> = {
  beginner: 'BEGINNER',
  beginners: 'BEGINNER',
  novice: 'BEGINNER',
  entry: 'BEGINNER',
  'entry-level': 'BEGINNER',
  newbie: 'BEGINNER',
  learner: 'BEGINNER',
  'first-timer': 'BEGINNER',
  intermediate: 'INTERMEDIATE',
  advanced: 'ADVANCED',
  expert: 'EXPERT',
  experts: 'EXPERT',
  pro: 'EXPERT',
};

/** One skill word (lowercase) → its level, or undefined. */
export function skillFromWord(word: string): SkillLevel | undefined {
  return SKILL_WORDS[word.toLowerCase()];
}

/**
 * Skill levels in a retailer's value: "Beginner-Intermediate" → [BEGINNER, INTERMEDIATE],
 * "Advanced/Expert" → [ADVANCED, EXPERT]. Words it does not know are left out.
 */
export function parseSkillLevels(value: string): SkillLevel[] {
  const found = new Set<SkillLevel>();
  for (const word of value.toLowerCase().split(/[^a-z]+/)) {
    const level = SKILL_WORDS[word];
    if (level) found.add(level);
  }
  return [...found].sort((a, b) => SKILL_ORDER[a] - SKILL_ORDER[b]);
}

const SKILL_ORDER: Record<SkillLevel, number> = { BEGINNER: 0, INTERMEDIATE: 1, ADVANCED: 2, EXPERT: 3 };

/** Terrain phrases (lowercase, spaces) → canonical terrain. Longest phrases are tried first. */
const TERRAIN_PHRASES: readonly [string, Terrain][] = [
  ['all mountain', 'all-mountain'],
  ['allmountain', 'all-mountain'],
  ['all terrain', 'all-mountain'],
  ['deep snow', 'powder'],
  ['powder', 'powder'],
  ['pow', 'powder'],
  ['terrain park', 'park'],
  ['park', 'park'],
  ['pipe', 'park'],
  ['jib', 'park'],
  ['freestyle', 'freestyle'],
  ['free style', 'freestyle'],
  ['freeride', 'freeride'],
  ['free ride', 'freeride'],
  ['big mountain', 'freeride'],
  ['backcountry', 'backcountry'],
  ['back country', 'backcountry'],
  ['touring', 'backcountry'],
  ['splitboarding', 'backcountry'],
  ['groomers', 'groomers'],
  ['groomer', 'groomers'],
  ['on piste', 'groomers'],
  ['piste', 'groomers'],
  ['carving', 'groomers'],
];

/**
 * Canonical terrain in a retailer's value or a shopper's words:
 * "All-Mountain, Freestyle, Park & Pipe" → [all-mountain, freestyle, park].
 */
export function parseTerrains(value: string): Terrain[] {
  const words = ` ${value.toLowerCase().replace(/[^a-z]+/g, ' ')} `;
  const found = new Set<Terrain>();
  let rest = words;
  for (const [phrase, terrain] of TERRAIN_PHRASES) {
    const needle = ` ${phrase} `;
    if (rest.includes(needle)) {
      found.add(terrain);
      rest = rest.split(needle).join(' ');
    }
  }
  return [...found];
}

/**
 * Which product terrains satisfy a wanted terrain. Retailers use "park" and "freestyle"
 * for the same boards, so each satisfies the other. Retailers seldom label groomers at all: an
 * all-mountain board or ski is the one made for them, so it satisfies a groomers search too.
 */
export function terrainsSatisfying(wanted: Terrain): Terrain[] {
  if (wanted === 'park' || wanted === 'freestyle') return ['park', 'freestyle'];
  if (wanted === 'groomers') return ['groomers', 'all-mountain'];
  return [wanted];
}

/** Category words (lowercase) → category. Plurals included. */
const CATEGORY_WORDS: Record<string, Category> = {
  snowboard: 'SNOWBOARD',
  snowboards: 'SNOWBOARD',
  splitboard: 'SNOWBOARD',
  splitboards: 'SNOWBOARD',
  board: 'SNOWBOARD',
  boards: 'SNOWBOARD',
  ski: 'SKI',
  skis: 'SKI',
  binding: 'BINDING',
  bindings: 'BINDING',
  boot: 'BOOT',
  boots: 'BOOT',
  helmet: 'HELMET',
  helmets: 'HELMET',
  goggle: 'GOGGLE',
  goggles: 'GOGGLE',
  jacket: 'JACKET',
  jackets: 'JACKET',
  shell: 'JACKET',
  shells: 'JACKET',
  parka: 'JACKET',
  anorak: 'JACKET',
  coat: 'JACKET',
  coats: 'JACKET',
  twintip: 'SKI',
  twintips: 'SKI',
};

/** Two-word category phrases (lowercase, one space). */
const CATEGORY_PHRASES: Record<string, Category> = {
  'twin tip': 'SKI',
  'twin tips': 'SKI',
  'twin-tip skis': 'SKI',
};

/** A two-word category phrase ("twin tip") → category, or undefined. */
export function categoryFromPhrase(phrase: string): Category | undefined {
  return CATEGORY_PHRASES[phrase.toLowerCase()];
}

/**
 * Words that ask for an order rather than for a kind of product (lowercase; two-word phrases
 * with one space). The order reads the static track's lastKnownPrice and rating, never live data.
 */
const SORT_PHRASES: Record<string, SearchSort> = {
  cheap: 'TOTAL_PRICE_ASC',
  cheapest: 'TOTAL_PRICE_ASC',
  cheaper: 'TOTAL_PRICE_ASC',
  budget: 'TOTAL_PRICE_ASC',
  affordable: 'TOTAL_PRICE_ASC',
  inexpensive: 'TOTAL_PRICE_ASC',
  'lowest price': 'TOTAL_PRICE_ASC',
  'low price': 'TOTAL_PRICE_ASC',
  best: 'RATING',
  'top rated': 'RATING',
  'top-rated': 'RATING',
  'highest rated': 'RATING',
  'best rated': 'RATING',
  'best-rated': 'RATING',
  'best reviewed': 'RATING',
  'on sale': 'DISCOUNT',
  sale: 'DISCOUNT',
  deal: 'DISCOUNT',
  deals: 'DISCOUNT',
  discounted: 'DISCOUNT',
  clearance: 'DISCOUNT',
};

/** A sort word or two-word phrase (lowercase) → the order it asks for, or undefined. */
export function sortFromPhrase(phrase: string): SearchSort | undefined {
  return SORT_PHRASES[phrase.toLowerCase()];
}

/** One category word (lowercase) → category, or undefined. */
export function categoryFromWord(word: string): Category | undefined {
  return CATEGORY_WORDS[word.toLowerCase()];
}

/**
 * Category named in a title or query. Gear words win over sport words, so
 * "Snowboard Boots" is BOOT and "Ski Bindings" is BINDING.
 */
export function parseCategory(text: string | null | undefined): Category | null {
  if (!text) return null;
  let sport: Category | null = null;
  for (const word of text.toLowerCase().split(/[^a-z]+/)) {
    const category = CATEGORY_WORDS[word];
    if (!category) continue;
    if (category !== 'SNOWBOARD' && category !== 'SKI') return category;
    sport ??= category;
  }
  return sport;
}
