import { z } from 'zod';
import { normalizeBrand } from '../domain/brands.js';
import { SKILL_LEVELS } from '../domain/product.js';
import { TERRAINS, type Terrain } from '../domain/search.js';
import type { UserPreferences } from '../domain/user.js';

const MAX_PRICE = 100_000;

/**
 * A change of preferences as a client sends it: an absent field keeps what the shopper had, null
 * clears it. Terrain words are the catalog's ("all-mountain", "park", …; case and spaces
 * forgiven); a brand Hexar knows is stored by its canonical name ("capita" → "CAPiTA"), any
 * other as written, as the catalog keeps it.
 */
const PreferencesChange = z
  .object({
    skillLevel: z.enum(SKILL_LEVELS).nullish(),
    terrain: z
      .array(
        z
          .string()
          .transform((t) => t.trim().toLowerCase().replace(/\s+/g, '-'))
          .pipe(z.enum(TERRAINS, { message: `a terrain is one of ${TERRAINS.join(', ')}` })),
      )
      .max(TERRAINS.length)
      .nullish(),
    budget: z
      .object({ min: z.number().min(0).max(MAX_PRICE).nullish(), max: z.number().min(0).max(MAX_PRICE).nullish() })
      .refine((b) => b.min == null || b.max == null || b.min <= b.max, { message: 'budget min must not be above max' })
      .nullish(),
    brands: z
      .array(
        z
          .string()
          .trim()
          .min(1, 'a brand must not be empty')
          .max(60, 'a brand is at most 60 characters')
          .regex(/[\p{L}\p{N}]/u, 'must name a brand')
          .transform((b) => normalizeBrand(b) ?? b),
      )
      .max(20, 'at most 20 brands')
      .nullish(),
    sizes: z.array(z.string().trim().min(1, 'a size must not be empty').max(20, 'a size is at most 20 characters')).max(10, 'at most 10 sizes').nullish(),
  })
  .strict();

export type PreferencesChangeInput = z.input<typeof PreferencesChange>;

export class PreferencesError extends Error {
  override name = 'PreferencesError';
}

/** The preferences after applying a change to the current ones; a PreferencesError says what is wrong with it. */
export function applyPreferencesChange(current: UserPreferences, change: unknown): UserPreferences {
  const parsed = PreferencesChange.safeParse(change);
  if (!parsed.success) {
    throw new PreferencesError(
      parsed.error.issues
        .slice(0, 5)
        .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
        .join('; '),
    );
  }
  const c = parsed.data;
  const budget = c.budget === undefined ? current.budget : c.budget === null ? null : { min: c.budget.min ?? null, max: c.budget.max ?? null };
  return {
    skillLevel: c.skillLevel === undefined ? current.skillLevel : c.skillLevel,
    terrain: c.terrain === undefined ? current.terrain : unique<Terrain>(c.terrain ?? []),
    // A budget with neither bound is no budget.
    budget: budget && budget.min === null && budget.max === null ? null : budget,
    brands: c.brands === undefined ? current.brands : unique(c.brands ?? []),
    sizes: c.sizes === undefined ? current.sizes : unique(c.sizes ?? []),
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
