import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { readRows } from '../../src/agents/extract/rows.js';

const SPEC = { row: '.pdp-spec-list-item', name: '.pdp-spec-list-title strong', value: '.pdp-spec-list-description' };

describe('readRows', () => {
  it('keeps what a row states and skips rows that state no name or no value', () => {
    const $ = load(`<ul>
      <li class="pdp-spec-list-item"><span class="pdp-spec-list-title"><strong>Ability Level</strong></span><span class="pdp-spec-list-description">Beginner-Intermediate</span></li>
      <li class="pdp-spec-list-item"><span class="pdp-spec-list-title"><strong>Warranty</strong></span><span class="pdp-spec-list-description">  </span></li>
      <li class="pdp-spec-list-item"><span class="pdp-spec-list-title"><strong></strong></span><span class="pdp-spec-list-description">Camber</span></li>
    </ul>`);
    expect(readRows($, SPEC)).toEqual([{ name: 'Ability Level', value: 'Beginner-Intermediate' }]);
  });
});
