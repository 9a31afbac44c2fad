import type { Gender, SpecEntry } from './product.js';

/**
 * What a retailer's title (or a "Gender" row) states about gender and model year: the one
 * reading shared by the agents (records) and the catalog (title normalization, matching), so
 * the two never disagree. Pure: no I/O. Only what is written counts; nothing is guessed.
 */

/** Straighten typographic apostrophes so one pattern reads "Men’s" and "Men's". */
export function straightenQuotes(text: string): string {
  return text.replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'");
}

/**
 * Gender words, as regex alternations over straightened text (whole tokens, any case). `alsoNames`
 * words tell the gender too but also name models (GNU "Ladies Choice"), so they stay in model names.
 */
const GENDER_WORDS: readonly { gender: Gender; words: string; alsoNames?: string }[] = [
  { gender: 'WOMENS', words: "women'?s'?|woman'?s?|wmns?|female", alsoNames: "ladies'?|lady'?s" },
  { gender: 'KIDS', words: "kids?'?s?'?|youth|juniors?|jr|boys?'?s?'?|girls?'?s?'?|toddlers?'?|children'?s?'?" },
  { gender: 'UNISEX', words: 'unisex' },
  { gender: 'MENS', words: "men'?s'?|man's|male" },
];

// "Women's" contains "men's", so each word must stand alone: no letter, digit or apostrophe around it.
const token = (words: string, flags: string) => new RegExp(`(?<![\\w'])(?:${words})(?![\\w'])`, flags);
const GENDER_PATTERNS = GENDER_WORDS.map((g) => [token(g.alsoNames ? `${g.words}|${g.alsoNames}` : g.words, 'i'), g.gender] as const);

/** The gender words a model name never contains, for stripping them out of a title (global: use with `replace`). */
export const GENDER_TOKEN = token(GENDER_WORDS.map((g) => g.words).join('|'), 'gi');

/** Gender a text states ("Women's", "WMN", "Ladies'", "Kids'", "Youth", "Unisex", "Men's", "Male"), or null when none. */
export function parseGender(text: string | null | undefined): Gender | null {
  if (!text) return null;
  const t = straightenQuotes(text);
  for (const [pattern, gender] of GENDER_PATTERNS) if (pattern.test(t)) return gender;
  return null;
}

/** Gender from the title, else from a "Gender" (or "Sex") attribute row. */
export function genderOf(title: string, attributes: readonly SpecEntry[] = []): Gender | null {
  const fromTitle = parseGender(title);
  if (fromTitle) return fromTitle;
  const row = attributes.find((a) => /^(gender|sex)$/i.test(a.name.trim()));
  return row ? parseGender(row.value) : null;
}

/**
 * A 19xx/20xx year standing alone ("K2000", "2.0", "2020.5" are not years), optionally a season
 * after it ("2025-26", "2025/2026"). A period may follow only as punctuation.
 */
const YEAR_MENTION = /(?<![\w.])((?:19|20)\d{2})(?:\s*[-/]\s*((?:19|20)\d{2}|\d{2}))?(?!\w|\.\d)/g;

interface YearMention {
  year: number;
  season: boolean;
  index: number;
  end: number;
}

/** The years a text writes, in order; a season ("2025-26", "2025/2026") is one mention of its later year. */
function yearMentions(text: string): YearMention[] {
  const out: YearMention[] = [];
  for (const m of text.matchAll(YEAR_MENTION)) {
    const first = Number(m[1]);
    const tail = m[2];
    const second = tail === undefined ? null : Number(tail.length === 2 ? `${String(first).slice(0, 2)}${tail}` : tail);
    const index = m.index ?? 0;
    if (second === first + 1) {
      out.push({ year: second, season: true, index, end: index + m[0].length });
    } else {
      // Not a season ("2024/2026", "2026-15"): the first year alone; the rest is read on its own.
      out.push({ year: first, season: false, index, end: index + 4 });
      if (second !== null && tail?.length === 4) {
        const at = index + m[0].length - 4;
        out.push({ year: second, season: false, index: at, end: at + 4 });
      }
    }
  }
  return out;
}

/**
 * The model year a title states: the last year it writes, a season counting as its later year
 * ("2025-26" → 2026, as retailers label a season's models). With `yearAt: 'end'` (titles that end in
 * their year, like evo's) a lone year counts only at the very end; a season counts anywhere.
 * null when no year is written.
 */
export function parseYear(text: string | null | undefined, yearAt: 'end' | 'anywhere' = 'anywhere'): number | null {
  if (!text) return null;
  const trimmed = text.trim();
  const mentions = yearMentions(trimmed).filter((m) => yearAt === 'anywhere' || m.season || /^[\s.]*$/.test(trimmed.slice(m.end)));
  return mentions.at(-1)?.year ?? null;
}

/** The text with every written year and season replaced by a space (for model names). */
export function removeYears(text: string): string {
  let out = '';
  let at = 0;
  for (const m of yearMentions(text)) {
    out += `${text.slice(at, m.index)} `;
    at = m.end;
  }
  return out + text.slice(at);
}
