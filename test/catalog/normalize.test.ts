import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { knownBrandAtStart } from '../../src/catalog/brands.js';
import { bundlePartner, earlyReleaseYear, normalizeBrand, normalizeModelName, normalizeTitle, parseGender, parseYear, slugify } from '../../src/catalog/normalize.js';

const cases = JSON.parse(readFileSync(new URL('../fixtures/real/model-name-normalization.json', import.meta.url), 'utf8')) as {
  raw: string;
  brand: string | null;
  expected: string;
}[];

describe('model name normalization on real retailer titles', () => {
  it('reads every fixture case', () => {
    expect(cases.length).toBeGreaterThan(150);
  });

  it.each(cases.map((c) => [c.raw, c.brand, c.expected] as const))('normalizeModelName(%j, %j) → %j', (raw, brand, expected) => {
    expect(normalizeModelName(raw, brand)).toBe(expected);
  });
});

describe('normalizeTitle: what a title states besides the model', () => {
  it('reads brand, year, gender and category from an evo-style title', () => {
    expect(normalizeTitle("Burton Custom Camber Snowboard - 2026 - Men's")).toEqual({
      model: 'Custom Camber',
      brand: 'Burton',
      year: 2026,
      gender: 'MENS',
      category: 'SNOWBOARD',
    });
  });

  it('two retailers\u2019 titles of one board give one model', () => {
    const evo = normalizeTitle("Lib Tech T. Rice Orca Snowboard - 2026 - Men's", 'Lib Tech');
    const backcountry = normalizeTitle('Lib Tech T.Rice Orca Snowboard', 'Lib Technologies');
    expect(evo.model).toBe('Orca');
    expect(backcountry.model).toBe('Orca');
    expect(backcountry.brand).toBe('Lib Tech');
  });

  it('gear words beat sport words for the category', () => {
    expect(normalizeTitle('Burton Ruler BOA Snowboard Boots').category).toBe('BOOT');
    expect(normalizeTitle('Burton Ruler BOA Snowboard Boots').model).toBe('Ruler BOA');
    expect(normalizeTitle('Line Sakana Skis 2025').category).toBe('SKI');
  });

  it('leaves a missing year, gender or category null', () => {
    expect(normalizeTitle('Halldor')).toEqual({ model: 'Halldor', brand: null, year: null, gender: null, category: null });
  });
});

describe('normalizeBrand', () => {
  it.each([
    ['Solomon', 'Salomon'],
    ['salomon', 'Salomon'],
    ['CAPiTA', 'CAPiTA'],
    ['Capita', 'CAPiTA'],
    ['capita snowboarding', 'CAPiTA'],
    ['  lib   tech ', 'Lib Tech'],
    ['Lib Technologies', 'Lib Tech'],
    ['Yes.', 'Yes'],
    ['Volkl', 'Völkl'],
    ['Arcteryx', "Arc'teryx"],
    ['Gentemstick', 'Gentemstick'],
    ['Some New Brand', 'Some New Brand'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeBrand(raw)).toBe(expected);
  });

  it('null and blank stay null', () => {
    expect(normalizeBrand(null)).toBeNull();
    expect(normalizeBrand('  \u200b ')).toBeNull();
  });
});

describe('a season in a title is a year, not part of the model name', () => {
  it.each(['Stratos Snowboard 2025-26', 'Stratos Snowboard - 2025/26', 'Stratos Snowboard - 2025 - 2026', 'Stratos Snowboard 2026.'])('%j', (raw) => {
    expect(normalizeTitle(raw, 'Jones')).toMatchObject({ model: 'Stratos', year: 2026 });
  });
});

describe('parseYear', () => {
  it.each([
    ['Custom Snowboard - 2026', 2026],
    ['Process Camber Snowboard - 2025/2026', 2026],
    // A season is the later (model) year, however it is written; of several years, the last is the retailer's.
    ['Custom Snowboard 2025-26', 2026],
    ['Custom Snowboard 2025/26', 2026],
    ['Custom 2024 Edition Snowboard - 2026', 2026],
    ['Orca II 2627 Early Release', null],
    ['K2000 ATSB LTD', null],
    ['Dream Weaver 2.0', null],
    ['', null],
  ])('%j → %j', (text, year) => {
    expect(parseYear(text)).toBe(year);
  });
});

describe('parseGender', () => {
  it.each([
    ["Algorhythm Snowboard - 2026 - Men's", 'MENS'],
    ["Women's Basic Snowboard 2026", 'WOMENS'],
    ['Dynamiss Snowboard - Womens', 'WOMENS'],
    ["Ultra Prodigy Snowboard - Kids'", 'KIDS'],
    ["Mini Ramp C3 Snowboard - Boys' 2025", 'KIDS'],
    ['Youth Helmet', 'KIDS'],
    ['Unisex Goggles', 'UNISEX'],
    ['Men\u2019s Jacket', 'MENS'],
    ["Ladies' Jacket", 'WOMENS'],
    ['Gender: Female', 'WOMENS'],
    ['Gender: Male', 'MENS'],
    ['Custom Camber', null],
  ])('%j → %j', (text, gender) => {
    expect(parseGender(text)).toBe(gender);
  });
});

