import type { Category, Gender } from '../domain/product.js';
import { brandRiders, findBrand, knownBrandAtStart, nameKey, normalizeBrand, type BrandInfo } from './brands.js';
import { GENDER_TOKEN, parseGender, parseYear, removeYears, straightenQuotes } from '../domain/titles.js';
import { parseCategory } from './vocabulary.js';

export { normalizeBrand } from './brands.js';
export { parseGender, parseYear } from '../domain/titles.js';

/**
 * Title normalization: a retailer's product title → the model name it denotes, plus the
 * brand, year, gender and category it states. Two retailers' titles for one product
 * ("Burton Custom Camber Snowboard - 2026 - Men's", "Custom Camber Snowboard 2026")
 * normalize to the same model, which is what cross-retailer matching keys on.
 *
 * Rules, in order (each is general; the few brand-specific facts live in brands.ts and
 * MODEL_ALIASES below): invisible characters out; bundles cut ("+ Binding", "& Bindings",
 * "w/ …"; `bundlePartner` says what they pack); retail tags out ("(Closeout)", "Blem",
 * "2627 Early Release", whose season is the title's year: 2027); years, gender words
 * and category words out; separators (| - /) become spaces; the brand (or the part of a
 * two-word brand a retailer leaked into the title, "Tech …" for Lib Tech) and the brand's
 * riders ("Forest Bailey …", "… By Jess Kimura") out; aliases for known respellings; board
 * lengths (130–199) and Mervin profile codes at the end (C2, C3, C2X) out; "Asym" and a
 * leading "The" out; acronym dots out ("D.O.A." → "DOA"). Profile words that name
 * a distinct product (Camber, Flying V, Flat Top) stay, and so do width words: a wide
 * size in a title ("Agenda 158W") reads as "Wide" and "Mid Wide" as "Midwide", because
 * the wide version of a board is another product than the regular one.
 */

export interface NormalizedTitle {
  /** The model name, e.g. "Custom Camber". Exactly what the rules give (aliases may be lowercase). */
  model: string;
  /** Canonical brand: the one given, else a known brand the title starts with, else null. */
  brand: string | null;
  year: number | null;
  gender: Gender | null;
  category: Category | null;
}

const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
/** Real titles are far shorter; the cap keeps every rule fast on any input. */
export const MAX_TITLE_CHARS = 300;

/** Respellings one retailer uses for a model another spells differently, per brand. */
const MODEL_ALIASES: readonly { brand: string; pattern: RegExp; replacement: string }[] = [
  { brand: 'CAPiTA', pattern: /^Mega Merc(?:ury)?$/i, replacement: 'mega mercury' },
  { brand: 'CAPiTA', pattern: /^SB(?=\s)/i, replacement: 'spring break' },
  { brand: 'CAPiTA', pattern: /(?<!\w)Paradice(?!\w)/i, replacement: 'paradise' },
  { brand: 'CAPiTA', pattern: /^Darkhorse(?!\w)/i, replacement: 'dark horse' },
  { brand: 'Lib Tech', pattern: /^Son Of A Birdman$/i, replacement: 'son of birdman' },
  { brand: 'Yes', pattern: /^Hel Yes$/i, replacement: 'hell yes' },
  { brand: 'Jones', pattern: /(?<!\w)Dreamweaver(?!\w)/i, replacement: 'dream weaver' },
  { brand: 'Burton', pattern: /^Fish 3D(?: Directional)?(?!\w)/i, replacement: '3d fish directional' },
  { brand: 'Burton', pattern: /^3D Family Tree Channel Surfer$/i, replacement: 'family tree 3d channel surfer' },
  { brand: 'Nitro', pattern: /^X Konvoi Surfer$/i, replacement: 'konvoi x nitro surfer' },
];

const CATEGORY_TOKEN =
  /(?<![\w'])(?:snowboards?|skis?|boots?|bindings?|helmets?|goggles?|jackets?|package)(?![\w'])/gi;
