import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { UserPreferences } from '../domain/user.js';
import type { LoadedUserContext } from '../users/user-context-service.js';
import { applyPreferencesChange, PreferencesError } from '../users/preferences.js';
import { USER_HEADER } from '../users/identity.js';
import { builder } from './builder.js';
import { withInputErrors } from './errors.js';
import { SkillLevelEnum } from './enums.js';
import { ProductRef } from './product.js';

const BudgetRef = builder.objectRef<NonNullable<UserPreferences['budget']>>('Budget').implement({
  description: 'Budget per product in USD; either bound may be null.',
  fields: (t) => ({
    min: t.exposeFloat('min', { nullable: true }),
    max: t.exposeFloat('max', { nullable: true }),
  }),
});

const PreferencesRef = builder.objectRef<UserPreferences>('UserPreferences').implement({
  description: 'What the shopper told us about themselves. Searches rank with them (a shopper with preferences has answers of their own).',
  fields: (t) => ({
    skillLevel: t.field({ type: SkillLevelEnum, nullable: true, resolve: (p) => p.skillLevel }),
    terrain: t.stringList({ description: 'Riding style and terrain: all-mountain, powder, park, freestyle, freeride, backcountry, groomers.', resolve: (p) => p.terrain }),
    budget: t.field({ type: BudgetRef, nullable: true, resolve: (p) => p.budget }),
    brands: t.exposeStringList('brands', { description: 'Preferred brands, most preferred first.' }),
    sizes: t.exposeStringList('sizes', { description: 'Sizes the shopper rides or wears, e.g. "156", "157W", "10.5", "180cm".' }),
  }),
});

const ViewerRef = builder.objectRef<LoadedUserContext>('Viewer').implement({
  description: `The shopper the request's ${USER_HEADER} token names.`,
  fields: (t) => ({
    userId: t.string({ resolve: (c) => c.viewer.userId }),
    preferences: t.field({ type: PreferencesRef, resolve: (c) => c.preferences }),
    recentlyViewed: t.field({
      type: [ProductRef],
      description: 'Products this shopper opened with `product(id)`, most recent first (products no longer in the catalog left out).',
      args: { first: t.arg.int({ defaultValue: 10, validate: z.number().int().min(0).max(20) }) },
      resolve: async (c, args, ctx) => {
        const loaded = await ctx.staticLoader.loadMany(c.recentlyViewed.slice(0, args.first ?? 10));
        return loaded.flatMap((p) => (p && !(p instanceof Error) ? [p] : []));
      },
    }),
  }),
});

const BudgetInput = builder.inputType('BudgetInput', {
  fields: (t) => ({ min: t.float(), max: t.float() }),
});

const PreferencesInput = builder.inputType('UserPreferencesInput', {
  description: 'A change of preferences: a field left out keeps its value, null clears it.',
  fields: (t) => ({
    skillLevel: t.field({ type: SkillLevelEnum }),
    terrain: t.stringList({ description: 'all-mountain, powder, park, freestyle, freeride, backcountry or groomers.' }),
    budget: t.field({ type: BudgetInput }),
    brands: t.stringList(),
    sizes: t.stringList(),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    nullable: true,
    description: `The signed-in shopper (the ${USER_HEADER} header); null when the request is anonymous.`,
    resolve: (_root, _args, ctx) => ctx.userContext(),
  }),
);

builder.mutationField('updatePreferences', (t) =>
  t.field({
    type: ViewerRef,
    description: 'Change the signed-in shopper\u2019s preferences. Their cached answers are dropped, so the next search ranks with the new ones.',
    args: { input: t.arg({ type: PreferencesInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      if (!ctx.viewer) {
        throw new GraphQLError(`updatePreferences needs a signed-in shopper: send an ${USER_HEADER} token`, { extensions: { code: 'UNAUTHENTICATED' } });
      }
      const current = await ctx.userContext();
      let next: UserPreferences;
      try {
        next = applyPreferencesChange(current!.preferences, args.input);
      } catch (err) {
        if (err instanceof PreferencesError) throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT', argumentName: 'input' } });
        throw err;
      }
      // A durable store that cannot be written is said plainly (SERVICE_UNAVAILABLE), not masked.
      const viewer = ctx.viewer;
      return withInputErrors(() => ctx.services.users.updatePreferences(viewer, next));
    },
  }),
);
