import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OfflineReviewAnalyzer, analyzeOffline } from '../../src/analysis/offline-analyzer.js';
import { analysisReviews, sentencesOf } from '../../src/analysis/reviews.js';
import { reviewIdOf } from '../../src/analysis/review-id.js';
import type { AnalysisInput, ReviewFindings } from '../../src/analysis/types.js';
import type { Category, Review } from '../../src/domain/product.js';
import { sandboxCatalog } from '../../src/sandbox/index.js';
import { ASPECTS } from '../../src/sandbox/catalog/review-phrases.js';

/** What a review says as the sandbox wrote it: a phrase of its bank, matched whatever model name or day count it was filled with. */
const phraseRe = (phrase: string) =>
  new RegExp(
    phrase
      .replace(/^\[\w+\] /, '')
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace('\\{m\\}', '.+?')
      .replace('\\{n\\}', '\\d+'),
    'i',
  );
const bank = (name: string, kind: 'good' | 'bad') => ASPECTS.SNOWBOARD!.find((a) => a.name === name)![kind].map(phraseRe);
const says = (reviews: readonly Review[], phrases: readonly RegExp[]) => reviews.some((r) => phrases.some((p) => p.test(r.body)));

interface Sample {
  key: string;
  category: Category;
  reviews: Review[];
  input: AnalysisInput;
}

/** Every sandbox product with reviews, both retailers' reviews together (as a merge has them). */
const samples: Sample[] = sandboxCatalog().flatMap((p) => {
  const reviews: Review[] = [...(p.evo?.reviews ?? []), ...(p.backcountry?.reviews ?? [])].map((r) => ({ ...r }));
  if (reviews.length === 0) return [];
  return [{ key: p.key, category: p.category, reviews, input: { productId: p.key, name: `${p.brand} ${p.model}`, category: p.category, reviews: analysisReviews(reviews) } }];
});

function findings(input: AnalysisInput): ReviewFindings {
  const outcome = analyzeOffline(input);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.findings;
}

const one = (body: string, category: Category = 'SNOWBOARD') =>
  findings({ productId: 'p', name: 'p', category, reviews: analysisReviews([{ author: 'a', rating: null, title: null, body, date: null }]) });

function expectVerbatim(f: ReviewFindings, reviews: readonly Review[]) {
  const byId = new Map(reviews.map((r) => [reviewIdOf(r), r]));
  for (const point of [...f.pros, ...f.cons]) {
    expect(point.quotes.length).toBeGreaterThan(0);
    expect(point.support).toBeGreaterThanOrEqual(new Set(point.quotes.map((q) => q.reviewId)).size);
    for (const q of point.quotes) {
      const review = byId.get(q.reviewId);
      expect(review, q.reviewId).toBeDefined();
      expect(review!.body).toContain(q.text);
      expect(sentencesOf(review!.body)).toContain(q.text);
    }
  }
}

