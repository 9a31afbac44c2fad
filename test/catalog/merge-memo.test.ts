import { describe, expect, it } from 'vitest';
import { MergeMemo, mergeVendorRecordsDetailed } from '../../src/catalog/matching.js';
import type { VendorProductRecord } from '../../src/domain/product.js';
import { labelledRecord, readLabelledPairs } from './labelled-pairs.js';

const FIRST = new Date('2026-01-15T12:00:00.000Z');
const LATER = new Date('2026-01-16T12:00:00.000Z');

// Every labelled pair's two listings (matching and not): 232 records, the matching set's hard cases.
const records: VendorProductRecord[] = readLabelledPairs().flatMap((pair) => [labelledRecord(pair, 'evo'), labelledRecord(pair, 'backcountry')]);
// Decoded again, as a merge reads the snapshots from the tier: equal records, other objects.
const reread = () => JSON.parse(JSON.stringify(records)) as VendorProductRecord[];

describe('a merge with the memo of the last one', () => {
  it('answers exactly what a merge without it answers, on records read again and with one changed', () => {
    const memo = new MergeMemo();
    expect(mergeVendorRecordsDetailed(records, FIRST, memo)).toEqual(mergeVendorRecordsDetailed(records, FIRST));
    // The same content again, at a later time: every product as buildProduct makes it now.
    const again = mergeVendorRecordsDetailed(reread(), LATER, memo);
    expect(again).toEqual(mergeVendorRecordsDetailed(records, LATER));
    expect(again.products.every((p) => p.updatedAt === LATER.toISOString())).toBe(true);
    // Nothing was matched or built again.
    expect(memo.reused).toEqual({ identities: records.length, products: again.products.length });

    // One record's title changes: its product is built again from it, as without the memo.
    const changed = reread();
    const i = changed.findIndex((r) => r.vendor === 'evo');
    changed[i] = { ...changed[i]!, title: `${changed[i]!.title} Limited`, description: 'A new description.' };
    const withMemo = mergeVendorRecordsDetailed(changed, LATER, memo);
    expect(withMemo).toEqual(mergeVendorRecordsDetailed(changed, LATER));
    expect(withMemo).not.toEqual(again);
    // Only the changed record's identity was worked out again, and only its product (and the
    // product of the listing it was matched with, now apart from it) was built again.
    expect(memo.reused.identities).toBe(records.length - 1);
    expect(withMemo.products.length - memo.reused.products).toBeGreaterThanOrEqual(1);
    expect(withMemo.products.length - memo.reused.products).toBeLessThanOrEqual(2);
  });

  it('hands out copies: what the catalog fills in on one merge\u2019s products never reaches the next merge\u2019s', () => {
    const memo = new MergeMemo();
    const first = mergeVendorRecordsDetailed(records, FIRST, memo).products;
    const clean = structuredClone(first);
    // What ingest does to the products it is given: listings carried over, id and analysis set.
    for (const p of first) {
      p.listings.push({ ...p.listings[0]!, vendor: 'the-house', vendorProductId: `x-${p.id}` });
      Object.assign(p, { id: `${p.id}-renamed`, analysis: { ...p.analysis, status: 'READY' } });
    }
    expect(mergeVendorRecordsDetailed(reread(), FIRST, memo).products).toEqual(clean);
  });
});
