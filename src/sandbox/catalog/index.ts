import { gearDrafts } from './gear.js';
import { rngFor, slugify } from './prng.js';
import { backcountryListing, evoListing, gtinsFor } from './retail.js';
import { skiDrafts } from './skis.js';
import { snowboardDrafts } from './snowboards.js';
import type { ProductDraft, SandboxProduct } from './types.js';

export type * from './types.js';

/** Which retailers carry a product. Goggles and women's jackets are evo-only (backcountry has no such listing). */
function carriedBy(d: ProductDraft, key: string): { evo: boolean; backcountry: boolean } {
  if (d.category === 'GOGGLE' || (d.category === 'JACKET' && d.gender !== 'MENS')) return { evo: true, backcountry: false };
  const where = rngFor(`carry:${key}`).weighted([['both', 70], ['evo', 16], ['backcountry', 14]] as const);
  return { evo: where !== 'backcountry', backcountry: where !== 'evo' };
}

function buildCatalog(): SandboxProduct[] {
  const drafts = [...snowboardDrafts(), ...skiDrafts(), ...gearDrafts()];
  const evoTaken = new Set<string>();
  const bcTaken = new Set<string>();
  const keys = new Set<string>();
  return drafts.map((d, index) => {
    let key = slugify(`${d.category} ${d.brand} ${d.model} ${d.gender} ${d.year ?? ''}`);
    while (keys.has(key)) key += '-x';
    keys.add(key);
    const carried = carriedBy(d, key);
    const gtins = gtinsFor(d, index);
    const { hasGtin: _hasGtin, soldOutSizes: _soldOut, mpn, ...rest } = d;
    return {
      ...rest,
      key,
      mpn: mpn ?? `${d.brand.replace(/[^A-Za-z]/g, '').slice(0, 3).toUpperCase()}${String(100000 + (index * 7919) % 900000)}`,
      evo: carried.evo ? evoListing(d, key, gtins, evoTaken) : null,
      backcountry: carried.backcountry ? backcountryListing(d, key, gtins, bcTaken) : null,
    };
  });
}

let cached: SandboxProduct[] | null = null;

/**
 * The retailer-side truth of both sandbox storefronts: every product, with what evo
 * and backcountry each show for it (null = that retailer does not carry it).
 * Deterministic (seeded), built once per process; treat it as read-only.
 */
export function sandboxCatalog(): SandboxProduct[] {
  cached ??= buildCatalog();
  return cached;
}