describe('offline analyzer on the sandbox retailers\u2019 reviews', () => {
  const analysed = samples.map((s) => ({ ...s, f: findings(s.input) }));

  it('reads every reviewed product; every pro and con quotes verbatim sentences of that product\u2019s reviews', () => {
    expect(analysed.length).toBeGreaterThan(100);
    for (const a of analysed) expectVerbatim(a.f, a.reviews);
    expect(analysed.filter((a) => a.f.pros.length > 0).length).toBeGreaterThan(analysed.length / 2);
    expect(analysed.filter((a) => a.f.cons.length > 0).length).toBeGreaterThan(10);
  });

  it('is deterministic: the same reviews give the same analysis', () => {
    const again = samples.map((s) => findings({ ...s.input, reviews: analysisReviews(s.reviews) }));
    expect(again).toEqual(analysed.map((a) => a.f));
  });

  it('a board whose reviews praise its edge hold (and none fault it): edge hold is a pro with a high score', () => {
    const good = bank('edge hold', 'good');
    const bad = bank('edge hold', 'bad');
    const praised = analysed.filter((a) => (a.category === 'SNOWBOARD' || a.category === 'SKI') && says(a.reviews, good) && !says(a.reviews, bad));
    expect(praised.length).toBeGreaterThan(5);
    for (const a of praised) {
      const pro = a.f.pros.find((p) => p.text === 'Holds an edge well');
      expect(pro, a.key).toBeDefined();
      expect(a.f.aspects.find((x) => x.name === 'edge hold')!.score, a.key).toBeGreaterThanOrEqual(4);
      expect(pro!.quotes.every((q) => good.some((g) => g.test(q.text))), a.key).toBe(true);
    }
  });

  it('a board whose reviews complain that it washes out or is not stable at speed (and none praise it there): a con with a low score', () => {
    const complaints = [/washes out at speed/i, /not stable at speed/i];
    // Everything in the banks that speaks well of a board at speed.
    const praise = [...bank('stability', 'good'), ...ASPECTS.SNOWBOARD!.find((a) => a.name === 'flex')!.good.filter((g) => /speed|damp|charging/.test(g)).map(phraseRe)];
    const faulted = analysed.filter((a) => a.category === 'SNOWBOARD' && says(a.reviews, complaints) && !says(a.reviews, praise));
    expect(faulted.length).toBeGreaterThan(0);
    for (const a of faulted) {
      const con = a.f.cons.find((p) => p.text === 'Not stable at speed');
      expect(con, a.key).toBeDefined();
      expect(a.f.aspects.find((x) => x.name === 'stability at speed')!.score, a.key).toBeLessThanOrEqual(2);
      expect(a.f.pros.some((p) => p.text === 'Stable at speed'), a.key).toBe(false);
    }
  });

  it('"not stable at speed" is never a pro, nor quoted by one', () => {
    expect(analysed.some((a) => a.reviews.some((r) => /not stable at speed/i.test(r.body)))).toBe(true);
    for (const a of analysed) {
      for (const p of a.f.pros) for (const q of p.quotes) expect(q.text, a.key).not.toMatch(/not stable at speed|washes out at speed/i);
    }
  });

  it('boots: comfort, fit, warmth, durability and value are the aspects read', () => {
    const boots = analysed.filter((a) => a.category === 'BOOT');
    expect(boots.length).toBeGreaterThan(0);
    const names = new Set(boots.flatMap((b) => b.f.aspects.map((x) => x.name)));
    expect([...names].sort()).toEqual(['comfort', 'durability', 'fit', 'value', 'warmth']);
  });
});

