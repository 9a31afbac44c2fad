import type { Category } from '../domain/product.js';
import type { RetailListing, RetailSize, SandboxProduct, StockStatus } from './catalog/types.js';
import { evoAbility, flexWord } from './catalog/vocabulary.js';
import { esc, htmlPage, longDate, scriptJson, usd } from './html.js';

/** evo's listing path per category (docs/storefronts.md). */
export const EVO_LISTING_PATHS: Record<Category, string> = {
  SNOWBOARD: '/shop/snowboard/snowboards',
  BINDING: '/shop/snowboard/snowboard-bindings',
  BOOT: '/shop/snowboard/snowboard-boots',
  SKI: '/shop/ski/skis',
  HELMET: '/shop/ski/helmets',
  GOGGLE: '/shop/ski/goggles',
  JACKET: '/shop/clothing/jackets',
};

const CATEGORY_LABEL: Record<Category, string> = {
  SNOWBOARD: 'Snowboards', BINDING: 'Snowboard Bindings', BOOT: 'Snowboard Boots', SKI: 'Skis',
  HELMET: 'Helmets', GOGGLE: 'Goggles', JACKET: 'Jackets',
};

const AVAILABILITY: Record<StockStatus, string> = {
  inStock: 'https://schema.org/InStock',
  lowStock: 'https://schema.org/LimitedAvailability',
  outOfStock: 'https://schema.org/OutOfStock',
  backorder: 'https://schema.org/BackOrder',
};

/** Free shipping over this order value; items under it pay FLAT_SHIPPING. */
const FREE_SHIPPING_THRESHOLD = 50;
const FLAT_SHIPPING = 7.95;

const HEADER = `<header class="site-header"><a class="site-logo" href="/">evo</a>
<nav class="site-nav"><a href="/shop/snowboard">Snowboard</a><a href="/shop/ski">Ski</a><a href="/shop/clothing">Clothing</a><a href="/outlet">Outlet</a></nav>
<form class="site-search" action="/shop" method="get"><input type="search" name="text" placeholder="Search"></form></header>`;
const FOOTER = `<footer class="site-footer"><p>Free shipping on orders over $${FREE_SHIPPING_THRESHOLD}. 365-day returns.</p></footer>`;

function image(listing: RetailListing, width: number, suffix: string): string {
  return `https://images.evo.com/imgp/${width}/${listing.sizes[0]?.sku.split('-')[0] ?? '0'}/${listing.vendorProductId}-${suffix}.jpg`;
}

function priceText(l: RetailListing): string {
  return l.onSale ? `${usd(l.minListPrice)} ${usd(l.minSalePrice)} Sale` : usd(l.minListPrice);
}

/** One product card, exactly as docs/storefronts.md shows it. */
function evoCard(l: RetailListing): string {
  return `<div class="product-thumb" data-productid="${esc(l.vendorProductId)}">
  <a class="product-thumb-link" href="${esc(l.path)}">
    <img class="product-thumb-image" src="${esc(image(l, 250, 'primary'))}" alt="${esc(l.title)}">
    <span class="product-thumb-title">${esc(l.title)}</span>
  </a>
  <span class="product-thumb-price">${priceText(l)}</span>
</div>`;
}

/** A listing or search results page: cards plus a Next link when there is a next page. */
export function evoListingPage(opts: { heading: string; crumbs: string; listings: RetailListing[]; nextHref: string | null }): string {
  const cards = opts.listings.map(evoCard).join('\n');
  const next = opts.nextHref ? `<a class="pagination-next" href="${esc(opts.nextHref)}">Next</a>` : '';
  return htmlPage({
    title: `${opts.heading} | evo`,
    body: `${HEADER}
<nav class="breadcrumbs"><ol><li><a href="/">Home</a></li>${opts.crumbs}</ol></nav>
<main class="results"><h1 class="results-title">${esc(opts.heading)}</h1>
<div class="product-grid">
${cards}
</div>
<div class="pagination">${next}</div></main>
${FOOTER}`,
  });
}

