import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { builder } from './builder.js';
import { CategoryEnum, GenderEnum, SkillLevelEnum } from './enums.js';
import { ProductRef } from './product.js';
import { decodeSearchCursor, encodeSearchCursor } from './cursor.js';
import type { CatalogStatus } from '../catalog/catalog-status.js';
import { MAX_QUERY_LENGTH, SEARCH_SORTS, type RankingExplanation, type SearchInterpretation } from '../domain/search.js';

export const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;

const namesSomething = (what: string) => z.string().trim().min(1).max(60).regex(/[\p{L}\p{N}]/u, `must name a ${what}`);

const SearchFilters = builder.inputType('SearchFilters', {
  description: 'Structured filters. They win over what the query text says (e.g. maxPrice here beats "under $400").',
  // A loose object: the parsed value replaces the input, and a strict one would drop every other filter.
  validate: z
    .looseObject({ minPrice: z.number().nullish(), maxPrice: z.number().nullish() })
    .refine((f) => f.minPrice == null || f.maxPrice == null || f.minPrice <= f.maxPrice, {
      message: 'minPrice must not be above maxPrice',
    }),
  fields: (t) => ({
    category: t.field({ type: CategoryEnum }),
    brand: t.string({ validate: namesSomething('brand') }),
    skillLevel: t.field({ type: SkillLevelEnum }),
    terrain: t.string({ validate: namesSomething('terrain') }),
    gender: t.field({ type: GenderEnum }),
    size: t.string({ validate: z.string().trim().min(1).max(20), description: 'e.g. "158", "157W", "180cm", "10.5".' }),
    minPrice: t.float({ validate: z.number().min(0).max(100_000) }),
    maxPrice: t.float({ validate: z.number().min(0).max(100_000) }),
  }),
});

const CatalogStateEnum = builder.enumType('CatalogState', {
  values: ['LOADING', 'READY', 'EMPTY', 'UNAVAILABLE'] as const,
  description:
    'LOADING: the first crawl is still filling the catalog (answers use what is loaded so far). READY: it answers. EMPTY: the catalog has nothing yet. UNAVAILABLE: the catalog store cannot be read right now (see message): answers may be incomplete and the catalog is not kept fresh.',
});

const CatalogStatusRef = builder.objectRef<CatalogStatus>('CatalogStatus').implement({
  fields: (t) => ({
    state: t.field({ type: CatalogStateEnum, resolve: (s) => s.state }),
    productCount: t.exposeInt('productCount'),
    message: t.exposeString('message', { nullable: true }),
  }),
});

const SearchSortEnum = builder.enumType('SearchSort', {
  values: {
    RELEVANCE: { description: 'Text relevance, intent match, rating confidence, availability and price, and the viewer\u2019s preferences together (the default).' },
    TOTAL_PRICE_ASC: { description: 'Cheapest first: the best total (price + stated shipping) the live tier holds, else lastKnownPrice; no known price last.' },
    RATING: { description: 'Highest displayed average first; among equal averages more reviews first; unrated last.' },
    DISCOUNT: { description: 'Largest discount the live tier holds first; no known discount last.' },
  } satisfies Record<(typeof SEARCH_SORTS)[number], { description: string }>,
  description: 'How search orders its answer. Among products equal on the sort\u2019s figure, relevance decides.',
});

const SearchInterpretationRef = builder
  .objectRef<SearchInterpretation>('SearchInterpretation')
  .implement({
    description: 'How the query text and filters were understood.',
    fields: (t) => ({
      text: t.exposeString('text', { description: 'Words left for full-text matching.' }),
      category: t.field({ type: CategoryEnum, nullable: true, resolve: (i) => i.category }),
      brand: t.exposeString('brand', { nullable: true }),
      skillLevel: t.field({ type: SkillLevelEnum, nullable: true, resolve: (i) => i.skillLevel }),
      terrain: t.exposeString('terrain', { nullable: true }),
      gender: t.field({ type: GenderEnum, nullable: true, resolve: (i) => i.gender }),
      size: t.exposeString('size', { nullable: true }),
      minPrice: t.exposeFloat('minPrice', { nullable: true }),
      maxPrice: t.exposeFloat('maxPrice', { nullable: true }),
      sort: t.field({
        type: SearchSortEnum,
        description: 'The order of the answer: the sort argument, else the one sort words asked for ("cheap", "top rated", "on sale"), else RELEVANCE.',
        resolve: (i) => i.sort ?? 'RELEVANCE',
      }),
      rankingWords: t.stringList({
        description: 'Words of the query that were not understood as a filter or a sort: they ranked the answer and filtered nothing.',
        resolve: (i) => i.rankingWords ?? [],
      }),
    }),
  });

