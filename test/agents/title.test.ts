import { describe, expect, it } from 'vitest';
import { genderOf, parseYear } from '../../src/domain/titles.js';

describe('gender and year from retailer titles (as the agents read them, from src/domain/titles.ts)', () => {
  it('reads only what the title (or a Gender attribute) says', () => {
    expect(genderOf("Men's Burton Custom X Camber Snowboard")).toBe('MENS');
    expect(genderOf("Burton Women's Feelgood Snowboard 2026")).toBe('WOMENS');
    expect(genderOf("Burton Kids' Process Smalls Snowboard")).toBe('KIDS');
    expect(genderOf('Burton Custom Camber Snowboard 2026')).toBeNull();
    expect(genderOf('Burton Custom Camber Snowboard', [{ name: 'Gender', value: "Men's" }])).toBe('MENS');
    expect(genderOf('Burton Custom Camber Snowboard', [{ name: 'Gender', value: 'Male' }])).toBe('MENS');
    expect(genderOf('Burton Custom Camber Snowboard', [{ name: 'Gender', value: 'Female' }])).toBe('WOMENS');
    expect(genderOf("Burton Children's Grom Snowboard")).toBe('KIDS');
    expect(genderOf('Burton Jr. Grom Snowboard')).toBe('KIDS');
  });
  it('reads a trailing year, a season, or none', () => {
    expect(parseYear('Burton Custom Camber Snowboard 2026', 'end')).toBe(2026);
    expect(parseYear('Lib Tech Skate Banana Snowboard | Lib Tech 2025-2026')).toBe(2026);
    expect(parseYear('CAPiTA DOA 2025/26')).toBe(2026);
    expect(parseYear('Burton Custom Camber Snowboard')).toBeNull();
    // Not years: part of a model name, a version number, an early-release code.
    expect(parseYear('K2000 ATSB LTD')).toBeNull();
    expect(parseYear('Dream Weaver 2.0 2026')).toBe(2026);
    expect(parseYear('Dream Weaver 2020.5')).toBeNull();
    expect(parseYear('Orca II 2627 Early Release')).toBeNull();
  });
});
