/** Small HTML helpers shared by the sandbox storefronts' page renderers. */

/** Escapes text for HTML element content and attribute values. */
export function esc(text: string | number): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON for a `<script>` element: `<` escaped so no string can close the tag. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** "$549.95" (always two decimals, thousands separated). */
export function usd(amount: number): string {
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Removes zero-width and soft-hyphen characters and folds case, for search matching. */
export function searchable(text: string): string {
  return text
    .replace(/[\u200b-\u200d\u00ad\ufeff]/g, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** True when every word of `query` occurs in `haystack` (both folded by `searchable`). */
export function matchesAllWords(query: string, haystack: string): boolean {
  const words = searchable(query).split(/[^a-z0-9.'/+-]+/).filter(Boolean);
  const text = searchable(haystack);
  return words.length > 0 && words.every((w) => text.includes(w));
}

/** "January 12, 2025" from an ISO date. */
export function longDate(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

export function htmlPage(opts: { title: string; head?: string; body: string; lang?: string }): string {
  return `<!DOCTYPE html>
<html lang="${opts.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)}</title>
${opts.head ?? ''}
</head>
<body>
${opts.body}
</body>
</html>
`;
}
