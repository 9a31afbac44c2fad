import { CATEGORIES, type Category } from '../domain/product.js';
import {
  apiProduct,
  apolloProduct,
  BACKCOUNTRY_CATEGORY_NAME,
  BACKCOUNTRY_LISTING_PATHS,
  bcImages,
  nextDataProduct,
  selectFields,
} from './backcountry-data.js';
import type { RetailListing, SandboxProduct, StockStatus } from './catalog/types.js';
import { esc, htmlPage, matchesAllWords, scriptJson, usd } from './html.js';
import type { PriceBook } from './price-moves.js';
import type { PageHandler, PageResponse } from './server-kit.js';

/**
 * The simulated backcountry.com: a Next.js-style site whose pages carry their data in
 * `__NEXT_DATA__` (listings: Apollo state; product pages: the product), plus the product
 * API its front end calls. Routes are exactly those of docs/storefronts.md.
 */

const PAGE_SIZE = 30;
const MAX_BATCH = 50;

const AVAILABILITY: Record<StockStatus, string> = {
  inStock: 'https://schema.org/InStock',
  lowStock: 'https://schema.org/LimitedAvailability',
  outOfStock: 'https://schema.org/OutOfStock',
  backorder: 'https://schema.org/BackOrder',
};

const HEADER = `<header class="header"><a class="header__logo" href="/">Backcountry</a>
<nav class="header__nav"><a href="/snowboards">Snowboard</a><a href="/skis">Ski</a><a href="/mens-jackets">Men's Clothing</a></nav>
<form class="header__search" action="/search"><input name="q" type="search" placeholder="Search"></form></header>`;

const html = (status: number, body: string): PageResponse => ({ status, contentType: 'text/html', body });
const json = (status: number, value: unknown): PageResponse => ({ status, contentType: 'application/json', body: JSON.stringify(value) });

function nextPage(title: string, page: string, pageProps: Record<string, unknown>, body: string, head = ''): string {
  const nextData = { props: { pageProps }, page, query: {}, buildId: 'sandbox-build', isFallback: false };
  return htmlPage({
    title: `${title} | Backcountry`,
    head,
    body: `<div id="__next">${HEADER}
${body}
</div>
<script id="__NEXT_DATA__" type="application/json">${scriptJson(nextData)}</script>`,
  });
}

function notFoundPage(): PageResponse {
  return html(404, nextPage('Page Not Found', '/404', { statusCode: 404 }, '<main><h1>Sorry, this page is off the map.</h1></main>'));
}

function productCard(l: RetailListing): string {
  const price = l.onSale ? `<span class="price--sale">${usd(l.minSalePrice)}</span> <s class="price--list">${usd(l.minListPrice)}</s>` : `<span class="price">${usd(l.minListPrice)}</span>`;
  return `<div class="product-card" data-id="${esc(l.vendorProductId)}"><a href="${esc(l.path)}"><img src="${esc(bcImages(l)[0]!.url)}" alt=""><span class="product-card__brand">${esc(l.brand)}</span> <span class="product-card__name">${esc(l.title)}</span></a><div class="product-card__price">${price}</div></div>`;
}

function listingPage(title: string, route: string, products: SandboxProduct[], pageText: string | null, extra: Record<string, unknown>): PageResponse {
  const parsed = Number.parseInt(pageText ?? '1', 10);
  const page = Number.isFinite(parsed) && parsed >= 1 ? parsed : 1;
  const totalPages = Math.max(1, Math.ceil(products.length / PAGE_SIZE));
  const slice = products.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const state: Record<string, unknown> = {};
  for (const p of slice) state[`Product:${p.backcountry!.vendorProductId}`] = apolloProduct(p, p.backcountry!);
  state.ROOT_QUERY = { __typename: 'Query', productCount: products.length, products: slice.map((p) => ({ __ref: `Product:${p.backcountry!.vendorProductId}` })) };
  const cards = slice.map((p) => productCard(p.backcountry!)).join('\n');
  const pageProps = { __APOLLO_STATE__: state, totalPages, page, totalProducts: products.length, ...extra };
  return html(200, nextPage(title, route, pageProps, `<main class="plp"><h1>${esc(title)}</h1><div class="plp__grid">\n${cards}\n</div></main>`));
}

function jsonLd(p: SandboxProduct, l: RetailListing, baseUrl: string): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'ProductGroup',
    name: l.title,
    brand: { '@type': 'Brand', name: l.brand },
    description: p.description,
    image: bcImages(l).map((i) => i.url),
    productGroupID: l.vendorProductId,
    variesBy: ['https://schema.org/size'],
    ...(l.ratingAverage !== null ? { aggregateRating: { '@type': 'AggregateRating', ratingValue: l.ratingAverage, reviewCount: l.reviews.length } } : {}),
    hasVariant: l.sizes.map((s) => ({
      '@type': 'Product',
      sku: s.sku,
      size: s.name,
      ...(s.gtin13 ? { gtin13: s.gtin13 } : {}),
      offers: { '@type': 'Offer', price: s.salePrice.toFixed(2), priceCurrency: 'USD', availability: AVAILABILITY[s.status], url: `${baseUrl}${l.path}` },
    })),
  };
}