describe('slugify', () => {
  it('makes lowercase ASCII ids and skips missing parts', () => {
    expect(slugify('SNOWBOARD', 'Burton', 'Custom Camber', 2026, 'MENS')).toBe('snowboard-burton-custom-camber-2026-mens');
    expect(slugify('SKI', 'Völkl', "Arc'teryx Revolt 121", null, undefined)).toBe('ski-volkl-arcteryx-revolt-121');
  });
});

describe('normalizeTitle is robust to any input', () => {
  it.each([
    ['dots', `a${'.'.repeat(20_000)}b`],
    ['dashes', `x${' -'.repeat(10_000)}y`],
    ['acronym-like', 'A.'.repeat(10_000)],
    ['lengths', '150 '.repeat(5_000)],
  ])('returns for 10+ kB of %s', (_name, raw) => {
    expect(typeof normalizeTitle(raw, 'Lib Tech').model).toBe('string');
  });
});

describe('brand from the title when the retailer gives none', () => {
  it('finds a known brand at the start, never an everyday-word brand', () => {
    expect(normalizeTitle('Never Summer Proto Ultra Snowboard 2026')).toMatchObject({ brand: 'Never Summer', model: 'Proto Ultra' });
    expect(normalizeTitle('Head Space Snowboard')).toMatchObject({ brand: null, model: 'Head Space' });
  });

  it('knownBrandAtStart: everyday-word brands only for titles known to begin with their brand, in the title\u2019s own spelling', () => {
    expect(knownBrandAtStart('Head Space Snowboard')).toBeUndefined();
    expect(knownBrandAtStart('Ride Wildlife Snowboard 2026', { commonWords: true })).toMatchObject({ info: { name: 'Ride' }, written: 'Ride' });
    expect(knownBrandAtStart('Yes. Basic Snowboard 2026', { commonWords: true })).toMatchObject({ info: { name: 'Yes' }, written: 'Yes.' });
    // The longest spelling wins: "Lib Tech", not a one-word alias.
    expect(knownBrandAtStart('Lib\u200b Tech Cold Brew C2 Snowboard 2026')).toMatchObject({ info: { name: 'Lib Tech' }, written: 'Lib Tech' });
    expect(knownBrandAtStart('Nidecker Rift Snowboard Boots 2026', { commonWords: true })).toBeUndefined();
  });
});

describe('width words stay in the model: the wide version is another product', () => {
  it.each([
    ['Agenda 158W Snowboard - 2020', 'Ride', 'Agenda Wide'],
    ['Mountain Twin 157 W Snowboard', 'Jones', 'Mountain Twin Wide'],
    ['Custom Wide 158W Snowboard', 'Burton', 'Custom Wide'],
    ['Coda Camber Mid-Wide Snowboard - 2020', 'Arbor', 'Coda Camber Midwide'],
    ['Coda Camber Mid Wide Snowboard', 'Arbor', 'Coda Camber Midwide'],
    ['Doughboy 185', 'Lib Tech', 'Doughboy'],
  ])('%j (%s) → %j', (raw, brand, model) => {
    expect(normalizeModelName(raw, brand)).toBe(model);
  });
});

describe('bundles: what the title packs with the product', () => {
  it.each([
    ['Kazu Kokubo Pro Snowboard + Union Atlas Pro Binding - 2026', { key: 'union-atlas-pro', label: 'Union Atlas Pro' }],
    ['Nitro Prime Screen Snowboard w/ Rambler Bindings 2020', { key: 'rambler', label: 'Rambler' }],
    ["Feelgood Snowboard + Step On Package - Women's", { key: 'step-on', label: 'Step On' }],
    ["Line Wallisch Shorty Skis + FDT 4.5 Bindings - Kids' 2026", { key: 'fdt-4-5', label: 'FDT 4.5' }],
    ['Poppy & Bindings Snowboard', { key: 'bindings', label: 'Bindings' }],
    ['After School Special Package', { key: 'package', label: 'Package' }],
    ['Rossignol District B&W Snowboard 2020', null],
    ['Custom Camber Snowboard', null],
  ])('%j → %j', (raw, partner) => {
    expect(bundlePartner(raw)).toEqual(partner);
  });
});

describe('an early release is next season\u2019s model', () => {
  it.each([
    ['Golden Orca 2627 EARLY RELEASE', 2027],
    ['Doughboy 185 - 2627 Early Release', 2027],
    ['Orca II 2627 Early Release', 2027],
    ['Golden Orca Snowboard 2026', null],
    ['K2 2627 Snowboard', null],
  ])('%j → %j', (raw, year) => {
    expect(earlyReleaseYear(raw)).toBe(year);
    if (year) expect(normalizeTitle(raw, 'Lib Tech').year).toBe(year);
  });
});

describe('"WMN" is women\u2019s (CAPiTA names its women\u2019s boards so)', () => {
  it('reads the gender and keeps it out of the model', () => {
    expect(normalizeTitle('THE NAVIGATOR WMN', 'CAPiTA')).toMatchObject({ model: 'NAVIGATOR', gender: 'WOMENS' });
    expect(parseGender('Wmns Snowboard')).toBe('WOMENS');
  });
});
