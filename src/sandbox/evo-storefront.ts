import { CATEGORIES, type Category } from '../domain/product.js';
import type { RetailListing, SandboxProduct } from './catalog/types.js';
import { EVO_LISTING_PATHS, evoCrumbs, evoListingPage, evoProductPage } from './evo-pages.js';
import { esc, htmlPage, matchesAllWords } from './html.js';
import type { PriceBook } from './price-moves.js';
import type { PageHandler, PageResponse } from './server-kit.js';

/**
 * The simulated evo.com: server-rendered HTML only (no API). Listing
 * `{listingPath}/rpp_N[/p_M]`, search `/shop?text=…`, product pages at each card's
 * href. Routes are exactly those of docs/storefronts.md.
 */

/** Page size agents use; `rpp_N` in the URL may ask for another (1..200), as on evo. */
const DEFAULT_PAGE_SIZE = 200;

const html = (status: number, body: string): PageResponse => ({ status, contentType: 'text/html', body });

function notFound(): PageResponse {
  return html(404, htmlPage({ title: 'Page Not Found | evo', body: '<main class="error-page"><h1>Sorry, we couldn\u2019t find that page.</h1></main>' }));
}

function homePage(): PageResponse {
  const links = CATEGORIES.map((c) => `<li><a href="${EVO_LISTING_PATHS[c]}/rpp_200">${esc(c.toLowerCase())}</a></li>`).join('');
  return html(200, htmlPage({ title: 'evo | Snowboard, Ski, Outdoor Gear', body: `<main class="home"><h1>evo</h1><ul>${links}</ul></main>` }));
}

/** Builds evo's request handler over the sandbox catalog. */
export function evoHandler(catalog: readonly SandboxProduct[], baseUrl: () => string, prices?: PriceBook): PageHandler {
  // Prices and stock as they move now (the seeded catalog stays as it was).
  const now = (l: RetailListing) => (prices ? prices.view('evo', l) : l);
  const byPath = new Map<string, { product: SandboxProduct; listing: RetailListing }>();
  const byCategory = new Map<Category, RetailListing[]>();
  for (const product of catalog) {
    if (!product.evo) continue;
    byPath.set(product.evo.path, { product, listing: product.evo });
    const list = byCategory.get(product.category) ?? [];
    list.push(product.evo);
    byCategory.set(product.category, list);
  }
  const listingRoutes = CATEGORIES.map((category) => ({
    category,
    pattern: new RegExp(`^${EVO_LISTING_PATHS[category]}(?:/rpp_(\\d+))?(?:/p_(\\d+))?/?$`),
  }));

  function listing(category: Category, rppText: string | undefined, pageText: string | undefined): PageResponse {
    const all = byCategory.get(category);
    // A category this retailer does not carry is a 404: an answer, not a fault.
    if (!all || all.length === 0) return notFound();
    const rpp = Math.min(DEFAULT_PAGE_SIZE, Math.max(1, Number(rppText ?? DEFAULT_PAGE_SIZE)));
    const page = Math.max(1, Number(pageText ?? 1));
    const slice = all.slice((page - 1) * rpp, page * rpp);
    const base = `${EVO_LISTING_PATHS[category]}/rpp_${rpp}`;
    const nextHref = page * rpp < all.length ? `${base}/p_${page + 1}` : null;
    const heading = EVO_LISTING_PATHS[category].split('/').pop()!.replace(/-/g, ' ');
    return html(200, evoListingPage({ heading: heading.replace(/\b\w/g, (c) => c.toUpperCase()), crumbs: evoCrumbs(category), listings: slice.map(now), nextHref }));
  }

  function search(text: string): PageResponse {
    const found = catalog
      .filter((p) => p.evo && matchesAllWords(text, `${p.evo.title} ${p.brand} ${p.category}`))
      .map((p) => now(p.evo!))
      .slice(0, DEFAULT_PAGE_SIZE);
    return html(200, evoListingPage({ heading: `Search results for \u201c${text}\u201d`, crumbs: '<li>Search</li>', listings: found, nextHref: null }));
  }

  return (url) => {
    const path = url.pathname;
    if (path === '/') return homePage();
    if (path === '/shop' || path === '/shop/') return search(url.searchParams.get('text') ?? '');
    for (const route of listingRoutes) {
      const m = route.pattern.exec(path);
      if (m) return listing(route.category, m[1], m[2]);
    }
    const hit = byPath.get(path.replace(/\/$/, ''));
    if (hit) return html(200, evoProductPage(hit.product, now(hit.listing), baseUrl()));
    return notFound();
  };
}
