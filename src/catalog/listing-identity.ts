import type { Category, Gender, VendorProductRecord } from '../domain/product.js';
import { parseGender } from '../domain/titles.js';
import { nameKey } from './brands.js';
import { bundlePartner, normalizeTitle, slugify, type BundlePartner } from './normalize.js';
import { profileSpec, specLabelKey } from './specs.js';

/**
 * What identifies one retailer listing for cross-retailer matching: its brand, category, model
 * (split into the words every version shares and the profile words that name one version),
 * bundle, model year, gender and the identifiers it carries (GTIN, MPN). Pure: record in, identity out.
 */

/** A board profile's family, coarse on purpose: retailers label one board "Camber" and "Hybrid Camber". */
export type ProfileFamily = 'CAMBER' | 'ROCKER' | 'FLAT';

export interface ListingIdentity {
  record: VendorProductRecord;
  brand: string;
  brandKey: string;
  /** The model name as normalized ("Custom Camber"). */
  model: string;
  category: Category;
  /** The model without its profile words ("custom"): what every profile version shares. */
  baseKey: string;
  /** The profile words the title names ("camber", "flying-v"), or null when it names none. */
  profileKey: string | null;
  /** Family of the title's profile words, when they tell one. */
  profileFamily: ProfileFamily | null;
  /** Family of the profile the spec table states; used only when the title names no profile. */
  specFamily: ProfileFamily | null;
  /** What a bundle packs with the product ("Union Atlas Pro"), or null: a bundle is its own listing. */
  bundle: BundlePartner | null;
  year: number | null;
  gender: Gender | null;
  /** GTIN as 14 digits with a valid check digit, or null. */
  gtin: string | null;
  /** Keys of the manufacturer part number (the whole number, and its style stem), empty when none. */
  mpnKeys: string[];
}

export type SkipReason = 'NO_BRAND' | 'NO_CATEGORY' | 'NO_MODEL';

/** The identity of a crawled record, or why it cannot become a product (nothing is guessed). */
export function identifyListing(record: VendorProductRecord): ListingIdentity | { reason: SkipReason } {
  const title = normalizeTitle(record.title, record.brand);
  const category = record.category ?? title.category;
  if (!title.brand) return { reason: 'NO_BRAND' };
  if (!category) return { reason: 'NO_CATEGORY' };
  if (slugify(title.model) === '') return { reason: 'NO_MODEL' };
  const profile = splitProfile(title.model);
  return {
    record,
    brand: title.brand,
    brandKey: nameKey(title.brand),
    model: title.model,
    category,
    ...profile,
    specFamily: profileFamily(profileSpec(record)),
    bundle: bundlePartner(record.title),
    year: record.year ?? title.year,
    gender: record.gender ?? genderSpec(record) ?? title.gender,
    gtin: normalizeGtin(record.gtin),
    mpnKeys: mpnKeys(record.mpn),
  };
}

/** The gender a spec table states ("Gender: Women's"), when the record has none. */
function genderSpec(record: VendorProductRecord): Gender | null {
  const entry = record.specs.find((s) => specLabelKey(s.name) === 'gender');
  return entry ? parseGender(entry.value) : null;
}

/**
 * Profile words that name one version of a model: "Custom Camber" and "Custom Flying V" are two
 * boards, and "Process" with no profile word is whichever version the retailer left unnamed.
 * Longest first, so "Hybrid Camber" is read before "Camber". Whole words only.
 */
const PROFILE_WORDS: readonly { words: string; family: ProfileFamily }[] = [
  { words: 'hybrid camber', family: 'CAMBER' },
  { words: 'hybrid rocker', family: 'ROCKER' },
  { words: 'reverse camber', family: 'ROCKER' },
  { words: 'flying v', family: 'ROCKER' },
  { words: 'flat top', family: 'FLAT' },
  { words: 'camber', family: 'CAMBER' },
  { words: 'rocker', family: 'ROCKER' },
  { words: 'flat', family: 'FLAT' },
];

function splitProfile(model: string): Pick<ListingIdentity, 'baseKey' | 'profileKey' | 'profileFamily'> {
  let rest = ` ${model.toLowerCase().replace(/\s+/g, ' ')} `;
  const named: string[] = [];
  const families = new Set<ProfileFamily>();
  for (const { words, family } of PROFILE_WORDS) {
    const spaced = ` ${words} `;
    if (!rest.includes(spaced)) continue;
    named.push(slugify(words));
    families.add(family);
    rest = rest.split(spaced).join(' ');
  }
  const baseKey = slugify(rest);
  // A model that is nothing but a profile word keeps it as its name.
  if (named.length === 0 || baseKey === '') return { baseKey: slugify(model), profileKey: null, profileFamily: null };
  return { baseKey, profileKey: named.sort().join('+'), profileFamily: families.size === 1 ? [...families][0]! : null };
}

/**
 * The family a spec value states. "Hybrid Camber" is camber-led, "Hybrid Rocker" and Burton's
 * "Flying V" rocker-led; a value that mixes both without saying which leads (skis'
 * "Rocker/Camber/Rocker") or names something else states no family.
 */
export function profileFamily(value: string | null): ProfileFamily | null {
  if (!value) return null;
  const v = value.toLowerCase().replace(/[^a-z]+/g, ' ').trim();
  if (/\bflying v\b/.test(v)) return 'ROCKER';
  if (/\bflat\b/.test(v)) return 'FLAT';
  const camber = /\bcamber\b/.test(v);
  const rocker = /\brocker\b/.test(v);
  if (camber && rocker) return /^(?:hybrid camber|camber dominant)\b/.test(v) ? 'CAMBER' : /^(?:hybrid rocker|rocker dominant)\b/.test(v) ? 'ROCKER' : null;
  if (/\breverse camber\b/.test(v)) return 'ROCKER';
  return camber ? 'CAMBER' : rocker ? 'ROCKER' : null;
}

/**
 * A GTIN as 14 digits, so that a UPC-12, its EAN-13 form ("0" + UPC) and a GTIN-14 compare equal.
 * Null unless it has 8, 12, 13 or 14 digits and a valid GS1 check digit: anything else is a
 * retailer's own number or a typo, and must not join products.
 */
export function normalizeGtin(gtin: string | null): string | null {
  const digits = gtin?.replace(/[\s-]/g, '') ?? '';
  if (!/^(?:\d{8}|\d{12,14})$/.test(digits) || /^0+$/.test(digits)) return null;
  const padded = digits.padStart(14, '0');
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(padded[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(padded[13]) ? padded : null;
}

/**
 * Keys of a manufacturer part number: the whole number without separators, and, when it starts
 * with a style number (a first segment of 5+ characters, 4+ of them digits: CAPiTA's SKUs
 * "21020300-MSC-154" are style-colour-size), that style, which every size of the product shares.
 * Short or digit-poor values ("CUSTOM", "W25") are no part numbers. Empty when there is none.
 */
export function mpnKeys(mpn: string | null): string[] {
  const raw = mpn?.trim().toUpperCase() ?? '';
  const whole = raw.replace(/[^A-Z0-9]/g, '');
  if (whole.length < 5 || (whole.match(/\d/g)?.length ?? 0) < 3) return [];
  const segments = raw.split(/[^A-Z0-9]+/).filter((s) => s !== '');
  const style = segments[0]!;
  const hasStyle = segments.length > 1 && style.length >= 5 && (style.match(/\d/g)?.length ?? 0) >= 4;
  return hasStyle ? [whole, style] : [whole];
}