builder.queryField('search', (t) =>
  t.connection(
    {
      type: ProductRef,
      description:
        'Search the catalog ("beginner snowboard under $400", "Burton Custom", "powder skis 180cm between $500 and $800"). Static fields come from the catalog at once; a search nothing in the catalog matches is answered from one search-page call per retailer (products PENDING) while a background job reads them in full.',
      args: {
        query: t.arg.string({
          required: true,
          validate: z
            .string()
            .trim()
            .min(1, { message: 'query must not be empty' })
            .max(MAX_QUERY_LENGTH, { message: `query must be at most ${MAX_QUERY_LENGTH} characters` }),
        }),
        filters: t.arg({ type: SearchFilters }),
        sort: t.arg({ type: SearchSortEnum, description: 'Wins over sort words in the query. Absent: what the query asks for, else RELEVANCE.' }),
      },
      resolve: async (_root, args, ctx) => {
        const first = args.first ?? DEFAULT_PAGE_SIZE;
        if (first < 0 || first > MAX_PAGE_SIZE) {
          throw new GraphQLError(`first must be between 0 and ${MAX_PAGE_SIZE} (got ${first})`, {
            extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' },
          });
        }
        if (args.last != null || args.before != null) {
          throw new GraphQLError('search pages forward only: use first and after', {
            extensions: { code: 'BAD_USER_INPUT' },
          });
        }
        // The sort travels with the filters into the understood intent, so the query-tier key holds it.
        const filters = { ...args.filters, sort: args.sort ?? null };
        const result = await ctx.services.productSearch.search(args.query.trim(), filters, { user: await ctx.userContext() });
        const offset = args.after == null ? 0 : decodeSearchCursor(result.searchKey, args.after) + 1;
        const pageIds = result.ids.slice(offset, offset + first);
        // A search miss's basic products are served as they are (the static tier has them once the job lands).
        const provisional = result.provisional?.slice(offset, offset + first);
        for (const p of provisional ?? []) ctx.productsRead.add(p.id);
        const products = provisional ?? (await ctx.staticLoader.loadMany(pageIds));
        const failed = products.find((p): p is Error => p instanceof Error);
        if (failed) ctx.services.logger.error({ err: failed }, 'static tier read failed during search');
        // A search miss's provisional products are not ranked in the catalog: no score, no reasons.
        const explanations = result.explanations?.slice(offset, offset + pageIds.length) ?? [];
        // A record that expired from the static tier since ranking is skipped, never invented.
        const edges = products.flatMap((p, i) =>
          p && !(p instanceof Error)
            ? [{ cursor: encodeSearchCursor(result.searchKey, offset + i), node: p, explanation: explanations[i] ?? null }]
            : [],
        );
        const lastOffset = Math.min(offset + first, result.ids.length) - 1;
        return {
          // The static tier did not answer: the edges say so (and only when a client reads them),
          // rather than an empty page of a non-empty result; totalCount, interpretation and
          // catalog (UNAVAILABLE) still answer.
          get edges() {
            if (failed) throw new GraphQLError('The catalog is unavailable right now; try again shortly.', { extensions: { code: 'SERVICE_UNAVAILABLE' } });
            return edges;
          },
          totalCount: result.total,
          interpretation: result.interpretation,
          catalog: ctx.services.catalogStatus(),
          pageInfo: {
            hasNextPage: offset + first < result.ids.length,
            hasPreviousPage: offset > 0,
            startCursor: pageIds.length > 0 ? encodeSearchCursor(result.searchKey, offset) : null,
            endCursor: lastOffset >= offset ? encodeSearchCursor(result.searchKey, lastOffset) : null,
          },
        };
      },
    },
    {
      name: 'SearchConnection',
      fields: (tc) => ({
        totalCount: tc.exposeInt('totalCount'),
        interpretation: tc.expose('interpretation', { type: SearchInterpretationRef }),
        catalog: tc.expose('catalog', {
          type: CatalogStatusRef,
          description: 'State of the catalog that answered: an empty answer says whether the catalog has nothing yet, or cannot be read.',
        }),
      }),
    },
    {
      name: 'SearchEdge',
      fields: (te) => ({
        score: te.float({
          nullable: true,
          description: 'How well the product fits (higher first under RELEVANCE); null for a search miss\u2019s provisional products, which are not ranked in the catalog.',
          resolve: (edge) => (edge as { explanation?: RankingExplanation | null }).explanation?.score ?? null,
        }),
        reasons: te.stringList({
          description: 'Why it stands here, short and human: "matches skill level BEGINNER", "rated 4.6 from 31 reviews", "your preferred brand Burton".',
          resolve: (edge) => (edge as { explanation?: RankingExplanation | null }).explanation?.reasons ?? [],
        }),
      }),
    },
  ),
);


