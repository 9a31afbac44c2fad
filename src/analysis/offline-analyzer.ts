import { SKILL_LEVELS, type AnalysisPoint, type AnalysisQuote, type AspectScore, type BestFor, type SkillLevel } from '../domain/product.js';
import { parseTerrains } from '../catalog/vocabulary.js';
import { ASPECTS_BY_CATEGORY, CONTRAST, GENERIC_NEGATIVE, GENERIC_POSITIVE, NEGATORS, SKILL_CUES, type AspectLexicon, type Cue } from './lexicon.js';
import { sentimentOf } from './reviews.js';
import type { AnalysisInput, AnalysisOutcome, AnalyzerCall, ReviewAnalyzer, ReviewFindings } from './types.js';

/**
 * The offline analyzer, the default without OPENAI_API_KEY: no network, no cost, deterministic.
 * Each review sentence (wink-nlp's sentence boundaries) is cut into clauses at contrast words
 * ("great pop but washes out at speed" is two clauses); each clause speaks to the category's
 * aspects its lexicon terms name (lexicon.ts), positively or negatively by the aspect's cues, a
 * cue right after a negation counting the other way ("not stable at speed", "never washed out"),
 * else by general words of praise or fault, else by wink's sentiment of the clause. A review
 * counts once per aspect (the sign of what its clauses say); an aspect more of whose reviews
 * praise it than fault it is a pro (more fault it: a con), each quoting the sentences that said so.
 */

/** Bump when the lexicon or the rules change, so stored analyses are redone once. */
const RULES_VERSION = 1;
/** wink's sentiment beyond this is a clause's leaning when no cue says more. */
const SENTIMENT_THRESHOLD = 0.2;
const QUOTES_PER_POINT = 3;

export class OfflineReviewAnalyzer implements ReviewAnalyzer {
  readonly name = 'offline' as const;
  readonly model = `offline:wink-eng-lite-web-model+lexicon-v${RULES_VERSION}`;

  async analyze(batch: readonly AnalysisInput[], options: { onCall: (call: AnalyzerCall) => void }): Promise<Map<string, AnalysisOutcome>> {
    const out = new Map<string, AnalysisOutcome>();
    for (const product of batch) out.set(product.productId, analyzeOffline(product));
    options.onCall({ analyzer: 'offline', products: batch.length, inputTokens: 0, outputTokens: 0, costUsd: 0 });
    return out;
  }
}

export function analyzeOffline(product: AnalysisInput): AnalysisOutcome {
  const reviews = product.reviews.filter((r) => r.sentences.length > 0);
  if (reviews.length === 0) return { ok: false, reason: 'no review has any text to read' };
  const lexicon = ASPECTS_BY_CATEGORY[product.category];
  const tallies = lexicon.map((aspect) => ({ aspect, positive: [] as AnalysisQuote[], negative: [] as AnalysisQuote[], neutral: 0 }));
  const skills = new Map<SkillLevel, number>();
  const terrain = new Map<string, number>();

  for (const review of reviews) {
    const perAspect = lexicon.map(() => ({ sum: 0, positive: null as string | null, negative: null as string | null, mentioned: false }));
    for (const sentence of review.sentences) {
      for (const clause of sentence.split(CONTRAST).filter((c) => /\w/.test(c))) {
        let leaning: number | null = null;
        const lean = () => (leaning ??= clauseLeaning(clause));
        lexicon.forEach((aspect, i) => {
          const sign = aspectSign(aspect, clause, lean);
          if (sign === null) return;
          const a = perAspect[i]!;
          a.mentioned = true;
          a.sum += sign;
          if (sign > 0) a.positive ??= sentence;
          if (sign < 0) a.negative ??= sentence;
        });
        for (const [level, sign] of skillSigns(clause, lean)) skills.set(level, (skills.get(level) ?? 0) + sign);
        const places = parseTerrains(clause);
        if (places.length > 0) {
          const sign = negatedAnywhere(clause) || lean() < 0 ? -1 : 1;
          for (const t of places) terrain.set(t, (terrain.get(t) ?? 0) + sign);
        }
      }
    }
    perAspect.forEach((a, i) => {
      if (!a.mentioned) return;
      const t = tallies[i]!;
      if (a.sum > 0 && a.positive) t.positive.push({ text: a.positive, reviewId: review.id });
      else if (a.sum < 0 && a.negative) t.negative.push({ text: a.negative, reviewId: review.id });
      else t.neutral++;
    });
  }

  const aspects: AspectScore[] = [];
  const pros: AnalysisPoint[] = [];
  const cons: AnalysisPoint[] = [];
  for (const t of tallies) {
    const support = t.positive.length + t.negative.length + t.neutral;
    if (support === 0) continue;
    const mean = (t.positive.length - t.negative.length) / support;
    aspects.push({ name: t.aspect.name, score: Math.round((3 + 2 * mean) * 10) / 10, support });
    if (t.positive.length > t.negative.length) pros.push({ text: t.aspect.pro, support: t.positive.length, quotes: t.positive.slice(0, QUOTES_PER_POINT) });
    if (t.negative.length > t.positive.length) cons.push({ text: t.aspect.con, support: t.negative.length, quotes: t.negative.slice(0, QUOTES_PER_POINT) });
  }
  const bySupport = (a: AnalysisPoint, b: AnalysisPoint) => b.support - a.support;
  pros.sort(bySupport);
  cons.sort(bySupport);
  const bestFor: BestFor = {
    skillLevels: SKILL_LEVELS.filter((l) => (skills.get(l) ?? 0) > 0),
    terrain: [...terrain].filter(([, n]) => n > 0).map(([t]) => t).sort(),
  };
  const findings: ReviewFindings = { summary: summarize(reviews.length, pros, cons, lexicon, bestFor), pros, cons, aspects, bestFor };
  return { ok: true, findings };
}

