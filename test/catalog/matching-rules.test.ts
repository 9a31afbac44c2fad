import { describe, expect, it } from 'vitest';
import { mpnKeys, normalizeGtin, profileFamily } from '../../src/catalog/listing-identity.js';
import { mergeVendorRecords } from '../../src/catalog/matching.js';
import type { VendorProductRecord } from '../../src/domain/product.js';
import { vendorRecord } from './helpers.js';

/** The rules of rigorous matching, one at a time, on small sets of records. */

const NOW = new Date('2026-01-15T12:00:00.000Z');
type Over = Partial<VendorProductRecord> & Pick<VendorProductRecord, 'title'>;
let seq = 0;
const evo = (over: Over) => vendorRecord({ vendor: 'evo', vendorProductId: `e${seq++}`, category: 'SNOWBOARD', ...over });
const bc = (over: Over) => vendorRecord({ vendor: 'backcountry', vendorProductId: `B${seq++}`, category: 'SNOWBOARD', ...over });
/** Titles per product, sorted: what merged with what. */
const grouping = (...records: VendorProductRecord[]) =>
  mergeVendorRecords(records, NOW)
    .map((p) => p.listings.map((l) => `${l.vendor}: ${l.title}`).sort())
    .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));

describe('GTIN and MPN decide when both listings carry them', () => {
  it('a UPC-12, its EAN-13 form and its GTIN-14 form are one GTIN', () => {
    expect(normalizeGtin('887123456781')).toBe('00887123456781');
    expect(normalizeGtin('0887123456781')).toBe('00887123456781');
    expect(normalizeGtin('00887123456781')).toBe('00887123456781');
    expect(normalizeGtin('0-887123-456781')).toBe('00887123456781');
  });

  it('a value with a wrong check digit, a wrong length or all zeros is no GTIN', () => {
    expect(normalizeGtin('887123456789')).toBeNull();
    expect(normalizeGtin('12345')).toBeNull();
    expect(normalizeGtin('0000000000000')).toBeNull();
    expect(normalizeGtin(null)).toBeNull();
  });

  it('listings with one GTIN merge whatever their titles; a GTIN that fails its check digit joins nothing', () => {
    const a = evo({ title: 'Burton Fish 3D Directional Flat Top Snowboard 2026', brand: 'Burton', gtin: '887123456781' });
    const b = bc({ title: '3D Fish Snowboard - 2026', brand: 'Burton', gtin: '00887123456781' });
    expect(grouping(a, b)).toHaveLength(1);
    expect(grouping({ ...a, gtin: '887123456789' }, { ...b, gtin: '887123456789' })).toHaveLength(2);
  });

  it('brand + MPN merge; a style number matches the size SKUs that start with it', () => {
    expect(mpnKeys('1241170-MSC-158')).toEqual(['1241170MSC158', '1241170']);
    expect(mpnKeys('W25-1068911100066W')).toEqual(['W251068911100066W']);
    expect(mpnKeys('CUSTOM')).toEqual([]);
    const a = evo({ title: 'CAPiTA Spring Break Powder Glider Snowboard 2026', brand: 'CAPiTA', mpn: '1241170' });
    const b = bc({ title: 'Powder Glider Snowboard - 2026', brand: 'Capita', mpn: '1241170-MSC-158' });
    expect(grouping(a, b)).toHaveLength(1);
    expect(grouping(a, { ...b, brand: 'Burton' })).toHaveLength(2);
  });

  it('an MPN never overrides a model year or gender both listings state (style numbers outlive seasons)', () => {
    const a = evo({ title: 'CAPiTA Mega Death Snowboard 2025', brand: 'CAPiTA', mpn: '21010200' });
    const b = bc({ title: 'Mega Death Snowboard - 2026', brand: 'CAPiTA', mpn: '21010200' });
    expect(grouping(a, b)).toHaveLength(2);
  });

  it('differing GTINs do not keep same-named listings apart: each page shows one size\u2019s GTIN', () => {
    const a = evo({ title: 'Jones Stratos Snowboard 2026', brand: 'Jones', gtin: '887123456781' });
    const b = bc({ title: 'Stratos Snowboard - 2025/2026', brand: 'Jones', gtin: '887123456798' });
    expect(normalizeGtin(b.gtin)).not.toBeNull();
    expect(grouping(a, b)).toHaveLength(1);
  });
});

