import type { Category, ProductSpecs, SkillLevel, SpecEntry, VendorProductRecord } from '../domain/product.js';
import type { Terrain } from '../domain/search.js';
import { parseSkillLevels, parseTerrains } from './vocabulary.js';

/**
 * Retailer spec tables → typed ProductSpecs. Each retailer labels specs its own way
 * (evo: "Flex Rating", "Rocker Type"; backcountry: "Flex", "Profile"; evo's exports:
 * "Spec - Ability Level:"), so labels are reduced to a key and looked up in synonym lists.
 * Only spec tables feed typed fields: feature texts ("Symmetric Flex™ - The same flex…")
 * describe, they do not rate. Everything stays in `raw` as the retailers labelled it.
 */

const SYNONYMS = {
  flex: ['flex rating', 'flex', 'stiffness'],
  profile: ['rocker type', 'profile', 'camber profile', 'rocker profile', 'camber type', 'bend'],
  shape: ['shape', 'board shape', 'ski shape', 'tail type'],
  terrain: ['terrain', 'recommended use', 'riding style', 'best for', 'terrain type'],
  skill: ['ability level', 'skill level', 'rider level', 'ability', 'rider ability'],
  waist: ['waist width', 'waist', 'waist width mm'],
  sizes: ['size', 'sizes', 'length', 'lengths', 'available lengths'],
} as const;

/** A spec label reduced to its key: "Spec - Ability Level:" → "ability level", "Waist Width (mm)" → "waist width mm". */
export function specLabelKey(label: string): string {
  return label
    .toLowerCase()
    .replace(/^\s*(?:spec|specs|detail|details|attribute)\s*[-:]\s*/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The first value any record's spec table gives under one of the labels, in label order. */
function firstSpec(records: readonly Pick<VendorProductRecord, 'specs'>[], labels: readonly string[]): string | null {
  for (const label of labels) {
    for (const record of records) {
      const entry = record.specs.find((s) => specLabelKey(s.name) === label && s.value.trim() !== '');
      if (entry) return entry.value.trim();
    }
  }
  return null;
}

/** The profile a record's spec table states ("Rocker Type: Camber", "Profile: hybrid rocker"), or null. */
export function profileSpec(record: Pick<VendorProductRecord, 'specs'>): string | null {
  return firstSpec([record], SYNONYMS.profile);
}

function allSpecs(records: readonly VendorProductRecord[], labels: readonly string[]): string[] {
  const set = new Set<string>(labels);
  return records.flatMap((r) => r.specs.filter((s) => set.has(specLabelKey(s.name))).map((s) => s.value));
}

/** A length in cm from a size label: "154" → 154, "157W" → 157, "180cm" → 180; null for "10.5", "M". */
export function lengthCmFromSize(size: string): number | null {
  const m = /^\s*(\d{2,3}(?:\.\d)?)\s*(?:cm)?\s*(?:w|wide|mw|mid\s*wide|midwide|x|xw)?\s*$/i.exec(size);
  if (!m) return null;
  const cm = Number(m[1]);
  // Kids' boards start near 80 cm; the longest skis and boards stay under 230.
  return cm >= 80 && cm <= 230 ? cm : null;
}

/** Waist width in mm from "92mm", "250 mm", "25.2 cm", "106"; null when none is stated. */
export function waistWidthMm(value: string | null): number | null {
  if (!value) return null;
  const m = /(\d+(?:\.\d+)?)\s*(mm|cm)?/i.exec(value);
  if (!m) return null;
  const mm = m[2]?.toLowerCase() === 'cm' ? Number(m[1]) * 10 : Number(m[1]);
  return mm >= 40 && mm <= 400 ? Math.round(mm * 10) / 10 : null;
}

function unionSizes(records: readonly VendorProductRecord[]): string[] {
  const seen = new Map<string, string>();
  // backcountry's "Length: 150, 153, 156 cm" states the unit once for the whole list.
  const fromSpecs = allSpecs(records, SYNONYMS.sizes).flatMap((v) => v.replace(/\s*cm\s*$/i, '').split(/\s*[,;]\s*/));
  for (const size of [...records.flatMap((r) => r.sizes), ...fromSpecs]) {
    const trimmed = size.trim();
    const key = trimmed.toLowerCase().replace(/\s+/g, '').replace(/^(\d+(?:\.\d+)?)cm$/, '$1');
    if (trimmed !== '' && !seen.has(key)) seen.set(key, trimmed);
  }
  const sizes = [...seen.values()];
  const lead = (s: string) => Number(/^\d+(?:\.\d+)?/.exec(s)?.[0]);
  // Numbered sizes read best in order; lettered sizes (S, M, L) keep the retailer's order.
  if (sizes.every((s) => !Number.isNaN(lead(s)))) {
    sizes.sort((a, b) => lead(a) - lead(b) || (a < b ? -1 : a > b ? 1 : 0));
  }
  return sizes;
}

function unionRaw(records: readonly VendorProductRecord[]): SpecEntry[] {
  const seen = new Set<string>();
  const raw: SpecEntry[] = [];
  for (const entry of [...records.flatMap((r) => r.specs), ...records.flatMap((r) => r.features)]) {
    const name = entry.name.trim();
    const value = entry.value.trim();
    const key = `${specLabelKey(name)}\u0000${value.toLowerCase()}`;
    if (value === '' || seen.has(key)) continue;
    seen.add(key);
    raw.push({ name, value });
  }
  return raw;
}

/** Typed specs for one product from all its retailers' records (in the order given: the first record's value wins). */
export function buildProductSpecs(records: readonly VendorProductRecord[], category: Category): ProductSpecs {
  const terrain = new Set<Terrain>();
  for (const value of allSpecs(records, SYNONYMS.terrain)) for (const t of parseTerrains(value)) terrain.add(t);
  const skills = new Set<SkillLevel>();
  for (const value of allSpecs(records, SYNONYMS.skill)) for (const s of parseSkillLevels(value)) skills.add(s);
  const sizes = unionSizes(records);
  const hasLengths = category === 'SNOWBOARD' || category === 'SKI';
  const lengths = hasLengths ? sizes.map(lengthCmFromSize).filter((n): n is number => n !== null) : [];
  return {
    flex: firstSpec(records, SYNONYMS.flex),
    profile: firstSpec(records, SYNONYMS.profile),
    shape: firstSpec(records, SYNONYMS.shape),
    terrain: [...terrain],
    skillLevels: parseSkillLevels([...skills].join(' ')),
    sizes,
    lengthsCm: [...new Set(lengths)].sort((a, b) => a - b),
    waistWidthMm: waistWidthMm(firstSpec(records, SYNONYMS.waist)),
    raw: unionRaw(records),
  };
}
