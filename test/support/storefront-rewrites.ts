import { scriptJson } from '../../src/sandbox/html.js';

/**
 * Retailer pages as they look after a change on the retailer's side, made from the sandbox's
 * own pages (docs/storefronts.md) so everything else on them stays the retailer's format.
 * Used by the reader tests directly and by test storefronts in front of the sandbox.
 */

type Json = Record<string, unknown>;

const JSON_LD = /(<script type="application\/ld\+json">)(.*?)(<\/script>)/s;
const SIZE_TILE = /<div class="pdp-selection(?: pdp-selection-unavailable)?" data-sku="[^"]*">.*?<\/div>\n?/g;

function editJsonLd(html: string, edit: (product: Json) => void): string {
  return html.replace(JSON_LD, (_all, open: string, body: string, close: string) => {
    const product = JSON.parse(body) as Json;
    edit(product);
    return `${open}${scriptJson(product)}${close}`;
  });
}

/** An evo product page whose JSON-LD Product lost its `offers` (the size tiles stay). */
export function evoPageWithoutJsonLdOffers(html: string): string {
  return editJsonLd(html, (p) => delete p['offers']);
}

/** An evo product page whose offer markup is gone (a changed layout): no JSON-LD offers, no size tiles. */
export function evoPageWithoutOffers(html: string): string {
  return evoPageWithoutJsonLdOffers(html).replace(SIZE_TILE, '');
}

/** An evo product page that says nothing about stock: offers without `availability`, no size marked unavailable. */
export function evoPageWithoutStock(html: string): string {
  return editJsonLd(html, (p) => {
    for (const offer of (p['offers'] as Json[] | undefined) ?? []) delete offer['availability'];
  }).replaceAll(' pdp-selection-unavailable', '');
}

/** Every product in a backcountry API answer (batch or single), edited in place. */
function editApiProducts(body: string, edit: (product: Json) => void): string {
  const answer = JSON.parse(body) as Json;
  const products = Array.isArray(answer['products']) ? (answer['products'] as Json[]) : [answer];
  products.forEach(edit);
  return JSON.stringify(answer);
}

/** A backcountry API answer whose products lost their skus and price minimums. */
export function backcountryApiWithoutSkus(body: string): string {
  return editApiProducts(body, (p) => {
    p['skus'] = [];
    delete p['minSalePrice'];
    delete p['minListPrice'];
  });
}

/** A backcountry API answer whose skus say nothing about stock (no `availability`). */
export function backcountryApiWithoutStock(body: string): string {
  return editApiProducts(body, (p) => {
    for (const sku of (p['skus'] as Json[] | undefined) ?? []) delete sku['availability'];
  });
}
