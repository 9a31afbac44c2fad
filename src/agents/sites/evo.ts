import type { EvoProfile } from './profile.js';

/** evo.com as docs/storefronts.md describes it: server-rendered HTML, no API. */
export const evoProfile: EvoProfile = {
  kind: 'evo',
  currency: 'USD',
  // "{Brand} {Model} {Noun}[ {Year}]": the year last, the brand first.
  titleStyle: { yearAt: 'end', brandAt: 'start' },
  slugEndsInGender: false,
  listingPaths: {
    SNOWBOARD: '/shop/snowboard/snowboards',
    BINDING: '/shop/snowboard/snowboard-bindings',
    BOOT: '/shop/snowboard/snowboard-boots',
    SKI: '/shop/ski/skis',
    HELMET: '/shop/ski/helmets',
    GOGGLE: '/shop/ski/goggles',
    JACKET: '/shop/clothing/jackets',
  },
  // 200 products per page: page 1 is `/rpp_200`, page N is `/rpp_200/p_N`.
  listingPage: (path, page) => (page <= 1 ? `${path}/rpp_200` : `${path}/rpp_200/p_${page}`),
  // The same cards as a listing, every category, one page.
  searchPage: (words) => `/shop?${new URLSearchParams({ text: words })}`,
  listing: {
    cards: {
      card: 'div.product-thumb',
      id: { selector: '', attr: 'data-productid' },
      link: { selector: 'a.product-thumb-link', attr: 'href' },
      title: '.product-thumb-title',
      price: '.product-thumb-price',
      priceOrder: 'list-first',
      image: { selector: 'img.product-thumb-image', attr: 'src' },
    },
    nextPage: 'a.pagination-next',
  },
  productPathCategories: {
    snowboards: 'SNOWBOARD',
    'snowboard-bindings': 'BINDING',
    'snowboard-boots': 'BOOT',
    skis: 'SKI',
    helmets: 'HELMET',
    goggles: 'GOGGLE',
    jackets: 'JACKET',
  },
  product: {
    title: 'h1.pdp-header-title',
    listPrice: '.pdp-price-regular',
    shippingMessage: '.pdp-shipping-message',
    specs: { row: 'ul.pdp-spec-list li.pdp-spec-list-item', name: '.pdp-spec-list-title', value: '.pdp-spec-list-description' },
    features: { row: 'div.pdp-feature', name: 'h5', value: 'p' },
    sizes: { item: '.pdp-selection', text: 'span.pdp-selection-text', unavailableClass: 'pdp-selection-unavailable' },
    // PowerReviews' snippet; its review list is read by the shared review reader.
    reviews: { snippet: '.pr-snippet', average: '.pr-snippet-rating-decimal', count: '.pr-snippet-review-count' },
  },
};