describe('offline analyzer: negation and contrast', () => {
  it.each(['It is not stable at speed.', "It's not stable at speed, sadly.", 'Never felt stable at speed.', 'Not stable at speed, it wobbles as soon as you open it up.'])(
    '"%s" is a con, never a pro',
    (body) => {
      const f = one(body);
      expect(f.pros).toEqual([]);
      expect(f.cons.map((c) => c.text)).toEqual(['Not stable at speed']);
      expect(f.cons[0]!.quotes[0]!.text).toBe(body);
    },
  );

  it('a negated complaint is praise: "never washed out", "no chatter", "zero foot pain"', () => {
    expect(one('Never washed out on me, even on ice.').pros.map((p) => p.text)).toEqual(['Holds an edge well']);
    expect(one('Stable at high speed, no chatter at all.').pros.map((p) => p.text)).toEqual(['Stable at speed']);
    expect(one('I wore them for 12 days straight with zero foot pain.', 'BOOT').pros.map((p) => p.text)).toEqual(['Comfortable']);
  });

  it('contrast: "great pop but it washes out at speed" is a pro and a con, both quoting the sentence', () => {
    const sentence = 'Great pop but it washes out at speed.';
    const f = one(`Bought it last spring. ${sentence} Would buy again.`);
    expect(f.pros.map((p) => [p.text, p.quotes.map((q) => q.text)])).toEqual([['Lots of pop', [sentence]]]);
    expect(f.cons.map((p) => [p.text, p.quotes.map((q) => q.text)])).toEqual([['Not stable at speed', [sentence]]]);
  });

  it('a review counts once per aspect, by what its clauses say together; support counts reviews', () => {
    const reviews: Review[] = [
      { author: 'a', rating: 5, title: null, body: 'Edge hold is excellent. It holds an edge on ice.', date: null },
      { author: 'b', rating: 4, title: null, body: 'Holds an edge well on hardpack.', date: null },
      { author: 'c', rating: 2, title: null, body: 'It skids out on hardpack.', date: null },
    ];
    const f = findings({ productId: 'p', name: 'p', category: 'SNOWBOARD', reviews: analysisReviews(reviews) });
    expect(f.pros).toEqual([{ text: 'Holds an edge well', support: 2, quotes: [{ text: 'Edge hold is excellent.', reviewId: reviewIdOf(reviews[0]!) }, { text: 'Holds an edge well on hardpack.', reviewId: reviewIdOf(reviews[1]!) }] }]);
    expect(f.cons).toEqual([]);
    expect(f.aspects).toEqual([{ name: 'edge hold', score: 3.7, support: 3 }]);
    expect(f.summary).toBe('From 3 reviews: praised for edge hold.');
  });

  it('bestFor from what reviews recommend: "not a beginner board" and "too much for a beginner" never make it a beginner board', () => {
    expect(one('Not a beginner board, but once you ride with good technique it comes alive.').bestFor).toEqual({ skillLevels: ['ADVANCED'], terrain: [] });
    expect(one('A bit too much for a true beginner, it punishes lazy turns.').bestFor.skillLevels).toEqual([]);
    expect(one('Perfect for my first season, it floats great in powder.').bestFor).toEqual({ skillLevels: ['BEGINNER'], terrain: ['powder'] });
  });

  it('nothing to read is no analysis (never an invented one); the batch call is counted with no tokens and no cost', async () => {
    expect(analyzeOffline({ productId: 'p', name: 'p', category: 'SNOWBOARD', reviews: [] })).toEqual({ ok: false, reason: 'no review has any text to read' });
    const calls: unknown[] = [];
    const out = await new OfflineReviewAnalyzer().analyze(samples.slice(0, 3).map((s) => s.input), { onCall: (c) => calls.push(c) });
    expect(out.size).toBe(3);
    expect(calls).toEqual([{ analyzer: 'offline', products: 3, inputTokens: 0, outputTokens: 0, costUsd: 0 }]);
  });
});

describe('offline analyzer on real review text (test/fixtures/real/the-good-ride-burton-custom-reviews.json)', () => {
  const fixture = JSON.parse(readFileSync(new URL('../fixtures/real/the-good-ride-burton-custom-reviews.json', import.meta.url), 'utf8')) as {
    customerReviews: Review[];
    editorialSections: { reviewer: string; heading: string; text: string }[];
  };
  const customers = fixture.customerReviews;
  const editorial: Review[] = fixture.editorialSections.map((s) => ({ author: s.reviewer, rating: null, title: s.heading, body: s.text, date: null }));
  const read = (reviews: Review[]) => findings({ productId: 'burton-custom', name: 'Burton Custom Camber', category: 'SNOWBOARD', reviews: analysisReviews(reviews) });

  it('every quote is a verbatim sentence of the real reviews', () => {
    expect(customers).toHaveLength(3);
    expect(editorial.length).toBeGreaterThan(15);
    expectVerbatim(read(customers), customers);
    expectVerbatim(read(editorial), editorial);
  });

  it('the customers praise its edge hold and pop, quoting what they wrote', () => {
    const f = read(customers);
    const quotes = (text: string) => f.pros.find((p) => p.text === text)?.quotes.map((q) => q.text) ?? [];
    expect(quotes('Holds an edge well')).toContain("It's a turning machine, great edge hold and excellent for jumps and pipe.");
    expect(quotes('Lots of pop')).toContain('Plenty of pop out of the tail.');
    expect(f.cons).toEqual([]);
  });

  it('the reviewers\u2019 sections: catching an edge is a con; grip "a little behind" and "good" leave edge hold between', () => {
    const f = read(editorial);
    expect(f.cons.find((c) => c.text === 'Unforgiving')?.quotes.map((q) => q.text)).toContain(
      'The camber dominant profile is easier to catch an edge when straight lining than some other hybrid shapes.',
    );
    const edge = f.aspects.find((a) => a.name === 'edge hold')!;
    expect(edge.score).toBeLessThan(read(customers).aspects.find((a) => a.name === 'edge hold')!.score);
    expect(f.bestFor.skillLevels).toContain('EXPERT');
  });
});
