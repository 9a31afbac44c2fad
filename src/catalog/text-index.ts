import { LRUCache } from 'lru-cache';
import { popcount32 } from './bitset.js';

/**
 * Full text over the catalog's products: an inverted index of our own, in typed arrays.
 *
 * Why not MiniSearch (which served here before): at 100 k products it took most of a 24 s index
 * build and hundreds of MB, and a search built, scored and sorted a result object for every
 * document a word matched (11 ms for "twin tip" at 30 k products). Text here mostly *ranks*
 * products the structured part already chose, so what it must do is add a weight per posting:
 * postings are (document, weight) pairs in flat arrays, a query accumulates into a scratch array
 * over the documents its words reach, skipping those the structured part ruled out, and sorts
 * nothing. Words of 3+ letters also match as prefixes (PREFIX_EXTENSION), words of 5+ letters
 * within an edit distance of a fifth of their length; field boosts brand/model 3, name 2,
 * titles/category/terrain 1.5, description 0.5 (without PROSE_STOPWORDS), with BM25-style saturation.
 */

export interface TextFields {
  name: string;
  brand: string;
  model: string;
  category: string;
  terrain: string;
  description: string;
  titles: string;
}

/** `prose`: running text, whose stopwords are not indexed (PROSE_STOPWORDS). */
const FIELDS: readonly { key: keyof TextFields; boost: number; avgLength: number; prose?: true }[] = [
  { key: 'brand', boost: 3, avgLength: 1.5 },
  { key: 'model', boost: 3, avgLength: 3 },
  { key: 'name', boost: 2, avgLength: 5 },
  { key: 'titles', boost: 1.5, avgLength: 12 },
  { key: 'category', boost: 1.5, avgLength: 2.5 },
  { key: 'terrain', boost: 1.5, avgLength: 2 },
  { key: 'description', boost: 0.5, avgLength: 80, prose: true },
];

/** BM25's term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.7;
/** How much a prefix or a fuzzy match counts beside an exact one (MiniSearch's defaults). */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** A compaction once removed documents exceed this share of the live ones. */
const MAX_DEAD_FACTOR = 0.25;
/**
 * A query word matches as a prefix only words at most this many letters longer (plurals and
 * endings: "boot" → "boots", "ski" → "skiing"), except the last word when it is no indexed word
 * itself: a shopper may still be typing it ("snowb"), so it matches every longer word. "pro"
 * reached "products", "progressive" and "profile": 65 k postings at 100 k products, each scored
 * for a word that says little of them.
 */
const PREFIX_EXTENSION = 3;
/**
 * Words of running text (descriptions) too common to tell products apart: not indexed there. In
 * names, models and titles every word is indexed ("A-4", "The Throwback"). "a" was in 58 % of
 * descriptions, so a query with "a" in it matched most of the catalog.
 */
const PROSE_STOPWORDS = new Set(
  'a an and are as at be but by for from has have in into is it its of on or that the their them then there these they this to was were will with you your'.split(' '),
);
/**
 * Query words whose expansion (the indexed words they reach by prefix and edit distance) is kept:
 * computing one scans the vocabulary, and shoppers' words repeat. Dropped whenever the vocabulary changes.
 */
const EXPANSION_CACHE_SIZE = 4096;

/**
 * Words: runs of Latin letters (accented ones too: "völkl", "arc") and digits, lowercase. A
 * character-class split without the unicode flag is several times faster than a \p{…} one, and
 * the catalog's words are Latin-script.
 */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9\u00c0-\u024f]+/)
    .filter((t) => t !== '');
}

/** One word's postings in growable typed arrays: millions of them would otherwise be GC-heavy JS arrays. */
class Postings {
  docs = new Int32Array(4);
  weights = new Float32Array(4);
  length = 0;
  /** True while the postings are in descending weight order (impact order); a push breaks it. */
  impactOrdered = false;
  /**
   * Scratch of add(), on the word itself so a token costs one map lookup: the field and the
   * add last counted (add()'s stamps), the word's count in that field and its weight in that document.
   */
  field = -1;
  added = -1;
  count = 0;
  weight = 0;
  /** The postings by key (KeyView), built when a query with few candidates reads this long list; valid for one `changes`. */
  view: KeyView | null = null;

