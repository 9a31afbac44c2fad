import { readFileSync } from 'node:fs';
import { backcountryProfile } from '../../src/agents/sites/backcountry.js';
import { evoProfile } from '../../src/agents/sites/evo.js';
import type { Category, SpecEntry, VendorProductRecord } from '../../src/domain/product.js';
import { genderOf, parseYear } from '../../src/domain/titles.js';
import { vendorRecord } from './helpers.js';

/** The labelled listing pairs of test/fixtures/matching/labelled-pairs.json (built as its SOURCES.md says). */

export interface LabelledListing {
  title: string;
  brand: string;
  category: Category;
  specs?: SpecEntry[];
  gtin?: string;
  mpn?: string;
}

export interface LabelledPair {
  id: string;
  same: boolean;
  kinds: string[];
  source: string;
  note: string;
  evo: LabelledListing;
  backcountry: LabelledListing;
}

/** Every labelled pair, in file order. */
export function readLabelledPairs(): LabelledPair[] {
  const url = new URL('../fixtures/matching/labelled-pairs.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { pairs: LabelledPair[] }).pairs;
}

/** The record each retailer's heavy agent makes of such a listing: year and gender read from the title (and a "Gender" row) as the agents read them. */
export function labelledRecord(pair: LabelledPair, vendor: 'evo' | 'backcountry'): VendorProductRecord {
  const listing = pair[vendor];
  const specs = listing.specs ?? [];
  const profile = vendor === 'evo' ? evoProfile : backcountryProfile;
  return vendorRecord({
    vendor,
    vendorProductId: `${pair.id}-${vendor}`,
    title: listing.title,
    brand: listing.brand,
    category: listing.category,
    specs,
    gender: genderOf(listing.title, specs),
    year: parseYear(listing.title, profile.titleStyle.yearAt),
    gtin: listing.gtin ?? null,
    mpn: listing.mpn ?? null,
  });
}