/** +1, -1 or 0 (mentioned, no leaning) for an aspect in a clause; null when the clause does not speak to it. */
function aspectSign(aspect: AspectLexicon, clause: string, lean: () => number): number | null {
  const positive = cueSum(aspect.positive, clause, 1);
  const negative = cueSum(aspect.negative, clause, -1);
  if (positive.hits + negative.hits === 0 && !aspect.terms.test(clause)) return null;
  const sum = positive.sum + negative.sum;
  if (sum !== 0) return Math.sign(sum);
  return lean();
}

/** The clause's leaning when no aspect cue decides: general praise or fault words, else wink's sentiment. */
function clauseLeaning(clause: string): number {
  const generic = cueSum([GENERIC_POSITIVE], clause, 1).sum + cueSum([GENERIC_NEGATIVE], clause, -1).sum;
  if (generic !== 0) return Math.sign(generic);
  const sentiment = sentimentOf(clause);
  return sentiment >= SENTIMENT_THRESHOLD ? 1 : sentiment <= -SENTIMENT_THRESHOLD ? -1 : 0;
}

const globalCache = new WeakMap<RegExp, RegExp>();
function globalOf(re: RegExp): RegExp {
  let g = globalCache.get(re);
  if (!g) {
    g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    globalCache.set(re, g);
  }
  return g;
}

function cueSum(cues: readonly Cue[], clause: string, sign: 1 | -1): { sum: number; hits: number } {
  let sum = 0;
  let hits = 0;
  for (const cue of cues) {
    if (cue.only && !cue.only.test(clause)) continue;
    if (cue.unless && cue.unless.test(clause)) continue;
    for (const m of clause.matchAll(globalOf(cue.re))) {
      hits++;
      sum += negatedBefore(clause, m.index) ? -sign : sign;
    }
  }
  return { sum, hits };
}

function words(text: string): string[] {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .split(/[^\w']+/)
    .filter((w) => w !== '');
}

/** A negation among the three words before `index` in the clause ("is not stable", "never washed out", "zero foot pain"). */
function negatedBefore(clause: string, index: number): boolean {
  return words(clause.slice(0, index))
    .slice(-3)
    .some((w) => NEGATORS.test(w) || /n't$/i.test(w));
}

function negatedAnywhere(clause: string): boolean {
  return words(clause).some((w) => NEGATORS.test(w) || /n't$/i.test(w));
}

/** Skill levels a clause recommends the product for (+1) or warns off (-1: "not a beginner board", "too much for a beginner"). */
function skillSigns(clause: string, lean: () => number): [SkillLevel, number][] {
  const found: [SkillLevel, number][] = [];
  for (const [re, level] of SKILL_CUES) {
    const m = re.exec(clause);
    if (!m) continue;
    const warned = negatedBefore(clause, m.index) || /\b(too (much|stiff|aggressive|advanced|demanding) for|outgr[eo]w)/i.test(clause) || lean() < 0;
    found.push([level, warned ? -1 : 1]);
  }
  return found;
}

const SKILL_WORDS: Record<SkillLevel, string> = { BEGINNER: 'beginners', INTERMEDIATE: 'intermediates', ADVANCED: 'advanced riders', EXPERT: 'experts' };

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** One or two sentences, made only of what the pros, cons and bestFor say. */
function summarize(reviews: number, pros: readonly AnalysisPoint[], cons: readonly AnalysisPoint[], lexicon: readonly AspectLexicon[], bestFor: BestFor): string {
  const nameOf = (p: AnalysisPoint) => lexicon.find((a) => a.pro === p.text || a.con === p.text)?.name ?? p.text.toLowerCase();
  const from = `From ${reviews} review${reviews === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (pros.length > 0) parts.push(`praised for ${list(pros.map(nameOf))}`);
  if (cons.length > 0) parts.push(`criticised for ${list(cons.map(nameOf))}`);
  const first = parts.length > 0 ? `${from}: ${parts.join('; ')}.` : `${from}: no aspect is clearly praised or faulted.`;
  const suits = [...bestFor.skillLevels.map((l) => SKILL_WORDS[l]), ...bestFor.terrain];
  return suits.length > 0 ? `${first} Reviewers recommend it for ${list(suits)}.` : first;
}
