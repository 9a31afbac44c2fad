import { describe, expect, it } from 'vitest';
import { parseShopperQuery } from '../../src/catalog/query-parser.js';
import { CatalogIndex } from '../../src/catalog/search-index.js';
import { emptyIntent, type SearchIntent, type SearchSort } from '../../src/domain/search.js';
import { staticProduct } from './helpers.js';

const usd = (amount: number) => ({ amount, currencyCode: 'USD' });
const textIntent = (text: string): SearchIntent => ({ ...emptyIntent(), raw: text, text });

const words = ['cobalt', 'ember', 'fjord', 'glacier', 'harbor', 'island'];
const brands = ['Burton', 'CAPiTA', 'Jones', 'GNU', 'Rossignol', 'K2', 'Salomon'];
const skills = ['BEGINNER', 'INTERMEDIATE', 'ADVANCED', 'EXPERT'] as const;
const terrains = ['all-mountain', 'park', 'powder', 'freeride'];

/** Products with words shared by many (the six above, "twin", "tip"), by a few and by one alone. */
function products(n: number) {
  return Array.from({ length: n }, (_, i) =>
    staticProduct({
      id: `snowboard-${i.toString().padStart(4, '0')}`,
      brand: brands[i % brands.length]!,
      model: `Model ${i % 97}`,
      category: i % 5 === 0 ? 'SKI' : 'SNOWBOARD',
      description: `${words[i % words.length]} ${i % 3 === 0 ? 'twin tip' : 'directional'} board, unique${i}`,
      rating: i % 7 === 0 ? null : { average: 3 + ((i * 37) % 21) / 10, count: (i * 13) % 50 },
      lastKnownPrice: usd(150 + i * 0.5),
      specs: { skillLevels: [skills[i % 4]!], terrain: [terrains[i % 4]!, terrains[(i + 2) % 4]!] },
    }),
  );
}

