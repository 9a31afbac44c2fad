import type { Gender, SpecEntry } from '../domain/product.js';

/**
 * What a retailer's title (and its attribute rows) say about gender and model year.
 * Only what is written counts: a title without a gender word gives null, never a guess.
 */

const GENDER_WORDS: [RegExp, Gender][] = [
  [/\b(?:women'?s|womens|woman'?s|ladies'?|wmns)\b/i, 'WOMENS'],
  [/\b(?:kids'?|kid'?s|youth|junior|jr\.?|boys'?|girls'?|toddlers'?)(?=\s|$|\W)/i, 'KIDS'],
  [/\b(?:men'?s|mens|man'?s)\b/i, 'MENS'],
  [/\bunisex\b/i, 'UNISEX'],
];

/** Gender a text names (Women's before Men's, since "Women's" contains "men's"). */
export function genderFromText(text: string | null | undefined): Gender | null {
  if (!text) return null;
  const t = text.replace(/[\u2018\u2019]/g, "'");
  for (const [re, g] of GENDER_WORDS) if (re.test(t)) return g;
  return null;
}

/** Gender from the title, else from a "Gender" attribute row. */
export function genderOf(title: string, attributes: readonly SpecEntry[] = []): Gender | null {
  const fromTitle = genderFromText(title);
  if (fromTitle) return fromTitle;
  const row = attributes.find((a) => /^(gender|sex)$/i.test(a.name.trim()));
  return row ? genderFromText(row.value) : null;
}

/**
 * Model year in a title: "… 2026" (evo: last word), "2025-2026" / "2025/2026" (a season: its later
 * year), anywhere when the style allows. null when no plausible year is written.
 */
export function yearFromTitle(title: string, yearAt: 'end' | 'anywhere' = 'anywhere'): number | null {
  const season = /\b((?:19|20)\d{2})\s*[-/]\s*((?:19|20)\d{2}|\d{2})\b/.exec(title);
  if (season) {
    const second = season[2] ?? '';
    return Number(second.length === 2 ? `${(season[1] ?? '').slice(0, 2)}${second}` : second);
  }
  const re = yearAt === 'end' ? /\b((?:19|20)\d{2})\s*$/ : /\b((?:19|20)\d{2})\b(?!.*\b(?:19|20)\d{2}\b)/;
  const m = re.exec(title.trim());
  return m ? Number(m[1]) : null;
}