  /** Sort by weight, strongest first (then by document), once after changes. */
  orderByImpact(): void {
    if (this.impactOrdered) return;
    const order = Array.from({ length: this.length }, (_, i) => i).sort((a, b) => this.weights[b]! - this.weights[a]! || this.docs[a]! - this.docs[b]!);
    this.docs = Int32Array.from(order, (i) => this.docs[i]!);
    this.weights = Float32Array.from(order, (i) => this.weights[i]!);
    this.impactOrdered = true;
  }

  /** Drop removed documents (`renumber[doc]` -1) and renumber the rest, keeping their order (impact order stays). */
  compact(renumber: Int32Array): void {
    let n = 0;
    for (let i = 0; i < this.length; i++) {
      const doc = renumber[this.docs[i]!]!;
      if (doc < 0) continue;
      this.docs[n] = doc;
      this.weights[n] = this.weights[i]!;
      n++;
    }
    this.length = n;
    this.docs = this.docs.slice(0, n);
    this.weights = this.weights.slice(0, n);
  }

  push(doc: number, weight: number): void {
    this.impactOrdered = false;
    if (this.length === this.docs.length) {
      const docs = new Int32Array(Math.max(4, this.length * 2));
      docs.set(this.docs);
      this.docs = docs;
      const weights = new Float32Array(Math.max(4, this.length * 2));
      weights.set(this.weights);
      this.weights = weights;
    }
    this.docs[this.length] = doc;
    this.weights[this.length] = weight;
    this.length++;
  }
}

/**
 * One long postings list by the caller's key, for queries whose candidates are few: `bits` has
 * the keys the word is in, `rank[w]` counts the keys before word w, and `weights` holds the
 * weights in key order, so a candidate's weight is found by a popcount, not by reading the list.
 * ANDing the candidates with `bits` costs N/32 words where reading the list costs a step per posting.
 */
interface KeyView {
  changes: number;
  bits: Uint32Array;
  rank: Int32Array;
  weights: Float32Array;
}

/** A list is read through its KeyView when it holds this many times more postings than the key space has words. */
const VIEW_FACTOR = 2;
/**
 * Words that only rank read every accepted posting (no `strongestPerWord` budget) when the
 * candidates are at most this many times the budget: reading them all costs little then.
 */
const FEW_CANDIDATES_FACTOR = 4;

/**
 * The documents a query's words matched, by key, in parallel typed arrays (no object or boxed
 * number per hit: a common word reaches tens of thousands): `scores[i]` and `matchedWords[i]`
 * (bit j: query word j) are `keys[i]`'s, for i below `count`. Views of the index's scratch:
 * valid until its next search.
 */
export interface TextHits {
  count: number;
  keys: Int32Array;
  scores: Float64Array;
  matchedWords: Uint32Array;
  /** The query's distinct words (at most 32), in order. */
  words: string[];
}

/** An indexed word a query word reaches, and how much the match counts (1 exact, less for a prefix or an edit). */
type Expansion = readonly { postings: Postings; quality: number }[];

export class TextIndex {
  /** Document number → the caller's key (its slot), or -1 once removed. Numbers are never reused. */
  private keyOfDoc = new Int32Array(1024);
  /** Documents numbered so far (keyOfDoc's used length). */
  private docTotal = 0;
  private docOfKey = new Map<number, number>();
  /** One more than the largest key ever added: the key space the scratch arrays and views span. */
  private keySpace = 0;
  /** Counts additions and removals: a KeyView built at another count is stale. */
  private changes = 0;
  private postings = new Map<string, Postings>();
  private dead = 0;
  /** The vocabulary, sorted, for prefix ranges; rebuilt lazily when words were added or went. */
  private sortedTerms: string[] | null = null;
  /** The vocabulary by word length, for fuzzy matching; rebuilt with sortedTerms. */
  private termsByLength: string[][] = [];
  /** Query word → what it reaches; valid for the vocabulary it was computed on (cleared with sortedTerms). */
  private readonly expansions: LRUCache<string, Expansion>;
  /** Reused by add(): the words of the field and of the document being added, each once. */
  private readonly fieldTerms: Postings[] = [];
  private readonly docTerms: Postings[] = [];
  /** add()'s counters, of fields and of documents added: a word stamped with another is counted afresh. */
  private fieldStamp = 0;
  private addStamp = 0;
  /** search()'s arrays by key (zeroed again after each search) and its hits in reach order. */
  private scratchScore = new Float64Array(0);
  private scratchWords = new Uint32Array(0);
  private touchedKeys = new Int32Array(0);
  private hitKeys = new Int32Array(0);
  private hitScores = new Float64Array(0);
  private hitWords = new Uint32Array(0);