/** A board or ski length standing alone in a title ("Doughboy 185", "SI 144 Pow Surfer"). */
const LENGTH_TOKEN = /(?<![\w.])1[3-9]\d(?![\w.])/g;
/** A wide board size ("158W", "157 W"): retailers that list the wide version apart name it by one of its sizes. */
const WIDE_SIZE_TOKEN = /(?<![\w.])1[3-9]\d(?:\.\d)?\s?W(?![\w.'])/g;
/** Bundles: "Board + Union Binding", "Board w/ Rambler Bindings", "Board & Bindings" (not "B&W", not "Salt & Pepper"). */
const BUNDLE = /\s+(?:\+|w\/)\s+(.*)$|\s+&\s+(bindings?(?!\w).*)$/i;
/** "2627 Early Release": next season's model (2026-27) sold before its season. */
const EARLY_RELEASE = /(?<![\w.])(\d{2})(\d{2})\s+early\s+release(?!\w)/i;
/** Mervin (GNU, Lib Tech, Roxy) profile codes, which retailers append to some titles only. */
const PROFILE_CODE_AT_END = /\s+(?:C2X|C2E|C2|C3|BTX)$/i;

/** The model name a retailer title denotes (see `normalizeTitle`). */
export function normalizeModelName(raw: string, brand?: string | null): string {
  return normalizeTitle(raw, brand).model;
}

/** Normalize a retailer title: model name, brand, year, gender and category. */
export function normalizeTitle(raw: string, brand?: string | null): NormalizedTitle {
  const clean = straightenQuotes(raw.replace(INVISIBLE, '').slice(0, MAX_TITLE_CHARS)).replace(/\s+/g, ' ').trim();
  // Everyday-word brands are left out: "Head Space" is a GNU board, not a Head one.
  const info = brand ? findBrand(brand) : knownBrandAtStart(clean)?.info;
  const canonicalBrand = normalizeBrand(brand) ?? info?.name ?? null;
  return {
    model: modelName(clean, canonicalBrand, info),
    brand: canonicalBrand,
    year: earlyReleaseYear(clean) ?? parseYear(clean),
    gender: parseGender(clean),
    category: parseCategory(clean),
  };
}

/**
 * The model year an "early release" title states: "Golden Orca 2627 Early Release" is the
 * 2026-27 season's board, so the 2027 model (a season names its later year, as in `parseYear`).
 * Null for any other title.
 */
export function earlyReleaseYear(title: string): number | null {
  const m = EARLY_RELEASE.exec(title);
  if (!m) return null;
  const [first, second] = [Number(m[1]), Number(m[2])];
  return second === first + 1 ? 2000 + second : null;
}

/** What a bundle packs with the product: a key to compare, and the words a retailer wrote. */
export interface BundlePartner {
  key: string;
  label: string;
}

/**
 * What a bundle title packs with the product: "Kazu Kokubo Pro Snowboard + Union Atlas Pro
 * Binding - 2026" → "Union Atlas Pro"; "Feelgood Snowboard + Step On Package" → "Step On";
 * "Bindings" when the partner is unnamed ("Poppy & Bindings"), "Package" for a package title
 * that names none; null for a title that is no bundle. A bundle is its own listing: it matches
 * only the same bundle, never the product alone.
 */
export function bundlePartner(raw: string): BundlePartner | null {
  const clean = straightenQuotes(raw.replace(INVISIBLE, '').slice(0, MAX_TITLE_CHARS)).replace(/\s+/g, ' ').trim();
  const m = BUNDLE.exec(clean);
  if (!m) return /(?<!\w)package(?!\w)/i.test(clean) ? { key: 'package', label: 'Package' } : null;
  const label = collapse(
    removeYears(m[1] ?? m[2]!)
      .replace(GENDER_TOKEN, ' ')
      .replace(/(?<![\w'])(?:bindings?|package|snowboards?|skis?|boots?)(?![\w'])/gi, ' ')
      .replace(/[|/,;\u2010-\u2015-]+/g, ' '),
  ).replace(/^[\s.:&+'"]+|[\s.:&+'"]+$/g, '');
  const key = slugify(label);
  return key === '' ? { key: 'bindings', label: 'Bindings' } : { key, label };
}

function modelName(clean: string, brand: string | null, info: BrandInfo | undefined): string {
  let s = clean;
  s = s.replace(/\s+(?:\+|w\/)\s.*$/i, ''); // bundle: "Board + Union Binding", "Board w/ Package"
  s = s.replace(/\s+&\s+bindings?(?!\w).*$/i, '');
  s = s.replace(/\((?:closeout|sale|blem|demo|used|clearance)\)/gi, ' ');
  s = s.replace(/(?:\s-\s*|\s|^)blem(?!\w)/gi, ' ');
  s = s.replace(/(?:\s-\s*|\s|^)(?:\d{4}\s+)?early\s+release(?!\w)/gi, ' ');
  s = wideWords(s);
  s = removeYears(s);
  s = s.replace(GENDER_TOKEN, ' ');
  s = s.replace(CATEGORY_TOKEN, ' ');
  s = s.replace(/[|/,;\u2010-\u2015-]+/g, ' ');
  s = collapse(s);
  if (brand) {
    s = stripBrandPrefix(s, brand, info);
    s = stripRiders(s, brandRiders(brand));
    s = applyAliases(s, brand);
  }
  s = keepNonEmpty(s, s.replace(LENGTH_TOKEN, ' '));
  while (PROFILE_CODE_AT_END.test(s)) s = s.replace(PROFILE_CODE_AT_END, '');
  s = keepNonEmpty(s, s.replace(/^Asym\s+/i, '').replace(/\s+Asym$/i, ''));
  s = s.replace(/^The\s+(?=\S)/i, '');
  s = s.replace(/(?<![\w.])((?:[A-Za-z]\.){2,})(?!\w)/g, (dotted) => dotted.replace(/\./g, ''));
  s = s.replace(/^[\s.:&+'"]+/, '').replace(/[\s.:&+'"]+$/, '');
  return collapse(s);
}

/** "158W" → "Wide" (once, and not beside a "Wide" already written), "Mid Wide"/"Mid-Wide" → "Midwide". */
function wideWords(s: string): string {
  const out = s.replace(/(?<!\w)Mid(?:\s+|-)Wide(?!\w)/gi, 'Midwide');
  let word = /(?<!\w)(?:mid)?wide(?!\w)/i.test(out) ? ' ' : 'Wide';
  return out.replace(WIDE_SIZE_TOKEN, () => {
    const replacement = word;
    word = ' ';
    return replacement;
  });
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A rule never empties a model name: "Season" by Season stays "Season". */
function keepNonEmpty(before: string, after: string): string {
  const result = collapse(after);
  return result === '' ? before : result;
}

/**
 * Strip the brand at the start of a title, or the part of a multi-word brand a retailer
 * left in the title after splitting the brand off ("Tech Cold Brew" for Lib Tech,
 * "Will Die Wizard Stick" for Dinosaurs Will Die).
 */
function stripBrandPrefix(s: string, brand: string, info: BrandInfo | undefined): string {
  const tokens = s.split(' ');
  const keys = tokens.map(nameKey);
  const spellings = [brand, ...(info ? [info.name, ...(info.aliases ?? [])] : [])];
  const runs: string[][] = [];
  for (const spelling of spellings) {
    const words = spelling.split(/\s+/).map(nameKey).filter((w) => w !== '');
    runs.push(words);
    for (let i = 1; i < words.length; i++) runs.push(words.slice(0, i), words.slice(i));
  }
  runs.sort((a, b) => b.length - a.length);
  for (const run of runs) {
    if (run.length > 0 && run.length < tokens.length && run.every((w, i) => keys[i] === w)) {
      return tokens.slice(run.length).join(' ');
    }
  }
  return s;
}

/** A rider name as a pattern: "T. Rice" also reads "T.Rice" and "T Rice". */
function riderPattern(rider: string): string {
  const words = rider.split(/\s+/);
  return words
    .map((word, i) => {
      const escaped = word.replace(/\.$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const dotted = word.endsWith('.');
      const separator = i === words.length - 1 ? '' : dotted ? '\\.?\\s*' : '\\s+';
      return escaped + separator;
    })
    .join('');
}

/** Strip a brand's rider names: "Forest Bailey Head Space", "Team Pro Marcus Kleveland", "Equalizer By Jess Kimura", "Cummins' Banked Country". */
function stripRiders(s: string, riders: readonly string[]): string {
  let result = s;
  for (const rider of riders) {
    const r = riderPattern(rider);
    const stripped = result
      .replace(new RegExp(`^${r}(?:'s|')?\\s+`, 'i'), '')
      .replace(new RegExp(`\\s+by\\s+${r}(?!\\w)`, 'i'), '')
      .replace(new RegExp(`\\s+${r}$`, 'i'), '');
    result = keepNonEmpty(result, stripped);
  }
  return result;
}

function applyAliases(s: string, brand: string): string {
  const key = nameKey(brand);
  let result = s;
  for (const alias of MODEL_ALIASES) {
    if (nameKey(alias.brand) === key) result = result.replace(alias.pattern, alias.replacement);
  }
  return result;
}

/**
 * A model name cased for display: names the rules left all lowercase (aliases) get
 * title case, with letter-digit codes upper-cased ("3d fish directional" → "3D Fish Directional").
 */
export function displayCase(model: string): string {
  if (model !== model.toLowerCase()) return model;
  return model
    .split(' ')
    .map((word) => (/\d/.test(word) && /[a-z]/.test(word) ? word.toUpperCase() : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ');
}

/** Lowercase ASCII slug of the given parts ("Burton", "Custom Camber", 2026 → "burton-custom-camber-2026"); empty parts skipped. */
export function slugify(...parts: (string | number | null | undefined)[]): string {
  return parts
    .filter((p): p is string | number => p !== null && p !== undefined && String(p).trim() !== '')
    .map((p) =>
      String(p)
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/'/g, '')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter((p) => p !== '')
    .join('-');
}
