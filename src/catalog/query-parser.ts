import type { Category, Gender, SkillLevel } from '../domain/product.js';
import {
  emptyIntent,
  hasStructuredPart,
  type SearchFilters,
  type SearchIntent,
  type SearchInterpretation,
  type SearchSort,
  type Terrain,
} from '../domain/search.js';
import { BRANDS, findBrand, nameKey, normalizeBrand, type BrandInfo } from './brands.js';
import { categoryFromPhrase, categoryFromWord, parseGender, parseTerrains, skillFromWord, sortFromPhrase, straightenQuotes } from './vocabulary.js';

/**
 * Shopper query → SearchIntent: category, skill, terrain, gender, price, size and brand
 * words become filters, sort words ("cheap", "top rated", "on sale") the order; what is left
 * is free text ("Burton Custom" → brand Burton, text "custom"), which only ranks when the query
 * has a structured part (see hasStructuredPart). Every pattern here is linear (no nested quantifiers), and input past
 * MAX_PARSED_CHARS is ignored, so any string parses quickly; callers reject empty or
 * oversized queries before this (the schema allows 200 characters).
 */

/** Generous over the schema's 200-character limit; the parser never reads further. */
export const MAX_PARSED_CHARS = 1000;

export interface ParseOptions {
  /** Extra brand names to recognise (e.g. every brand in the catalog), besides the built-in list. */
  knownBrands?: readonly string[];
}

/** Words that carry no meaning for search. */
const STOPWORDS = new Set(
  (
    'a an the for with and or of in on at to my me i im i\'m is are be that this some any me please show find ' +
    'looking look need want wanted best good great top new nice cheap cheapest affordable budget quality something ' +
    'level price priced prices dollars dollar usd bucks size sized sizes gear setup pair rated rider riders riding ' +
    'skiing snowboarding ride rides who which what recommend recommended'
  ).split(' '),
);

const NUM = String.raw`(\d{1,6}(?:,\d{3})*(?:\.\d{1,2})?)\s*(k(?![a-z]))?`;
const PRICE_RULES: readonly { pattern: RegExp; apply: (a: number, b: number | null) => [number | null, number | null] }[] = [
  { pattern: new RegExp(String.raw`\bbetween\s+\$?\s*${NUM}\s*(?:and|to|-|–)\s*\$?\s*${NUM}`, 'i'), apply: (a, b) => [a, b] },
  { pattern: new RegExp(String.raw`\bfrom\s+\$\s*${NUM}\s*(?:to|-|–)\s*\$?\s*${NUM}`, 'i'), apply: (a, b) => [a, b] },
  { pattern: new RegExp(String.raw`\$\s*${NUM}\s*(?:-|–|to)\s*\$?\s*${NUM}`, 'i'), apply: (a, b) => [a, b] },
  {
    // "300 to 500 dollars", "300-500 usd": a range with the currency after it.
    pattern: new RegExp(String.raw`(?<![\w.])${NUM}\s*(?:-|–|to)\s*${NUM}\s*(?:dollars?|usd|bucks)\b`, 'i'),
    apply: (a, b) => [a, b],
  },
  {
    // "400 or less", "$400 max", "400 dollars or under".
    pattern: new RegExp(String.raw`\$?\s*(?<![\w.])${NUM}\s*(?:dollars?|usd|bucks)?\s*(?:or\s+(?:less|under|below|cheaper)|max(?:imum)?\b|tops\b)`, 'i'),
    apply: (a) => [null, a],
  },
  {
    pattern: new RegExp(String.raw`(?:\bunder|\bbelow|\bless\s+than|\bcheaper\s+than|\bup\s+to|\bat\s+most|\bno\s+more\s+than|\bmax(?:imum)?|<=?|≤)\s*\$?\s*${NUM}`, 'i'),
    apply: (a) => [null, a],
  },
  {
    pattern: new RegExp(String.raw`(?:\bover|\babove|\bmore\s+than|\bat\s+least|\bmin(?:imum)?|\bfrom|>=?|≥)\s*\$?\s*${NUM}`, 'i'),
    apply: (a) => [a, null],
  },
  {
    // "around $500": ±15 %, and a bare "$500" means the same.
    pattern: new RegExp(String.raw`(?:(?:\baround|\babout|\bapprox(?:imately)?|\broughly|~)\s*\$?|\$)\s*${NUM}`, 'i'),
    apply: (a) => [Math.round(a * 0.85), Math.round(a * 1.15)],
  },
  {
    // "a 500 dollar board" reads as "$500".
    pattern: new RegExp(String.raw`(?<![\w.])${NUM}\s*(?:dollars?|usd|bucks)\b`, 'i'),
    apply: (a) => [Math.round(a * 0.85), Math.round(a * 1.15)],
  },
];

