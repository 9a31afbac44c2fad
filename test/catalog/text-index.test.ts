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
});
