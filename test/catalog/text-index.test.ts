import { describe, expect, it } from 'vitest';
import { TextIndex, type TextFields, type TextHits } from '../../src/catalog/text-index.js';

const fields = (model: string, description: string): TextFields => ({ name: model, brand: 'Brand', model, category: 'snowboard', terrain: '', description, titles: model });

/** Hits as key → [score, matched words], whatever order they were reached in. */
const byKey = (hits: TextHits) => new Map(Array.from(hits.keys, (key, i) => [key, [Math.round(hits.scores[i]! * 1e9), hits.matchedWords[i]!]]));

function acceptEvery(step: number, keys: number): { words: Uint32Array; count: number } {
  const words = new Uint32Array(Math.ceil(keys / 32));
  let count = 0;
  for (let key = 0; key < keys; key += step, count++) words[key >>> 5]! |= 1 << (key & 31);
  return { words, count };
}

describe('TextIndex: few candidates', () => {
  it('reading long lists by key (few candidates) scores exactly what reading every posting does, also after documents change', () => {
    const text = new TextIndex();
    const size = 3000;
    // "mountain" is in every description: its list is far longer than the key space has words.
    for (let key = 0; key < size; key++) text.add(key, fields(`Model ${key % 50}`, `mountain ${key % 3 === 0 ? 'twin' : 'directional'} board`));
    const accept = acceptEvery(7, size);
    const compare = () => {
      // Few candidates (429 ≤ 4 × 200): every accepted posting, long lists by key.
      const few = text.search('mountain twin model', accept.words, 200, false, accept.count);
      const fewMap = byKey(few);
      // The same candidates read posting by posting, with no budget.
      const every = byKey(text.search('mountain twin model', accept.words));
      expect(fewMap).toEqual(every);
      return fewMap;
    };
    const before = compare();
    expect(before.size).toBe(accept.count);
    // Removed, re-added with other words and added anew: a list read by key must not keep the old keys or weights.
    for (let key = 0; key < size; key += 14) text.remove(key);
    for (let key = 7; key < size; key += 28) text.add(key, fields('Other', 'mountain mountain mountain twin'));
    text.add(size, fields('Model 1', 'mountain twin'));
    const after = compare();
    expect(after.has(0)).toBe(false);
    expect(after.get(7)).not.toEqual(before.get(7));
  });

  it('with many candidates a word that only ranks reads its strongest postings up to the budget', () => {
    const text = new TextIndex();
    for (let key = 0; key < 2000; key++) text.add(key, fields(`Model ${key}`, key < 100 ? 'powder powder powder' : 'powder'));
    const accept = acceptEvery(1, 2000);
    const hits = text.search('powder', accept.words, 100, false, accept.count);
    // 2,000 candidates are more than 4 × 100: the budget holds, and the strongest (three times "powder") come first.
    expect(hits.count).toBe(100);
    expect([...hits.keys].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('free text alone (most words) gives what reading every posting and keeping the best-matching documents gives, with and without a long list', () => {
    const text = new TextIndex();
    const size = 3000;
    // "mountain" is in every product but the last: a long list. "rare" and "model 7" are in few.
    for (let key = 0; key < size - 1; key++) text.add(key, fields(`Model ${key % 50}`, `mountain ${key % 100 === 0 ? 'rare' : 'board'}`));
    text.add(size - 1, fields('Lonely', 'uncommon'));
    /** Every posting read (no mostWords), then the documents with the most words kept. */
    const expected = (query: string) => {
      const all = text.search(query);
      const best = Math.max(0, ...Array.from(all.matchedWords, (m) => m.toString(2).replaceAll('0', '').length));
      const kept = new Map([...byKey(all)].filter(([, [, m]]) => m!.toString(2).replaceAll('0', '').length === best));
      return kept;
    };
    const check = (query: string, size: number) => {
      const got = byKey(text.search(query, undefined, undefined, true));
      expect(got).toEqual(expected(query));
      expect(got.size).toBe(size);
    };
    // The rare words decide: products with "rare", "model" and "mountain"; "mountain" alone is never read through.
    check('mountain rare model', 30);
    check('rare mountain', 30);
    // The best match has only as many words as the long lists: every posting is read ("uncommon" and each "mountain").
    check('mountain uncommon', size);
    check('mountain zzzz', size - 1);
    // After changes, the long list is read by key again, not through its old view.
    for (let key = 0; key < 1000; key += 100) text.remove(key);
    text.add(5, fields('Model 5 Model', 'mountain mountain rare'));
    check('mountain rare model', 21);
  });
});