describe('profile words: part of the model when they tell versions apart', () => {
  const custom = evo({ title: 'Burton Custom Snowboard 2026', brand: 'Burton' });
  const camber = bc({ title: "Custom Camber Snowboard - 2026 - Men's", brand: 'Burton' });
  const flyingV = bc({ title: "Custom Flying V Snowboard - 2026 - Men's", brand: 'Burton' });

  it('a title without a profile word joins the only version named with one', () => {
    expect(grouping(custom, camber)).toEqual([[`backcountry: ${camber.title}`, `evo: ${custom.title}`]]);
    // The id names the version.
    expect(mergeVendorRecords([custom, camber], NOW).map((p) => p.id)).toEqual(['snowboard-burton-custom-camber-2026-mens']);
  });

  it('stays apart when two versions fit, and joins the one its spec table names', () => {
    expect(grouping(custom, camber, flyingV)).toHaveLength(3);
    const withSpec = { ...custom, specs: [{ name: 'Rocker Type', value: 'Camber' }] };
    expect(grouping(withSpec, camber, flyingV)).toEqual([[`backcountry: ${camber.title}`, `evo: ${custom.title}`], [`backcountry: ${flyingV.title}`]]);
    expect(grouping(withSpec, flyingV)).toHaveLength(2);
  });

  it('a retailer that lists the unnamed version beside a named one sells two boards', () => {
    const evoFlyingV = evo({ title: 'Burton Custom Flying V Snowboard 2026', brand: 'Burton' });
    expect(grouping(custom, evoFlyingV, flyingV)).toEqual([
      [`backcountry: ${flyingV.title}`, `evo: ${evoFlyingV.title}`],
      [`evo: ${custom.title}`],
    ]);
  });

  it('two listings of one retailer never fill in each other\u2019s unsaid year, gender or profile', () => {
    const house = (title: string) => vendorRecord({ vendor: 'house', vendorProductId: title, title, brand: 'Burton', category: 'SNOWBOARD' });
    expect(grouping(house('Burton Process Snowboard 2020'), house('Burton Process Flying V Snowboard 2020'))).toHaveLength(2);
    expect(grouping(house('Burton Custom Camber Snowboard'), house('Burton Custom Snowboard 2020'))).toHaveLength(2);
  });

  it('spec values fall into camber-, rocker- and flat-led families; mixed ski profiles state none', () => {
    expect(['Camber', 'Hybrid Camber', 'camber'].map(profileFamily)).toEqual(['CAMBER', 'CAMBER', 'CAMBER']);
    expect(['Rocker', 'Hybrid Rocker', 'Flying V', 'Reverse Camber'].map(profileFamily)).toEqual(['ROCKER', 'ROCKER', 'ROCKER', 'ROCKER']);
    expect(['Flat', 'Flat Top'].map(profileFamily)).toEqual(['FLAT', 'FLAT']);
    expect(['Rocker/Camber/Rocker', 'Directional', null].map(profileFamily)).toEqual([null, null, null]);
  });
});

describe('wide and bundles are other products', () => {
  it('a wide size in the title is the wide version', () => {
    const wide = evo({ title: 'Ride Agenda Wide Snowboard 2020', brand: 'Ride' });
    const bySize = bc({ title: 'Agenda 158W Snowboard - 2020', brand: 'Ride' });
    const regular = bc({ title: 'Agenda Snowboard - 2020', brand: 'Ride' });
    expect(grouping(wide, bySize)).toHaveLength(1);
    expect(grouping(wide, regular)).toHaveLength(2);
  });

  it('a board with bindings is its own product, named and id\u2019d for what it packs', () => {
    const board = evo({ title: 'CAPiTA Kazu Kokubo Pro Snowboard 2026', brand: 'CAPiTA' });
    const bundle = bc({ title: 'Kazu Kokubo Pro Snowboard + Union Atlas Pro Binding - 2026', brand: 'CAPiTA' });
    const products = mergeVendorRecords([board, bundle], NOW);
    expect(products.map((p) => [p.id, p.name])).toEqual([
      ['snowboard-capita-kazu-kokubo-pro-2026', 'CAPiTA Kazu Kokubo Pro'],
      ['snowboard-capita-kazu-kokubo-pro-union-atlas-pro-2026', 'CAPiTA Kazu Kokubo Pro + Union Atlas Pro'],
    ]);
    const sameBundle = evo({ title: 'CAPiTA Kazu Kokubo Pro Snowboard w/ Union Atlas Pro Bindings 2026', brand: 'CAPiTA' });
    expect(grouping(sameBundle, bundle)).toHaveLength(1);
  });
});

describe('gender and model year', () => {
  it('a listing that states no gender joins one that does; women\u2019s never joins men\u2019s', () => {
    const none = evo({ title: 'CAPiTA The Navigator Snowboard 2026', brand: 'CAPiTA' });
    const womens = bc({ title: 'Navigator WMN Snowboard - 2026', brand: 'CAPiTA' });
    expect(mergeVendorRecords([none, womens], NOW).map((p) => p.id)).toEqual(['snowboard-capita-navigator-2026-womens']);
    const mens = { ...none, specs: [{ name: 'Gender', value: "Men's" }] };
    expect(grouping(mens, womens)).toHaveLength(2);
  });

  it('an early release ("2627 Early Release") is next season\u2019s model', () => {
    const current = evo({ title: 'Lib Tech T. Rice Golden Orca Snowboard 2026', brand: 'Lib Tech' });
    const early = bc({ title: 'Golden Orca 2627 EARLY RELEASE', brand: 'Lib Tech' });
    expect(mergeVendorRecords([current, early], NOW).map((p) => p.id)).toEqual([
      'snowboard-lib-tech-golden-orca-2026',
      'snowboard-lib-tech-golden-orca-2027',
    ]);
  });
});