function amount(digits: string | undefined, thousands: string | undefined): number | null {
  if (digits === undefined) return null;
  const n = Number(digits.replace(/,/g, ''));
  if (!Number.isFinite(n)) return null;
  return thousands ? n * 1000 : n;
}

interface Token {
  text: string;
  lower: string;
  /** The shopper wrote it capitalised ("Ride", "LINE"). */
  capitalised: boolean;
  used: boolean;
}

/** Parse a shopper's query into a SearchIntent. Never throws. */
export function parseShopperQuery(query: string, options: ParseOptions = {}): SearchIntent {
  const raw = query;
  let rest = straightenQuotes(String(query ?? '').slice(0, MAX_PARSED_CHARS)).replace(/\s+/g, ' ');
  const intent = emptyIntent(raw);

  for (const rule of PRICE_RULES) {
    const m = rule.pattern.exec(rest);
    if (!m) continue;
    const a = amount(m[1], m[2]);
    if (a === null) continue;
    const [min, max] = rule.apply(a, amount(m[3], m[4]));
    intent.minPrice ??= min;
    intent.maxPrice ??= max;
    rest = rest.slice(0, m.index) + ' ' + rest.slice(m.index + m[0].length);
  }
  if (intent.minPrice !== null && intent.maxPrice !== null && intent.minPrice > intent.maxPrice) {
    [intent.minPrice, intent.maxPrice] = [intent.maxPrice, intent.minPrice];
  }

  const cm = /(?<![\w.])(\d{2,3}(?:\.\d)?)\s*cm(?!\w)/i.exec(rest);
  const sized =
    cm ??
    /\bsize\s+([a-z0-9]{1,4}(?:\.5)?)(?![\w.])/i.exec(rest) ??
    /(?<![\w.])(1\d{2}\s?(?:w|mw))(?!\w)/i.exec(rest) ??
    // A bare 130–200 is a board or ski length ("burton custom 156"); model numbers sit lower (Mantra 102, Revolt 121).
    /(?<![\w.$])(1[3-9]\d|200)(?![\w.%])(?!\s*(?:dollars?|usd|bucks)\b)/i.exec(rest);
  if (sized) {
    intent.size = cm ? `${sized[1]}cm` : sized[1]!.replace(/\s+/g, '').toUpperCase();
    rest = rest.slice(0, sized.index) + ' ' + rest.slice(sized.index + sized[0].length);
  }

  const tokens: Token[] = (rest.match(/[\p{L}\p{N}]+(?:['.-][\p{L}\p{N}]+)*'?/gu) ?? []).map((text) => ({
    text,
    lower: text.toLowerCase(),
    capitalised: /^\p{Lu}/u.test(text),
    used: false,
  }));

  takeSort(tokens, intent);
  takeBrand(tokens, intent, options.knownBrands ?? []);
  takeVocabulary(tokens, intent);

  intent.text = tokens
    .filter((t) => !t.used && !STOPWORDS.has(t.lower))
    .map((t) => t.lower.replace(/'$/, ''))
    .join(' ');
  return intent;
}

/** The first sort phrase ("top rated", "on sale", "cheapest"), two-word phrases before one-word ones. */
function takeSort(tokens: Token[], intent: SearchIntent): void {
  for (let i = 0; i < tokens.length; i++) {
    const next = tokens[i + 1];
    const pair = next ? sortFromPhrase(`${tokens[i]!.lower} ${next.lower}`) : undefined;
    const sort: SearchSort | undefined = pair ?? sortFromPhrase(tokens[i]!.lower);
    if (!sort) continue;
    const taken = pair ? [tokens[i]!, next!] : [tokens[i]!];
    for (const t of taken) t.used = true;
    intent.sort = sort;
    return;
  }
}

interface BrandSpelling {
  words: string[];
  name: string;
  commonWord: boolean;
}

const BUILT_IN_SPELLINGS: BrandSpelling[] = BRANDS.flatMap((b: BrandInfo) =>
  [b.name, ...(b.aliases ?? [])].map((s) => ({ words: s.split(/[\s-]+/).map(nameKey), name: b.name, commonWord: b.commonWord ?? false })),
);

/** Spellings by their first word, longest first: a query's tokens are looked up, not every brand tried. */
type SpellingIndex = Map<string, BrandSpelling[]>;

function indexSpellings(spellings: readonly BrandSpelling[]): SpellingIndex {
  const byFirst: SpellingIndex = new Map();
  for (const s of spellings) {
    if (s.words.length === 0 || s.words.some((w) => w === '')) continue;
    const list = byFirst.get(s.words[0]!);
    if (list) list.push(s);
    else byFirst.set(s.words[0]!, [s]);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return byFirst;
}

const BUILT_IN_INDEX = indexSpellings(BUILT_IN_SPELLINGS);

/**
 * The spellings of the built-in brands plus `extra`, compiled once per `extra` array: the catalog
 * passes the same array until its brands change, so a search does not recompile hundreds of brands.
 */
const compiled = new WeakMap<readonly string[], SpellingIndex>();
function spellingsWith(extra: readonly string[]): SpellingIndex {
  if (extra.length === 0) return BUILT_IN_INDEX;
  let index = compiled.get(extra);
  if (!index) {
    index = indexSpellings([
      ...BUILT_IN_SPELLINGS,
      // Built-in brands keep their own rules (an everyday-word brand stays capitalised-only).
      ...extra.filter((s) => !findBrand(s)).map((s) => ({ words: s.split(/[\s-]+/).map(nameKey), name: normalizeBrand(s) ?? s, commonWord: false })),
    ]);
    compiled.set(extra, index);
  }
  return index;
}

/** The first brand named in the query (longest spelling first); everyday-word brands only when capitalised. */
function takeBrand(tokens: Token[], intent: SearchIntent, extra: readonly string[]): void {
  const spellings = spellingsWith(extra);
  const keys = tokens.map((t) => nameKey(t.text));
  for (let i = 0; i < tokens.length; i++) {
    for (const spelling of spellings.get(keys[i]!) ?? []) {
      const n = spelling.words.length;
      if (!spelling.words.every((w, k) => keys[i + k] === w)) continue;
      if (spelling.commonWord && !tokens[i]!.capitalised) continue;
      for (let k = 0; k < n; k++) tokens[i + k]!.used = true;
      intent.brand = spelling.name;
      return;
    }
  }
}

function takeVocabulary(tokens: Token[], intent: SearchIntent): void {
  let sport: Category | null = null;
  let gear: Category | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.used) continue;
    const next = tokens[i + 1];
    // Two-word terrain phrases first ("all mountain", "deep snow", "big mountain").
    if (next && !next.used && intent.terrain === null) {
      const pair = parseTerrains(`${token.lower} ${next.lower}`);
      if (pair.length === 1 && parseTerrains(token.lower).length === 0 && parseTerrains(next.lower).length === 0) {
        intent.terrain = pair[0]!;
        token.used = next.used = true;
        continue;
      }
    }
    // Two-word category phrases ("twin tip"): the words stay for text search, they describe a shape too.
    const phrase = next && !next.used ? categoryFromPhrase(`${token.lower} ${next.lower}`) : undefined;
    if (phrase) {
      sport ??= phrase;
      i++;
      continue;
    }
    const category = categoryFromWord(token.lower);
    if (category) {
      token.used = true;
      if (category === 'SNOWBOARD' || category === 'SKI') sport ??= category;
      else gear ??= category;
      // A splitboard is a snowboard, but the shopper wants splitboards: keep the word for text search.
      if (/^splitboards?$/.test(token.lower)) token.used = false;
      continue;
    }
    const skill = skillWord(tokens, i);
    if (skill) {
      intent.skillLevel ??= skill;
      token.used = true;
      continue;
    }
    const terrain = parseTerrains(token.lower);
    if (terrain.length > 0) {
      intent.terrain ??= terrain[0]!;
      token.used = true;
      continue;
    }
    const gender = genderWord(token.lower);
    if (gender) {
      intent.gender ??= gender;
      token.used = true;
    }
  }
  // Gear words win: "snowboard boots" are boots. The catalog has one BOOT category for both sports.
  intent.category = gear ?? sport;
}

/**
 * A skill word. "pro" is also part of model names ("Team Pro", "Flagship Pro"), so it is a
 * skill only when no free-text word comes right before it.
 */
function skillWord(tokens: readonly Token[], i: number): SkillLevel | undefined {
  const token = tokens[i]!;
  const skill = skillFromWord(token.lower);
  if (!skill) return undefined;
  if (token.lower === 'pro') {
    const prev = tokens[i - 1];
    if (prev && !prev.used && !STOPWORDS.has(prev.lower)) return undefined;
  }
  return skill;
}

function genderWord(word: string): Gender | null {
  if (!/^(?:wo)?m[ae]n|^kid|^youth|^junior|^boy|^girl|^toddler|^unisex|^ladies/.test(word)) return null;
  return /^ladies/.test(word) ? 'WOMENS' : parseGender(word);
}

/**
 * The parsed intent with explicit filters applied on top: a filter that is set wins over
 * what the text said (filters.maxPrice beats "under $400"); unset filters leave the text's reading.
 */
export function mergeIntent(parsed: SearchIntent, filters: SearchFilters | null | undefined): SearchIntent {
  if (!filters) return parsed;
  const merged: SearchIntent = { ...parsed };
  if (filters.category) merged.category = filters.category;
  if (filters.brand?.trim()) merged.brand = normalizeBrand(filters.brand);
  if (filters.skillLevel) merged.skillLevel = filters.skillLevel;
  if (filters.gender) merged.gender = filters.gender;
  if (filters.size?.trim()) merged.size = filters.size.trim();
  if (filters.terrain?.trim()) {
    const terrain: Terrain | undefined = parseTerrains(filters.terrain)[0];
    if (terrain) merged.terrain = terrain;
    // A terrain word the catalog does not know still narrows the search, as text.
    else merged.text = [merged.text, filters.terrain.trim().toLowerCase()].filter((s) => s !== '').join(' ');
  }
  if (filters.sort) merged.sort = filters.sort;
  const explicitMin = filters.minPrice ?? null;
  const explicitMax = filters.maxPrice ?? null;
  if (explicitMin !== null) merged.minPrice = explicitMin;
  if (explicitMax !== null) merged.maxPrice = explicitMax;
  if (merged.minPrice !== null && merged.maxPrice !== null && merged.minPrice > merged.maxPrice) {
    // The text's bound gives way to the explicit one.
    if (explicitMax !== null && explicitMin === null) merged.minPrice = null;
    else if (explicitMin !== null && explicitMax === null) merged.maxPrice = null;
  }
  return merged;
}

/**
 * How an intent was understood, as search reports it: the filters, the order, and which free-text
 * words only ranked (every one when the query had a structured part; none when the text was all
 * that was asked, since then it must match).
 */
export function describeIntent(intent: SearchIntent): SearchInterpretation {
  const words = intent.text.split(' ').filter((w) => w !== '');
  return {
    text: intent.text,
    category: intent.category ?? null,
    brand: intent.brand ?? null,
    skillLevel: intent.skillLevel ?? null,
    terrain: intent.terrain ?? null,
    gender: intent.gender ?? null,
    size: intent.size ?? null,
    minPrice: intent.minPrice ?? null,
    maxPrice: intent.maxPrice ?? null,
    sort: intent.sort ?? 'RELEVANCE',
    rankingWords: hasStructuredPart(intent) ? words : [],
  };
}
