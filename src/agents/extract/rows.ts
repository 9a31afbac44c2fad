import type { CheerioAPI } from 'cheerio';
import type { SpecEntry } from '../../domain/product.js';
import { cleanText } from './schema-product.js';

/** Name/value rows (spec lists, feature blocks) where a site profile says they sit. A row without a name or a value says nothing and is skipped. */
export function readRows($: CheerioAPI, spec: { row: string; name: string; value: string }): SpecEntry[] {
  const out: SpecEntry[] = [];
  $(spec.row).each((_, el) => {
    const name = cleanText($(el).find(spec.name).first().text());
    const value = cleanText($(el).find(spec.value).first().text());
    if (name && value) out.push({ name, value });
  });
  return out;
}

/** The value at `path` inside parsed JSON, or undefined. */
export function jsonAt(value: unknown, path: readonly string[]): unknown {
  let cur: unknown = value;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** The JSON inside a `<script>` (e.g. Next.js `__NEXT_DATA__`); undefined when absent, throws when it does not parse. */
export function readScriptJson($: CheerioAPI, selector: string): unknown {
  const el = $(selector).first();
  if (el.length === 0) return undefined;
  return JSON.parse(el.text());
}