  /**
   * `expansionsKept`: query words whose expansion is kept (EXPANSION_CACHE_SIZE; the cache
   * allocates its slots up front, so an index built for one ranking and dropped keeps few).
   */
  constructor(options: { expansionsKept?: number } = {}) {
    this.expansions = new LRUCache({ max: options.expansionsKept ?? EXPANSION_CACHE_SIZE });
  }

  get documentCount(): number {
    return this.docOfKey.size;
  }

  /** Index (or re-index) one document under a key (the catalog's slot). */
  add(key: number, fields: TextFields): void {
    this.remove(key);
    const doc = this.docTotal++;
    if (doc === this.keyOfDoc.length) {
      const grown = new Int32Array(doc * 2);
      grown.set(this.keyOfDoc);
      this.keyOfDoc = grown;
    }
    this.keyOfDoc[doc] = key;
    this.docOfKey.set(key, doc);
    this.keySpace = Math.max(this.keySpace, key + 1);
    this.changes++;
    const { fieldTerms, docTerms } = this;
    const added = ++this.addStamp;
    docTerms.length = 0;
    for (const field of FIELDS) {
      const words = tokenize(fields[field.key]);
      const tokens = field.prose ? words.filter((t) => !PROSE_STOPWORDS.has(t)) : words;
      if (tokens.length === 0) continue;
      const stamp = ++this.fieldStamp;
      fieldTerms.length = 0;
      for (const t of tokens) {
        let p = this.postings.get(t);
        if (!p) {
          this.postings.set(t, (p = new Postings()));
          this.vocabularyChanged();
        }
        if (p.field !== stamp) {
          p.field = stamp;
          p.count = 0;
          fieldTerms.push(p);
        }
        p.count++;
      }
      const norm = K1 * (1 - B + (B * tokens.length) / field.avgLength);
      for (const p of fieldTerms) {
        if (p.added !== added) {
          p.added = added;
          p.weight = 0;
          docTerms.push(p);
        }
        p.weight += (field.boost * p.count * (K1 + 1)) / (p.count + norm);
      }
    }
    for (const p of docTerms) p.push(doc, p.weight);
  }

  private vocabularyChanged(): void {
    this.sortedTerms = null;
    this.expansions.clear();
  }

  /** Forget a key's document (its postings stay until the next compaction, skipped as dead). */
  remove(key: number): void {
    const doc = this.docOfKey.get(key);
    if (doc === undefined) return;
    this.keyOfDoc[doc] = -1;
    this.docOfKey.delete(key);
    this.dead++;
    this.changes++;
  }

  /** Give back the slack of grown postings arrays (after a large batch of documents). */
  trim(): void {
    for (const p of this.postings.values()) {
      if (p.docs.length > p.length + 4) {
        p.docs = p.docs.slice(0, p.length);
        p.weights = p.weights.slice(0, p.length);
      }
    }
  }

  /**
   * Once removed documents are many, drop their postings (and words no document has any more) in
   * place. The live documents keep their order, so answers are those of an index built afresh
   * over them, and no document's text needs keeping to build one.
   */
  compactIfNeeded(): void {
    if (this.dead <= Math.max(100, this.docOfKey.size * MAX_DEAD_FACTOR)) return;
    const renumber = new Int32Array(this.docTotal);
    let live = 0;
    for (let doc = 0; doc < this.docTotal; doc++) {
      const key = this.keyOfDoc[doc]!;
      renumber[doc] = key < 0 ? -1 : live;
      if (key < 0) continue;
      this.docOfKey.set(key, live);
      this.keyOfDoc[live++] = key;
    }
    this.docTotal = live;
    for (const [term, p] of this.postings) {
      p.compact(renumber);
      if (p.length > 0) continue;
      this.postings.delete(term);
      this.vocabularyChanged();
    }
    this.dead = 0;
  }

  clear(): void {
    this.keyOfDoc = new Int32Array(1024);
    this.docTotal = 0;
    this.docOfKey.clear();
    this.postings.clear();
    this.keySpace = 0;
    this.changes++;
    this.dead = 0;
    this.vocabularyChanged();
  }