function productPage(p: SandboxProduct, l: RetailListing, baseUrl: string): PageResponse {
  const body = `<main class="pdp"><nav class="breadcrumbs"><a href="/">Home</a> / <a href="${BACKCOUNTRY_LISTING_PATHS[p.category]}">${esc(BACKCOUNTRY_CATEGORY_NAME[p.category])}</a></nav>
<h1 class="pdp__title"><span class="pdp__brand">${esc(l.brand)}</span> ${esc(l.title)}</h1>
<div class="pdp__price">${l.onSale ? `${usd(l.minSalePrice)} <s>${usd(l.minListPrice)}</s>` : usd(l.minListPrice)}</div>
<ul class="pdp__sizes">${l.sizes.map((s) => `<li data-sku="${esc(s.sku)}"${s.status === 'outOfStock' ? ' class="is-unavailable"' : ''}>${esc(s.name)}</li>`).join('')}</ul>
<section class="pdp__description"><p>${esc(p.description)}</p></section></main>`;
  const head = `<link rel="canonical" href="${esc(baseUrl + l.path)}">
<script type="application/ld+json">${scriptJson(jsonLd(p, l, baseUrl))}</script>`;
  return html(200, nextPage(l.title, '/[...slug]', { product: nextDataProduct(p, l) }, body, head));
}

/** Builds backcountry's request handler over the sandbox catalog. */
export function backcountryHandler(catalog: readonly SandboxProduct[], baseUrl: () => string, prices?: PriceBook): PageHandler {
  const carried = catalog.filter((p) => p.backcountry);
  // Prices and stock as they move now (the seeded catalog stays as it was).
  const now = (p: SandboxProduct): SandboxProduct => {
    const moved = prices ? prices.view('backcountry', p.backcountry!) : p.backcountry!;
    return moved === p.backcountry ? p : { ...p, backcountry: moved };
  };
  const byId = new Map(carried.map((p) => [p.backcountry!.vendorProductId, p]));
  const byPath = new Map(carried.map((p) => [p.backcountry!.path, p]));
  const byListingPath = new Map<string, Category>(CATEGORIES.map((c) => [BACKCOUNTRY_LISTING_PATHS[c], c]));

  function api(idsText: string, fieldsText: string | null): PageResponse {
    let decoded: string;
    try {
      decoded = decodeURIComponent(idsText);
    } catch (error) {
      if (!(error instanceof URIError)) throw error;
      return json(400, { error: `bad percent escape in product ids: ${idsText}` });
    }
    const ids = decoded.split(',').map((s) => s.trim()).filter(Boolean);
    const fields = fieldsText ? fieldsText.split(',').map((f) => f.trim()).filter(Boolean) : null;
    const shape = (p: SandboxProduct) => {
      const full = apiProduct(now(p).backcountry!);
      return fields ? selectFields(full, fields) : full;
    };
    if (ids.length === 0) return json(400, { error: 'no product id given' });
    if (ids.length > MAX_BATCH) return json(400, { error: `at most ${MAX_BATCH} ids per request, got ${ids.length}` });
    if (ids.length === 1 && !idsText.includes(',')) {
      const p = byId.get(ids[0]!);
      return p ? json(200, shape(p)) : json(404, { error: 'product not found', id: ids[0] });
    }
    const products = ids.flatMap((id) => (byId.has(id) ? [shape(byId.get(id)!)] : []));
    return json(200, { products, notFound: ids.filter((id) => !byId.has(id)) });
  }

  return (url) => {
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
    // The trailing slash is already gone, so `/api/products/` arrives here as `/api/products`: no ids, a 400.
    if (path === '/api/products' || path.startsWith('/api/products/')) return api(path.slice('/api/products/'.length), url.searchParams.get('fields'));
    if (path === '/') return html(200, nextPage('Backcountry: Outdoor Gear & Clothing', '/', {}, '<main><h1>Backcountry</h1></main>'));
    if (path === '/search') {
      const q = url.searchParams.get('q') ?? '';
      const found = carried.filter((p) => matchesAllWords(q, `${p.backcountry!.brand} ${p.backcountry!.title} ${BACKCOUNTRY_CATEGORY_NAME[p.category]}`));
      return listingPage(`Results for "${q}"`, '/search', found.map(now), url.searchParams.get('page'), { query: q });
    }
    const category = byListingPath.get(path);
    if (category) {
      const products = carried.filter((p) => p.category === category);
      // A category this retailer does not carry is a 404: an answer, not a fault.
      if (products.length === 0) return notFoundPage();
      return listingPage(BACKCOUNTRY_CATEGORY_NAME[category], '/[...slug]', products.map(now), url.searchParams.get('page'), { category: BACKCOUNTRY_CATEGORY_NAME[category] });
    }
    const product = byPath.get(path);
    if (product) {
      const shown = now(product);
      return productPage(shown, shown.backcountry!, baseUrl());
    }
    return notFoundPage();
  };
}
