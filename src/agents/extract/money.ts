import type { Availability } from '../../domain/live.js';
import type { Money } from '../../domain/product.js';

/**
 * Reading prices and availability as retailers print them. Pure functions, no I/O.
 * A zero or negative amount is a placeholder (lib-tech's `<meta itemprop="price" content="0">`,
 * the-house's `$0.00`), never a price: it reads as missing.
 */

const AMOUNT = /\$\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?/g;

/** Every dollar amount in `text`, in the order printed. */
function parseMoneyAmounts(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(AMOUNT)) {
    const whole = (m[1] ?? '').replace(/,/g, '');
    out.push(Number(`${whole}.${(m[2] ?? '0').padEnd(2, '0')}`));
  }
  return out;
}

/** A plain amount ("174.95", 174.95, "$174.95") as a positive number, or null. */
export function parseAmount(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : null;
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(/[$,\s]/g, '');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return n > 0 ? n : null;
}

/** Which amount a two-price text prints first: evo's cards print the original first, the-house the sale first. */
export type PriceOrder = 'list-first' | 'sale-first';

export interface PriceText {
  /** The regular (original) price when printed. */
  list: number | null;
  /** The sale price when the text shows two prices. */
  sale: number | null;
  /** What the shopper pays now: the sale price, else the only price. */
  current: number | null;
  /** "From: $399.95": the lowest of several variants' prices. */
  isFrom: boolean;
}

/**
 * A printed price: "$549.95 $439.96 Sale" (list-first) → list 549.95, sale 439.96;
 * "$261.95 $379.95 (31% Off)" (sale-first) → sale 261.95, list 379.95; "$469.99" → list 469.99;
 * "From: $399.95" → current 399.95 with isFrom. Placeholder zeros read as missing.
 */
export function parsePriceText(text: string, order: PriceOrder = 'list-first'): PriceText {
  const amounts = parseMoneyAmounts(text).map((a) => (a > 0 ? a : null));
  const isFrom = /\bfrom\b/i.test(text);
  if (amounts.length >= 2) {
    const [a = null, b = null] = amounts;
    const list = order === 'list-first' ? a : b;
    const sale = order === 'list-first' ? b : a;
    return { list, sale, current: sale ?? list, isFrom };
  }
  const only = amounts[0] ?? null;
  // A "From" price is the cheapest variant's, not a stated regular price.
  return { list: isFrom ? null : only, sale: null, current: only, isFrom };
}

/** Money in a currency, or null when the amount is missing. */
export function money(amount: number | null, currencyCode: string | null): Money | null {
  return amount === null || !currencyCode ? null : { amount, currencyCode };
}

/** "Free Shipping on orders over $50" → 50; null when the text names no threshold. */
export function parseFreeShippingThreshold(text: string): number | null {
  const free = /\bfree\b/i.exec(text);
  if (!free || !/shipping/i.test(text)) return null;
  return parseMoneyAmounts(text.slice(free.index))[0] ?? null;
}

/**
 * The list price to report with `price`: `list` when it is at least the price, else null. A printed
 * list price below the price cannot be that offer's (it is another size's or another basis'), and
 * reporting it would show a list price under the price or a wrong discount.
 */
export function listPriceFor(price: number | null, list: number | null): number | null {
  return list !== null && (price === null || list >= price) ? list : null;
}

/** Percent off from list to current price, rounded to a whole percent; null when not on sale. */
export function discountPercent(current: number | null, list: number | null): number | null {
  if (current === null || list === null || list <= current) return null;
  return Math.round(((list - current) / list) * 100);
}

const AVAILABILITY_WORDS: Record<string, Availability> = {
  instock: 'IN_STOCK',
  instoreonly: 'IN_STOCK',
  onlineonly: 'IN_STOCK',
  limitedavailability: 'LOW_STOCK',
  outofstock: 'OUT_OF_STOCK',
  soldout: 'OUT_OF_STOCK',
  discontinued: 'OUT_OF_STOCK',
  backorder: 'BACKORDER',
  preorder: 'BACKORDER',
  presale: 'BACKORDER',
  // backcountry's API statuses
  lowstock: 'LOW_STOCK',
};

/** schema.org availability ("https://schema.org/InStock", "InStock", "schema:OutOfStock") or a retailer status word → Availability. */
export function parseAvailability(value: unknown): Availability {
  if (typeof value !== 'string' || !value.trim()) return 'UNKNOWN';
  const word = value.trim().split(/[/:#]/).pop() ?? '';
  return AVAILABILITY_WORDS[word.toLowerCase().replace(/[^a-z]/g, '')] ?? 'UNKNOWN';
}

/** Whether an availability lets a shopper buy now. */
export function isBuyable(a: Availability): boolean {
  return a === 'IN_STOCK' || a === 'LOW_STOCK';
}