/** Breadcrumb items for a category listing. */
export function evoCrumbs(category: Category): string {
  const path = EVO_LISTING_PATHS[category];
  const section = path.split('/')[2] ?? '';
  return `<li><a href="/shop/${section}">${esc(section.charAt(0).toUpperCase() + section.slice(1))}</a></li><li><a href="${path}">${CATEGORY_LABEL[category]}</a></li>`;
}

const GENDER_WORD = { MENS: "Men's", WOMENS: "Women's", UNISEX: 'Unisex', KIDS: "Kids'" } as const;

/** evo's spec list rows, in evo's labels. */
function evoSpecs(p: SandboxProduct): { name: string; value: string }[] {
  const s = p.specs;
  const rows: { name: string; value: string }[] = [];
  if (s.abilityLevels.length > 0) rows.push({ name: 'Ability Level', value: evoAbility(s.abilityLevels) });
  if (s.terrain.length > 0) rows.push({ name: 'Terrain', value: s.terrain.join(', ') });
  if (s.profile) rows.push({ name: 'Rocker Type', value: s.profile });
  if (s.shape && p.category === 'SNOWBOARD') rows.push({ name: 'Shape', value: s.shape });
  if (s.flex !== null) rows.push({ name: 'Flex Rating', value: flexWord(s.flex) });
  if (s.waistWidthMm !== null) rows.push({ name: 'Waist Width', value: `${s.waistWidthMm}mm` });
  if (s.sidecutRadiusM !== null) rows.push({ name: 'Sidecut Radius', value: `${s.sidecutRadiusM.toFixed(1)}m` });
  rows.push(...s.extra.filter((e) => e.value !== '' && e.name !== 'Turning Radius'));
  rows.push({ name: 'Gender', value: GENDER_WORD[p.gender] });
  return rows;
}

function offer(l: RetailListing, size: RetailSize, baseUrl: string): Record<string, unknown> {
  return {
    '@type': 'Offer',
    sku: size.sku,
    name: size.name,
    ...(size.gtin13 ? { gtin13: size.gtin13 } : {}),
    price: size.salePrice.toFixed(2),
    priceCurrency: 'USD',
    availability: AVAILABILITY[size.status],
    url: `${baseUrl}${l.path}`,
    shippingDetails: {
      '@type': 'OfferShippingDetails',
      shippingRate: { '@type': 'MonetaryAmount', value: size.salePrice >= FREE_SHIPPING_THRESHOLD ? 0 : FLAT_SHIPPING, currency: 'USD' },
      deliveryTime: {
        '@type': 'ShippingDeliveryTime',
        transitTime: { '@type': 'QuantitativeValue', minValue: 2, maxValue: 5, unitCode: 'DAY' },
      },
    },
  };
}

/** schema.org Product JSON-LD for an evo product page. */
function evoJsonLd(p: SandboxProduct, l: RetailListing, baseUrl: string): Record<string, unknown> {
  const gtin = l.sizes[0]?.gtin13 ?? null;
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: l.title,
    brand: { '@type': 'Brand', name: l.brand },
    description: p.description,
    image: [image(l, 700, 'primary'), image(l, 700, 'alt1')],
    sku: l.sizes[0]?.sku.split('-')[0] ?? l.vendorProductId,
    mpn: p.mpn,
    ...(gtin ? { gtin13: gtin } : {}),
    category: CATEGORY_LABEL[p.category],
    ...(l.ratingAverage !== null ? { aggregateRating: { '@type': 'AggregateRating', ratingValue: l.ratingAverage, reviewCount: l.reviews.length } } : {}),
    offers: l.sizes.map((s) => offer(l, s, baseUrl)),
  };
}

function reviewsBlock(l: RetailListing): string {
  if (l.ratingAverage === null) return '';
  const items = l.reviews
    .map(
      (r) => `<section class="pr-review">
  <div class="pr-rd-star-rating" data-rating="${r.rating}" aria-label="Rated ${r.rating} out of 5 stars"></div>
  <h3 class="pr-rd-review-headline">${esc(r.title)}</h3>
  <p class="pr-rd-details">By <span class="pr-rd-author-nickname">${esc(r.author)}</span> on <time datetime="${r.date}">${longDate(r.date)}</time></p>
  <p class="pr-rd-description-text">${esc(r.body)}</p>
</section>`,
    )
    .join('\n');
  return `<section id="reviews" class="pdp-reviews"><h2>Reviews</h2>
<div class="pr-review-display">
${items}
</div></section>`;
}