describe('CatalogIndex: text', () => {
  it('a word first seen after a search is found by it: what a query word reaches is dropped when the vocabulary changes', () => {
    const idx = new CatalogIndex();
    idx.replaceAll(products(20));
    // Exact, prefix and one-edit matches of words no product has yet: nothing, and remembered as nothing.
    for (const q of ['zephyr', 'zeph', 'zephyrs']) expect(idx.search(textIntent(q)).ids).toEqual([]);
    idx.upsert([staticProduct({ id: 'snowboard-new-zephyr', model: 'Zephyr' })]);
    for (const q of ['zephyr', 'zeph', 'zephyrs']) expect(idx.search(textIntent(q)).ids).toEqual(['snowboard-new-zephyr']);
  });

  it('words of running text such as "a" and "the" are not indexed in descriptions, every word is in names and models', () => {
    const idx = new CatalogIndex();
    idx.replaceAll([
      staticProduct({ id: 'snowboard-ride-a-4-2026', brand: 'Ride', model: 'A-4', description: 'A stiff board for the park.' }),
      staticProduct({ id: 'snowboard-gnu-gloss-2026', brand: 'GNU', model: 'Gloss', description: 'A soft board for a first season on the hill.' }),
      staticProduct({ id: 'snowboard-the-throwback-2026', brand: 'Jones', model: 'The Throwback', description: 'Retro shape.' }),
    ]);
    // "a" and "the" reach only the products that carry them in a model name, not every description with them.
    expect(idx.search(textIntent('a')).ids).toEqual(['snowboard-ride-a-4-2026']);
    expect(idx.search(textIntent('the')).ids).toEqual(['snowboard-the-throwback-2026']);
    // Other words of a description stay: "season" is there.
    expect(idx.search(textIntent('season')).ids).toEqual(['snowboard-gnu-gloss-2026']);
  });

  it('a word matches longer words as a prefix by a few letters; only an unfinished last word reaches any longer word', () => {
    const idx = new CatalogIndex();
    idx.replaceAll([
      staticProduct({ id: 'snowboard-a-pro-2026', model: 'Pro', description: 'Stiff.' }),
      staticProduct({ id: 'snowboard-b-pros-2026', model: 'Pros', description: 'Stiff.' }),
      staticProduct({ id: 'snowboard-c-progressive-2026', model: 'Zed', description: 'Progressive flex.' }),
      staticProduct({ id: 'snowboard-d-boots-2026', model: 'Boots Pack', description: 'Stiff.' }),
    ]);
    const found = (q: string) => idx.search(textIntent(q)).ids.sort();
    // "pro" is a word of its own: it reaches "pros" (one letter more), not "progressive".
    expect(found('pro')).toEqual(['snowboard-a-pro-2026', 'snowboard-b-pros-2026']);
    // "prog" is no word: the shopper may still be typing it, so it completes to "progressive".
    expect(found('prog')).toEqual(['snowboard-c-progressive-2026']);
    // Not the last word: a few letters only ("prog" reaches nothing then), while "boot" still reaches "boots".
    expect(found('prog boot')).toEqual(['snowboard-d-boots-2026']);
  });

  it('a removed product is reached by neither its words nor near spellings of them, before and after its postings go', () => {
    const idx = new CatalogIndex();
    const all = products(400);
    idx.replaceAll(all);
    expect(idx.search(textIntent('unique7')).ids[0]).toBe('snowboard-0007');
    expect(idx.search(textIntent('uniqe7')).ids).toContain('snowboard-0007');
    // 101 removed: more than a quarter of the rest, so their postings and words go now.
    idx.remove(all.slice(0, 101).map((p) => p.id));
    for (const q of ['unique7', 'uniqe7']) expect(idx.search(textIntent(q)).ids).not.toContain('snowboard-0007');
    expect(idx.search(textIntent('unique107')).ids[0]).toBe('snowboard-0107');
  });

  it('after removals and replacements compact the text index, it answers as an index built afresh over the same products', () => {
    const all = products(400);
    const idx = new CatalogIndex();
    idx.replaceAll(all);
    // Replaced products with new words, then enough removals that the dead postings go.
    const replaced = all.slice(200, 260).map((p) => ({ ...p, description: `${p.description} harbor lights` }));
    idx.upsert(replaced);
    idx.remove(all.slice(0, 101).map((p) => p.id));
    const kept = [...all.slice(101, 200), ...all.slice(260), ...replaced];
    const fresh = new CatalogIndex();
    fresh.replaceAll(kept);
    expect(idx.size).toBe(fresh.size);
    const queries = ['harbor lights', 'cobalt twin', 'glacier', 'model 42', 'twin tip skis', 'burton harbor', 'unique150', 'fjrd'];
    for (const q of queries) {
      const intent = parseShopperQuery(q);
      expect(idx.search(intent)).toEqual(fresh.search(intent));
      expect(idx.search(intent, { sort: 'TOTAL_PRICE_ASC', limit: 10 })).toEqual(fresh.search(intent, { sort: 'TOTAL_PRICE_ASC', limit: 10 }));
    }
  });

  // Large enough that each query has over 4× the window of matches (the index walks its orders).
  const many = products(6000);
  const large = new CatalogIndex();
  large.replaceAll(many);

  it.each([
    ['twin tip skis', 'RELEVANCE'],
    ['twin tip snowboard', 'RELEVANCE'],
    ['cobalt snowboard', 'RATING'],
    ['beginner glacier snowboard', 'RELEVANCE'],
    ['powder twin snowboard', 'TOTAL_PRICE_ASC'],
    ['intermediate park snowboard model 12', 'DISCOUNT'],
    ['ember', 'RELEVANCE'],
  ] as const)('%j sorted %s: the walk, which ranks a text hit only while it can still enter the window, answers as ranking every match', (query, sort: SearchSort) => {
    const intent = parseShopperQuery(query);
    for (const limit of [20, 200]) {
      // A live map (even empty) makes the index rank every match: the reference the walk must equal.
      const everyMatch = large.search(intent, { sort, limit, live: new Map() });
      expect(everyMatch.total).toBeGreaterThan(4 * limit);
      expect(large.search(intent, { sort, limit })).toEqual(everyMatch);
    }
  });
});
