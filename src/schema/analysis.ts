import type { AnalysisPoint, AnalysisQuote, AspectScore, BestFor, ProductAnalysis } from '../domain/product.js';
import { builder } from './builder.js';
import { AnalysisStatusEnum, SkillLevelEnum } from './enums.js';

const QuoteRef = builder.objectRef<AnalysisQuote>('AnalysisQuote').implement({
  description: 'One sentence of one review, verbatim.',
  fields: (t) => ({
    text: t.exposeString('text'),
    reviewId: t.exposeString('reviewId', { description: 'The `Review.id` of the review the sentence is in.' }),
  }),
});

const PointRef = builder.objectRef<AnalysisPoint>('AnalysisPoint').implement({
  description: 'A pro or a con: a short phrase, how many reviews say it, and the review sentences it rests on (at least one).',
  fields: (t) => ({
    text: t.exposeString('text'),
    support: t.exposeInt('support', { description: 'How many of the reviews say it.' }),
    quotes: t.field({ type: [QuoteRef], resolve: (p) => p.quotes }),
  }),
});

const AspectRef = builder.objectRef<AspectScore>('AspectScore').implement({
  description: 'One aspect of the category (edge hold, pop, stability at speed…; comfort, fit…; value everywhere) as the reviews rate it.',
  fields: (t) => ({
    name: t.exposeString('name'),
    score: t.exposeFloat('score', { description: '1 (poor) to 5 (excellent).' }),
    support: t.exposeInt('support', { description: 'How many reviews speak to it.' }),
  }),
});

const BestForRef = builder.objectRef<BestFor>('BestFor').implement({
  description: 'Who and where the reviews recommend the product for.',
  fields: (t) => ({
    skillLevels: t.field({ type: [SkillLevelEnum], resolve: (b) => b.skillLevels }),
    terrain: t.exposeStringList('terrain'),
  }),
});

const EMPTY_BEST_FOR: BestFor = { skillLevels: [], terrain: [] };

export const AnalysisRef = builder.objectRef<ProductAnalysis>('ProductAnalysis').implement({
  description: 'The analysis of the reviews (README: Review analysis). Empty lists and null fields until an analysis exists: never invented.',
  fields: (t) => ({
    status: t.field({ type: AnalysisStatusEnum, resolve: (a) => a.status }),
    message: t.string({
      nullable: true,
      description: 'Why the status is what it is when that is not plain: for FAILED, what failed (e.g. the reviews a retailer counts could not be read, or the analyzer). null otherwise.',
      resolve: (a) => a.message ?? null,
    }),
    summary: t.exposeString('summary', { nullable: true, description: 'One or two sentences; null until an analysis exists.' }),
    pros: t.field({ type: [PointRef], resolve: (a) => a.pros }),
    cons: t.field({ type: [PointRef], resolve: (a) => a.cons }),
    aspects: t.field({ type: [AspectRef], resolve: (a) => a.aspects }),
    bestFor: t.field({ type: BestForRef, resolve: (a) => a.bestFor ?? EMPTY_BEST_FOR }),
    model: t.exposeString('model', { nullable: true, description: 'The analyzer and model that wrote it, e.g. "openai:gpt-4o-mini"; null until an analysis exists.' }),
    analyzedAt: t.exposeString('analyzedAt', { nullable: true, description: 'ISO time of the analysis; null until an analysis exists.' }),
  }),
});
