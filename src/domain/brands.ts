/**
 * The gear brands Hexar knows: canonical spelling, other spellings retailers and
 * shoppers use, and the pro riders whose names retailers put into model titles.
 * Unknown brands still work everywhere (they keep the retailer's spelling); this list
 * only merges spellings, lets the query parser recognise brand words and lets a title
 * that begins with its brand say which brand it is. Pure data and functions, no I/O:
 * shared by the catalog and the agents (as domain/titles.ts is).
 */
export interface BrandInfo {
  /** Canonical spelling, as shown to shoppers. */
  name: string;
  aliases?: readonly string[];
  /**
   * The name is also an everyday word ("Ride", "Line", "Now"): the query parser takes it
   * as a brand only when the shopper capitalised it, so "best ride for park" has no brand.
   */
  commonWord?: boolean;
  /** Rider names retailers add to model titles ("Forest Bailey Head Space"). */
  riders?: readonly string[];
}

export const BRANDS: readonly BrandInfo[] = [
  { name: 'Burton' },
  { name: 'CAPiTA', aliases: ['Capita Snowboarding', 'Capita Snowboards'], riders: ['Arthur Longo', 'Jess Kimura'] },
  { name: 'Lib Tech', aliases: ['Lib Technologies', 'Libtech', 'Lib-Tech'], riders: ['Travis Rice', 'T. Rice'] },
  { name: 'GNU', riders: ['Forest Bailey', 'Max Warbington', 'Cummins'] },
  { name: 'Jones', aliases: ['Jones Snowboards'] },
  { name: 'Ride', aliases: ['Ride Snowboards'], commonWord: true },
  { name: 'K2', aliases: ['K2 Snowboarding', 'K2 Skis'] },
  { name: 'Salomon', aliases: ['Solomon'] },
  { name: 'Rossignol' },
  { name: 'Never Summer' },
  { name: 'Arbor', riders: ['Bryan Iguchi', 'Danny Kass', 'DK', 'Mike Liddle'] },
  { name: 'Yes', aliases: ['Yes.'], commonWord: true },
  { name: 'Nitro', riders: ['Hailey Langland', 'Marcus Kleveland'] },
  { name: 'Union', aliases: ['Union Binding Company'] },
  { name: 'Atomic' },
  { name: 'Völkl', aliases: ['Volkl', 'Voelkl'] },
  { name: 'Line', aliases: ['Line Skis'], commonWord: true },
  { name: 'Armada' },
  { name: 'Black Crows' },
  { name: 'Faction' },
  { name: 'Head', commonWord: true },
  { name: 'Nordica' },
  { name: 'Blizzard' },
  { name: 'Elan' },
  { name: 'Moment', commonWord: true },
  { name: 'RMU' },
  { name: 'Season', commonWord: true },
  { name: 'Smith' },
  { name: 'Oakley' },
  { name: 'Giro' },
  { name: 'POC' },
  { name: 'Anon' },
  { name: 'Dragon' },
  { name: "Arc'teryx", aliases: ['Arcteryx'] },
  { name: 'Patagonia' },
  { name: 'The North Face', aliases: ['North Face', 'TNF'] },
  { name: 'Helly Hansen' },
  { name: '686' },
  { name: 'Flux' },
  { name: 'Now', commonWord: true },
  { name: 'DC', aliases: ['DC Shoes'] },
  { name: 'Vans' },
  { name: 'ThirtyTwo', aliases: ['Thirty Two', '32'] },
  { name: 'Tecnica' },
  { name: 'Lange' },
  { name: 'Dalbello' },
  { name: 'Marker', commonWord: true },
  { name: 'Look', commonWord: true },
  { name: 'Tyrolia' },
  { name: 'Coalition Snow' },
  { name: 'Rome', aliases: ['Rome SDS'] },
  { name: 'Sims' },
  { name: 'Dinosaurs Will Die', aliases: ['DWD'] },
  { name: 'Gentemstick', riders: ['Alex Yoder'] },
  { name: 'Aesmo', riders: ['Fernando Elvira'] },
  { name: 'Roxy' },
  { name: 'Bataleon' },
  { name: 'Korua', aliases: ['Korua Shapes'] },
  { name: 'Weston' },
  { name: 'Public', aliases: ['Public Snowboards'], commonWord: true },
  { name: 'Fischer' },
  { name: 'Dynastar' },
  { name: 'DPS' },
  { name: 'Icelantic' },
  { name: 'Kästle', aliases: ['Kastle'] },
  { name: 'Stöckli', aliases: ['Stockli'] },
  { name: 'Full Tilt' },
  { name: 'Black Diamond' },
  { name: 'Dynafit' },
  { name: 'Bent Metal' },
  { name: 'Drake' },
  { name: 'Sweet Protection' },
  { name: 'Volcom' },
  { name: 'Scott', commonWord: true },
];

/** Lowercase, accents folded, letters and digits only: the key two spellings of one name share. */
export function nameKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

const BY_KEY = new Map<string, BrandInfo>();
for (const brand of BRANDS) {
  for (const spelling of [brand.name, ...(brand.aliases ?? [])]) BY_KEY.set(nameKey(spelling), brand);
}

/** The known brand a spelling denotes ("Solomon" → Salomon, "capita" → CAPiTA), or undefined. */
export function findBrand(spelling: string): BrandInfo | undefined {
  return BY_KEY.get(nameKey(spelling));
}

/**
 * Canonical brand name: known brands get their canonical spelling ("Solomon" → "Salomon",
 * "Capita" → "CAPiTA", "Yes." → "Yes"); unknown brands keep the retailer's spelling, trimmed.
 * Null or blank stays null.
 */
export function normalizeBrand(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const cleaned = raw.replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '').replace(/\s+/g, ' ').trim();
  if (cleaned === '' || nameKey(cleaned) === '') return null;
  return findBrand(cleaned)?.name ?? cleaned;
}

/** Rider names of a brand (for stripping from model titles); empty for unknown brands. */
export function brandRiders(brand: string | null | undefined): readonly string[] {
  return brand ? (findBrand(brand)?.riders ?? []) : [];
}

const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

/** A known brand at the start of a title, and how the title writes it. */
export interface BrandInTitle {
  info: BrandInfo;
  /** The title's own words for the brand ("Yes." for Yes, "NOW" for Now). */
  written: string;
}

/**
 * The known brand a title starts with (longest spelling first), or undefined. Everyday-word
 * brands ("Ride", "Head", "Line") count only with `commonWords: true`, for titles known to begin
 * with their brand (evo's): in a title that may not, "Head Space" is a GNU board, not a Head one.
 */
export function knownBrandAtStart(title: string, options: { commonWords?: boolean } = {}): BrandInTitle | undefined {
  const words = title.replace(INVISIBLE, '').trim().split(/\s+/);
  const keys = words.map(nameKey);
  let best: { info: BrandInfo; length: number } | undefined;
  for (const info of BRANDS) {
    if (info.commonWord && !options.commonWords) continue;
    for (const spelling of [info.name, ...(info.aliases ?? [])]) {
      const parts = spelling.split(/\s+/).map(nameKey);
      if (parts.every((w, i) => keys[i] === w) && (!best || parts.length > best.length)) best = { info, length: parts.length };
    }
  }
  return best && { info: best.info, written: words.slice(0, best.length).join(' ') };
}
