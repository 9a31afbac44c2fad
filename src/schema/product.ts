import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { Listing, ProductSpecs, Rating, Review, SpecEntry, StaticProduct } from '../domain/product.js';
import { builder } from './builder.js';
import { CategoryEnum, GenderEnum, SkillLevelEnum } from './enums.js';
import { AnalysisRef } from './analysis.js';
import { reviewIdOf } from '../analysis/review-id.js';
import { MoneyRef } from './money.js';

const SpecEntryRef = builder.objectRef<SpecEntry>('SpecEntry').implement({
  description: 'One spec row as a retailer labels it.',
  fields: (t) => ({ name: t.exposeString('name'), value: t.exposeString('value') }),
});

const SpecsRef = builder.objectRef<ProductSpecs>('ProductSpecs').implement({
  description: 'Common specs, typed where retailers agree; everything else in `raw`. Null or empty when no retailer states it.',
  fields: (t) => ({
    flex: t.exposeString('flex', { nullable: true }),
    profile: t.exposeString('profile', { nullable: true, description: 'Camber profile, e.g. "Hybrid Camber".' }),
    shape: t.exposeString('shape', { nullable: true }),
    terrain: t.exposeStringList('terrain'),
    skillLevels: t.field({ type: [SkillLevelEnum], resolve: (s) => s.skillLevels }),
    sizes: t.exposeStringList('sizes', { description: 'Sizes as retailers list them, e.g. "154", "157W", "10.5".' }),
    lengthsCm: t.exposeFloatList('lengthsCm'),
    waistWidthMm: t.exposeFloat('waistWidthMm', { nullable: true }),
    raw: t.field({ type: [SpecEntryRef], resolve: (s) => s.raw }),
  }),
});

const RatingRef = builder.objectRef<Rating>('Rating').implement({
  description: 'Average star rating (1–5) across retailers, weighted by review count.',
  fields: (t) => ({ average: t.exposeFloat('average'), count: t.exposeInt('count') }),
});

const ReviewRef = builder.objectRef<Review>('Review').implement({
  fields: (t) => ({
    id: t.string({ description: 'Stable id of the review (a hash of author, title and body); analysis quotes name it.', resolve: (r) => reviewIdOf(r) }),
    author: t.exposeString('author', { nullable: true }),
    rating: t.exposeFloat('rating', { nullable: true }),
    title: t.exposeString('title', { nullable: true }),
    body: t.exposeString('body'),
    date: t.exposeString('date', { nullable: true }),
  }),
});

const ListingRef = builder.objectRef<Listing>('Listing').implement({
  description: "A retailer's listing of this product.",
  fields: (t) => ({
    vendor: t.exposeString('vendor'),
    url: t.exposeString('url'),
    title: t.exposeString('title', { description: 'The title as the retailer shows it.' }),
  }),
});

/** Product: its static fields, read from the static tier through the static loader. Live fields are in offer.ts. */
export const ProductRef = builder.node(builder.objectRef<StaticProduct>('Product'), {
  description: 'One product, merged across every retailer that lists it.',
  id: { resolve: (p) => p.id },
  // A static-tier failure fails that node's field, never the whole answer.
  loadMany: async (ids, ctx) =>
    (await ctx.staticLoader.loadMany(ids)).map((p) => (p instanceof Error ? Promise.reject(p) : p)),
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'listings' in value && 'specs' in value,
  fields: (t) => ({
    name: t.exposeString('name'),
    brand: t.exposeString('brand'),
    model: t.exposeString('model'),
    year: t.exposeInt('year', { nullable: true }),
    category: t.field({ type: CategoryEnum, resolve: (p) => p.category }),
    gender: t.field({ type: GenderEnum, nullable: true, resolve: (p) => p.gender }),
    description: t.exposeString('description', { nullable: true }),
    imageUrl: t.string({ nullable: true, resolve: (p) => p.images[0] ?? null }),
    images: t.exposeStringList('images'),
    specs: t.field({ type: SpecsRef, resolve: (p) => p.specs }),
    rating: t.field({ type: RatingRef, nullable: true, resolve: (p) => p.rating }),
    reviews: t.field({
      type: [ReviewRef],
      args: { first: t.arg.int({ defaultValue: 10, validate: z.number().int().min(0).max(100) }) },
      resolve: (p, args) => p.reviews.slice(0, args.first ?? 10),
    }),
    listings: t.field({ type: [ListingRef], resolve: (p) => p.listings }),
    lastKnownPrice: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'Lowest price seen by the last catalog crawl (for filtering); live prices are in `offers`.',
      resolve: (p) => p.lastKnownPrice,
    }),
    pros: t.stringList({ description: 'The texts of `analysis.pros` (each quotes reviews there).', resolve: (p) => p.analysis.pros.map((x) => x.text) }),
    cons: t.stringList({ description: 'The texts of `analysis.cons`.', resolve: (p) => p.analysis.cons.map((x) => x.text) }),
    analysis: t.field({ type: AnalysisRef, resolve: (p) => p.analysis }),
  }),
});

builder.queryField('product', (t) =>
  t.field({
    type: ProductRef,
    description: 'One product by its global id (as returned in `search`).',
    args: { id: t.arg.globalID({ required: true, for: [ProductRef] }) },
    resolve: async (_root, args, ctx) => {
      const product = await ctx.staticLoader.load(args.id.id);
      if (!product) {
        throw new GraphQLError(`No product with id "${args.id.id}" in the catalog.`, {
          extensions: { code: 'NOT_FOUND' },
        });
      }
      if (ctx.viewer) void ctx.services.users.recordView(ctx.viewer, product.id);
      return product;
    },
  }),
);
