import { describe, expect, it } from 'vitest';
import { genderOf, yearFromTitle } from '../../src/agents/title.js';

describe('gender and year from retailer titles', () => {
  it('reads only what the title (or a Gender attribute) says', () => {
    expect(genderOf("Men's Burton Custom X Camber Snowboard")).toBe('MENS');
    expect(genderOf("Burton Women's Feelgood Snowboard 2026")).toBe('WOMENS');
    expect(genderOf("Burton Kids' Process Smalls Snowboard")).toBe('KIDS');
    expect(genderOf('Burton Custom Camber Snowboard 2026')).toBeNull();
    expect(genderOf('Burton Custom Camber Snowboard', [{ name: 'Gender', value: "Men's" }])).toBe('MENS');
  });
  it('reads a trailing year, a season, or none', () => {
    expect(yearFromTitle('Burton Custom Camber Snowboard 2026', 'end')).toBe(2026);
    expect(yearFromTitle('Lib Tech Skate Banana Snowboard | Lib Tech 2025-2026')).toBe(2026);
    expect(yearFromTitle('CAPiTA DOA 2025/26')).toBe(2026);
    expect(yearFromTitle('Burton Custom Camber Snowboard')).toBeNull();
  });
});
