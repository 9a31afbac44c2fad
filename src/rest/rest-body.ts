import { z } from 'zod';
import { CATEGORIES, SKILL_LEVELS, type Category } from '../domain/product.js';
import { MAX_QUERY_LENGTH, type SearchFilters } from '../domain/search.js';

export class RestBodyError extends Error {
  override name = 'RestBodyError';
}

/** "snowboard", "Snowboards", "SKI" → the category; anything else is not one. */
function categoryOf(text: string): Category | undefined {
  const word = text.trim().toUpperCase();
  return CATEGORIES.find((c) => c === word || `${c}S` === word);
}

const price = z.number({ message: 'must be a number' }).min(0, 'must not be negative').max(100_000, 'must be at most 100000');

/** The seed's filter names (and only those). */
const RestFilters = z
  .object({
    price_max: price.nullish(),
    price_min: price.nullish(),
    skill_level: z
      .string()
      .transform((s) => s.trim().toUpperCase())
      .pipe(z.enum(SKILL_LEVELS, { message: `must be one of ${SKILL_LEVELS.map((s) => s.toLowerCase()).join(', ')}` }))
      .nullish(),
    category: z
      .string()
      .transform((c, ctx) => {
        const category = categoryOf(c);
        if (!category) {
          ctx.addIssue({ code: 'custom', message: `must be one of ${CATEGORIES.map((s) => s.toLowerCase()).join(', ')}` });
          return z.NEVER;
        }
        return category;
      })
      .nullish(),
    brand: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters').nullish(),
  })
  .strict()
  .refine((f) => f.price_min == null || f.price_max == null || f.price_min <= f.price_max, { message: 'price_min must not be above price_max' });

const RestQueryBody = z
  .object({
    query: z
      .string({ message: 'query is required: a string such as "beginner snowboard under $400"' })
      .trim()
      .min(1, 'query must not be empty')
      .max(MAX_QUERY_LENGTH, `query must be at most ${MAX_QUERY_LENGTH} characters`),
    user_id: z
      .string({ message: 'user_id must be a string' })
      .min(1, 'user_id must not be empty')
      .max(128, 'user_id must be at most 128 characters')
      .refine((id) => ![...id].some((c) => c.charCodeAt(0) < 0x20), 'user_id must be printable')
      .nullish(),
    filters: RestFilters.nullish(),
  })
  .strict();

export interface RestQuery {
  query: string;
  userId: string | null;
  filters: SearchFilters | undefined;
}

/** The body of `POST /api/query`, or a RestBodyError saying what is wrong with it. */
export function parseRestQuery(text: string): RestQuery {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new RestBodyError('the body is not JSON: send {"query": "…", "user_id": "…", "filters": {…}}');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new RestBodyError('the body must be a JSON object {"query": "…", "user_id": "…", "filters": {…}}');
  }
  const parsed = RestQueryBody.safeParse(raw);
  if (!parsed.success) {
    throw new RestBodyError(
      parsed.error.issues
        .slice(0, 5)
        .map((i) => {
          const path = i.path.join('.');
          if (i.code === 'unrecognized_keys') return `${path ? `${path}: ` : ''}unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`;
          return path && !i.message.startsWith(path) ? `${path}: ${i.message}` : i.message;
        })
        .join('; '),
    );
  }
  const { query, user_id, filters } = parsed.data;
  return {
    query,
    userId: user_id ?? null,
    filters: filters ? searchFilters(filters) : undefined,
  };
}

/** Only the filters the body names: an absent filter leaves what the query text says ("snowboard" is the category). */
function searchFilters(f: z.output<typeof RestFilters>): SearchFilters {
  const out: SearchFilters = {};
  if (f.price_max != null) out.maxPrice = f.price_max;
  if (f.price_min != null) out.minPrice = f.price_min;
  if (f.skill_level != null) out.skillLevel = f.skill_level;
  if (f.category != null) out.category = f.category;
  if (f.brand != null) out.brand = f.brand;
  return out;
}
