import { describe, expect, it } from 'vitest';
import { mergeVendorRecordsDetailed } from '../../src/catalog/matching.js';
import type { VendorProductRecord } from '../../src/domain/product.js';
import { labelledRecord, readLabelledPairs } from './labelled-pairs.js';

/**
 * Cross-retailer matching measured on a labelled set: pairs of listings (an evo-style and a
 * backcountry-style record) built from real model names, each labelled same product or not.
 * test/fixtures/matching/SOURCES.md says how the set was built.
 */

/** Same product ⇔ the real matching puts both listings into one product. */
function matched(records: VendorProductRecord[]): { same: boolean; ids: string[]; skipped: number } {
  const { products, skipped } = mergeVendorRecordsDetailed(records);
  const same = products.length === 1 && products[0]!.listings.length === 2;
  return { same, ids: products.map((p) => p.id), skipped: skipped.length };
}

const pairs = readLabelledPairs();
const results = pairs.map((pair) => {
  const evo = labelledRecord(pair, 'evo');
  const backcountry = labelledRecord(pair, 'backcountry');
  return { pair, forward: matched([evo, backcountry]), backward: matched([backcountry, evo]) };
});

describe('the labelled set', () => {
  it('holds at least 60 pairs, about half of them the same product, with every tricky kind the issue names', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(60);
    expect(new Set(pairs.map((p) => p.id)).size).toBe(pairs.length);
    const positives = pairs.filter((p) => p.same).length;
    expect(positives / pairs.length).toBeGreaterThan(0.4);
    expect(positives / pairs.length).toBeLessThan(0.6);
    const kinds = (same: boolean) => new Set(pairs.filter((p) => p.same === same).flatMap((p) => p.kinds));
    for (const kind of ['other-year', 'womens-mens', 'wide', 'profile', 'x-pro-team', 'kids']) expect(kinds(false)).toContain(kind);
    for (const kind of ['gender-unsaid', 'title-style', 'season', 'brand-casing', 'no-noun', 'gtin', 'mpn', 'profile-unsaid']) expect(kinds(true)).toContain(kind);
  });

  it('every listing is usable (none skipped for a missing brand, category or model)', () => {
    expect(results.filter((r) => r.forward.skipped > 0).map((r) => r.pair.id)).toEqual([]);
  });
});

describe('matching on the labelled set: precision ≥ 0.97, recall ≥ 0.90', () => {
  it('the answer does not depend on which retailer comes first', () => {
    for (const r of results) {
      expect(r.backward, r.pair.id).toEqual(r.forward);
    }
  });

  it('meets the bar, and prints the score and every misclassified pair', () => {
    const tp = results.filter((r) => r.pair.same && r.forward.same).length;
    const fp = results.filter((r) => !r.pair.same && r.forward.same).length;
    const fn = results.filter((r) => r.pair.same && !r.forward.same).length;
    const tn = results.length - tp - fp - fn;
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
    console.log(
      `matching on ${results.length} labelled pairs: precision ${precision.toFixed(3)} (${tp}/${tp + fp}), ` +
        `recall ${recall.toFixed(3)} (${tp}/${tp + fn}); tp ${tp} fp ${fp} fn ${fn} tn ${tn}`,
    );
    for (const r of results.filter((x) => x.pair.same !== x.forward.same)) {
      console.log(
        `  ${r.pair.same ? 'missed (fn)' : 'wrongly merged (fp)'} ${r.pair.id}: ${JSON.stringify(r.pair.evo.title)} | ` +
          `${JSON.stringify(r.pair.backcountry.title)} → ${r.forward.ids.join(', ')}`,
      );
    }
    expect(precision).toBeGreaterThanOrEqual(0.97);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