  /** The postings' KeyView, built again when documents were added or removed since. */
  private viewOf(p: Postings): KeyView {
    if (p.view && p.view.changes === this.changes) return p.view;
    const words = (this.keySpace + 31) >>> 5;
    const bits = new Uint32Array(words);
    const keyOfDoc = this.keyOfDoc;
    for (let i = 0; i < p.length; i++) {
      const key = keyOfDoc[p.docs[i]!]!;
      if (key >= 0) bits[key >>> 5]! |= 1 << (key & 31);
    }
    const rank = new Int32Array(words);
    let total = 0;
    for (let w = 0; w < words; w++) {
      rank[w] = total;
      total += popcount32(bits[w]!);
    }
    const weights = new Float32Array(total);
    for (let i = 0; i < p.length; i++) {
      const key = keyOfDoc[p.docs[i]!]!;
      if (key < 0) continue;
      const w = key >>> 5;
      weights[placeOf(bits, rank, w, key & 31)] = p.weights[i]!;
    }
    p.view = { changes: this.changes, bits, rank, weights };
    return p.view;
  }

  /**
   * The indexed words a query word reaches, with how much each counts (cached per vocabulary).
   * `last`: the query's last word, whose prefix reaches words of any length when it is no
   * indexed word itself (PREFIX_EXTENSION).
   */
  private expand(word: string, last: boolean): Expansion {
    const indexed = this.postings.has(word);
    const completes = last && !indexed;
    const cacheKey = completes ? `${word}\u0000` : word;
    const cached = this.expansions.get(cacheKey);
    if (cached) return cached;
    const out = new Map<string, number>();
    if (indexed) out.set(word, 1);
    if (!this.sortedTerms) {
      this.sortedTerms = [...this.postings.keys()].sort();
      this.termsByLength = [];
      for (const t of this.sortedTerms) (this.termsByLength[t.length] ??= []).push(t);
    }
    if (word.length >= 3) {
      const terms = this.sortedTerms;
      let lo = 0;
      let hi = terms.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (terms[mid]! < word) lo = mid + 1;
        else hi = mid;
      }
      const longest = completes ? Number.POSITIVE_INFINITY : word.length + PREFIX_EXTENSION;
      for (let i = lo; i < terms.length && terms[i]!.startsWith(word); i++) {
        const term = terms[i]!;
        if (term.length <= longest && !out.has(term)) out.set(term, PREFIX_WEIGHT);
      }
    }
    if (word.length > 4) {
      const maxDistance = Math.round(word.length * 0.2);
      for (let length = word.length - maxDistance; length <= word.length + maxDistance; length++) {
        for (const term of this.termsByLength[length] ?? []) {
          // The distance first: most words are too far, and only a near one can be there already.
          const d = maxDistance === 1 ? (withinOneEdit(word, term) ? 1 : 2) : boundedLevenshtein(word, term, maxDistance);
          if (d <= maxDistance && !out.has(term)) out.set(term, FUZZY_WEIGHT * (1 - d / (word.length + 1)));
        }
      }
    }
    const expansion = [...out].map(([term, quality]) => ({ postings: this.postings.get(term)!, quality }));
    this.expansions.set(cacheKey, expansion);
    return expansion;
  }

  /**
   * Documents matching any of the query's words, by key, scored (IDF × field weight × match
   * quality, summed over words). `accept`: a bitset of keys (32 a word); only documents whose key
   * is in it are scored (the structured part's candidates); absent: all. `strongestPerWord`: words that only rank read
   * at most that many accepted postings of each word they reach, strongest first (impact order),
   * so their cost stops growing with the catalog; absent: every posting (words that filter
   * must find every match). `mostWords`: only the documents that match the most of the query's
   * words (all of them, when any document does). `acceptCount`: the keys in `accept`; when they
   * are few (FEW_CANDIDATES_FACTOR), every accepted posting is read, long lists through their KeyView.
   */
  search(query: string, accept?: Uint32Array, strongestPerWord?: number, mostWords = false, acceptCount?: number): TextHits {
    const words = [...new Set(tokenize(query))].slice(0, 32);
    if (words.length === 0) return { count: 0, keys: this.hitKeys.subarray(0, 0), scores: this.hitScores.subarray(0, 0), matchedWords: this.hitWords.subarray(0, 0), words };
    const n = this.keySpace;
    if (this.scratchScore.length < n) {
      const size = Math.max(n, this.scratchScore.length * 2);
      this.scratchScore = new Float64Array(size);
      this.scratchWords = new Uint32Array(size);
      this.touchedKeys = new Int32Array(size);
      this.hitKeys = new Int32Array(size);
      this.hitScores = new Float64Array(size);
      this.hitWords = new Uint32Array(size);
    }
    const score = this.scratchScore;
    const matched = this.scratchWords;
    const touched = this.touchedKeys;
    let touchedCount = 0;
    const live = Math.max(1, this.docOfKey.size);
    const few = accept !== undefined && acceptCount !== undefined && strongestPerWord !== undefined && acceptCount <= strongestPerWord * FEW_CANDIDATES_FACTOR;
    const keyWords = (n + 31) >>> 5;
    const expansions = words.map((word, w) => this.expand(word, w === words.length - 1));
    if (mostWords && accept === undefined) {
      touchedCount = this.mostWordsByRareOnes(expansions, keyWords, live);
      if (touchedCount >= 0) return this.hitsOf(touchedCount, words, true);
      touchedCount = 0;
    }
    for (let w = 0; w < words.length; w++) {
      const bit = 1 << w;
      for (const { postings: p, quality } of expansions[w]!) {
        const factor = idfOf(p, live) * quality;
        if (few && p.length > VIEW_FACTOR * keyWords) {
          // Few candidates, a long list: the candidates ANDed with the list's keys, word by word.
          const { bits, rank, weights } = this.viewOf(p);
          const end = Math.min(keyWords, accept.length, bits.length);
          for (let i = 0; i < end; i++) {
            let m = accept[i]! & bits[i]!;
            while (m !== 0) {
              const low = m & -m;
              const b = 31 - Math.clz32(low);
              const key = (i << 5) + b;
              const weight = weights[placeOf(bits, rank, i, b)]!;
              if (matched[key] === 0) touched[touchedCount++] = key;
              score[key]! += weight * factor;
              matched[key]! |= bit;
              m ^= low;
            }
          }
          continue;
        }
        const budget = few ? Number.POSITIVE_INFINITY : (strongestPerWord ?? Number.POSITIVE_INFINITY);
        if (budget < p.length) p.orderByImpact();
        touchedCount = this.scatter(p, factor, bit, touchedCount, accept, budget);
      }
    }
    return this.hitsOf(touchedCount, words, mostWords);
  }

  /**
   * Add one word's postings to the scratch arrays (score, the word's bit, a key touched first),
   * in list order: only keys in `accept` when given, at most `budget` of them. Returns the keys touched now.
   */
  private scatter(p: Postings, factor: number, bit: number, touchedCount: number, accept?: Uint32Array, budget = Number.POSITIVE_INFINITY): number {
    const { scratchScore: score, scratchWords: matched, touchedKeys: touched, keyOfDoc } = this;
    const { docs, weights, length } = p;
    for (let i = 0; i < length && budget > 0; i++) {
      const key = keyOfDoc[docs[i]!]!;
      if (key < 0 || (accept && (accept[key >>> 5]! & (1 << (key & 31))) === 0)) continue;
      budget--;
      if (matched[key] === 0) touched[touchedCount++] = key;
      score[key]! += weights[i]! * factor;
      matched[key]! |= bit;
    }
    return touchedCount;
  }

  /**
   * Free text alone (`mostWords`) when some words reach long lists: the answer is the documents
   * matching the most words, so one that matches only long-list words can be in it only if no
   * document matches more words than there are such words. The documents the other words reach
   * are read first, then given the long lists' weights (read by key, KeyView); when the best of
   * them matches more words than there are long-list words, nothing else can be an answer and the
   * long lists' other postings are never read ("line chronic 94": "line" alone reaches 16 k
   * products at 100 k). Returns the documents touched, scored as a full reading scores them (up
   * to the order of additions); -1 when the full reading is needed (the scratch arrays zeroed).
   */
  private mostWordsByRareOnes(expansions: readonly Expansion[], keyWords: number, live: number): number {
    const long = expansions.map((e) => e.reduce((sum, { postings }) => sum + postings.length, 0) > VIEW_FACTOR * keyWords);
    const longWords = long.filter(Boolean).length;
    if (longWords === 0 || longWords === expansions.length) return -1;
    const { scratchScore: score, scratchWords: matched, touchedKeys: touched } = this;
    let touchedCount = 0;
    expansions.forEach((expansion, w) => {
      if (!long[w]) for (const { postings: p, quality } of expansion) touchedCount = this.scatter(p, idfOf(p, live) * quality, 1 << w, touchedCount);
    });
    expansions.forEach((expansion, w) => {
      if (!long[w]) return;
      for (const { postings: p, quality } of expansion) {
        const factor = idfOf(p, live) * quality;
        const { bits, rank, weights } = this.viewOf(p);
        for (let i = 0; i < touchedCount; i++) {
          const key = touched[i]!;
          if ((bits[key >>> 5]! & (1 << (key & 31))) === 0) continue;
          score[key]! += weights[placeOf(bits, rank, key >>> 5, key & 31)]! * factor;
          matched[key]! |= 1 << w;
        }
      }
    });
    let best = 0;
    for (let i = 0; i < touchedCount; i++) best = Math.max(best, popcount32(matched[touched[i]!]!));
    if (best > longWords) return touchedCount;
    for (let i = 0; i < touchedCount; i++) {
      score[touched[i]!] = 0;
      matched[touched[i]!] = 0;
    }
    return -1;
  }

  /** The touched documents as hits (with mostWords, only those matching the most words), the scratch arrays zeroed again. */
  private hitsOf(touchedCount: number, words: string[], mostWords: boolean): TextHits {
    const { scratchScore: score, scratchWords: matched, touchedKeys: touched } = this;
    // With mostWords, a document is kept only if it matched as many words as the best one did.
    let fewest = 0;
    if (mostWords) for (let i = 0; i < touchedCount; i++) fewest = Math.max(fewest, popcount32(matched[touched[i]!]!));
    const keys = this.hitKeys;
    const scores = this.hitScores;
    const matchedWords = this.hitWords;
    let count = 0;
    for (let i = 0; i < touchedCount; i++) {
      const key = touched[i]!;
      const words = matched[key]!;
      if (fewest === 0 || popcount32(words) === fewest) {
        keys[count] = key;
        scores[count] = score[key]!;
        matchedWords[count] = words;
        count++;
      }
      score[key] = 0;
      matched[key] = 0;
    }
    return { count, keys: keys.subarray(0, count), scores: scores.subarray(0, count), matchedWords: matchedWords.subarray(0, count), words };
  }
}