function snippet(l: RetailListing, count: string): string {
  return `<div class="pr-snippet"><div class="pr-snippet-stars" aria-label="Rated ${l.ratingAverage} out of 5 stars"></div><div class="pr-snippet-rating-decimal">${l.ratingAverage?.toFixed(1)}</div><div class="pr-snippet-review-count">${count}</div></div>`;
}

function sizeChart(p: SandboxProduct): string {
  const columns = Object.keys(p.sizeChart[0] ?? {});
  if (columns.length === 0) return '';
  const head = `<tr>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
  const rows = p.sizeChart.map((r) => `<tr>${columns.map((c) => `<td>${esc(r[c] ?? '')}</td>`).join('')}</tr>`).join('\n');
  return `<section class="pdp-size-chart"><h2>Size Chart</h2><table class="spec-table">\n<thead>${head}</thead>\n<tbody>\n${rows}\n</tbody></table></section>`;
}

/** A full evo product page. */
export function evoProductPage(p: SandboxProduct, l: RetailListing, baseUrl: string): string {
  const price = l.onSale
    ? `<span class="pdp-price-regular">${usd(l.minListPrice)}</span> <span class="pdp-price-sale">${usd(l.minSalePrice)}</span>`
    : `<span class="pdp-price-regular">${usd(l.minListPrice)}</span>`;
  const sizes = l.sizes
    .map((s) => `<div class="pdp-selection${s.status === 'outOfStock' ? ' pdp-selection-unavailable' : ''}" data-sku="${esc(s.sku)}"> <span class="pdp-selection-text">${esc(s.name)}</span></div>`)
    .join('\n');
  const specs = evoSpecs(p)
    .map((r) => `<li class="pdp-spec-list-item"><span class="pdp-spec-list-title"><strong>${esc(r.name)}</strong></span><span class="pdp-spec-list-description">${esc(r.value)}</span></li>`)
    .join('\n');
  const features = p.features.map((f) => `<div class="pdp-feature"><h5>${esc(f.name)}</h5><p>${esc(f.value)}</p></div>`).join('\n');
  const reviewCount = l.reviews.length === 1 ? '1 Review' : `${l.reviews.length} Reviews`;
  return htmlPage({
    title: `${l.title} | evo`,
    head: `<link rel="canonical" href="${esc(baseUrl + l.path)}">
<meta property="og:title" content="${esc(l.title)}">
<meta property="og:image" content="${esc(image(l, 700, 'primary'))}">
<script type="application/ld+json">${scriptJson(evoJsonLd(p, l, baseUrl))}</script>`,
    body: `${HEADER}
<nav class="breadcrumbs"><ol><li><a href="/">Home</a></li>${evoCrumbs(p.category)}<li>${esc(l.title)}</li></ol></nav>
<main class="pdp" data-productid="${esc(l.vendorProductId)}">
<div class="pdp-images"><img class="pdp-image" src="${esc(image(l, 700, 'primary'))}" alt="${esc(l.title)}"></div>
<div class="pdp-details">
<h1 class="pdp-header-title">${esc(l.title)}</h1>
${l.ratingAverage !== null ? snippet(l, reviewCount) : ''}
<div class="pdp-price">${price}</div>
<div class="pdp-shipping-message">Free Shipping on orders over $${FREE_SHIPPING_THRESHOLD}</div>
<div class="pdp-color">Color: <span class="pdp-color-name">${esc(l.color)}</span></div>
<div class="pdp-selections">
${sizes}
</div>
</div>
<section class="pdp-description"><h2>Description</h2><p>${esc(p.description)}</p></section>
<section class="pdp-features"><h2>Features</h2>
${features}
</section>
<section class="pdp-specs"><h2>Specs</h2><ul class="pdp-spec-list">
${specs}
</ul></section>
${sizeChart(p)}
${reviewsBlock(l)}
</main>
${FOOTER}`,
  });
}