/** Where a key's weight sits in a KeyView: the keys before it, by the word's rank and a popcount of the bits below it (`bit`: 0–31). */
function placeOf(bits: Uint32Array, rank: Int32Array, word: number, bit: number): number {
  return rank[word]! + popcount32(bits[word]! & ((1 << bit) - 1));
}

/** BM25's inverse document frequency of a word with these postings among `live` documents. */
function idfOf(p: Postings, live: number): number {
  return Math.log(1 + (live - p.length + 0.5) / (p.length + 0.5));
}

/** At most one insertion, deletion or substitution apart (the words differ: the exact one is matched before). */
function withinOneEdit(a: string, b: string): boolean {
  if (a.length > b.length) [a, b] = [b, a];
  const la = a.length;
  const lb = b.length;
  if (lb - la > 1) return false;
  // The longest common prefix and (on what is left of the shorter word) suffix, by char code, no substring made.
  let i = 0;
  while (i < la && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  let j = 0;
  while (j < la - i && a.charCodeAt(la - 1 - j) === b.charCodeAt(lb - 1 - j)) j++;
  // Substitution (same length): all but one letter in place; insertion: all of the shorter word.
  return la === lb ? i + j >= la - 1 : i + j >= la;
}

/** Two rows of the distance table, reused: a query's expansion compares its word with thousands of words. */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Levenshtein distance, or any value above `max` as soon as it must exceed it. */
function boundedLevenshtein(a: string, b: string, max: number): number {
  if (rowA.length <= b.length) {
    rowA = new Int32Array(b.length + 1);
    rowB = new Int32Array(b.length + 1);
  }
  let prev = rowA;
  let row = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    [prev, row] = [row, prev];
  }
  return prev[b.length]!;
}
