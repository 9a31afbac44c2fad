import type { BackcountryProfile } from './profile.js';

/** backcountry.com as docs/storefronts.md describes it: a Next.js site with a product API. */
export const backcountryProfile: BackcountryProfile = {
  kind: 'backcountry',
  // The API states prices without a currency; the US storefront prices in dollars.
  currency: 'USD',
  // "{Model} {Noun}[ - {Year}][ - Men's]", the brand apart.
  titleStyle: { yearAt: 'anywhere', brandAt: 'apart' },
  // `/{brand}-{model}-{noun}-{year}-{mens|womens|kids}`; unisex products end without one.
  slugEndsInGender: true,
  listingPaths: {
    SNOWBOARD: '/snowboards',
    BINDING: '/snowboard-bindings',
    BOOT: '/snowboard-boots',
    SKI: '/skis',
    HELMET: '/ski-helmets',
    GOGGLE: '/ski-goggles',
    JACKET: '/mens-jackets',
  },
  listingPage: (path, page) => `${path}?page=${page}`,
  // Shaped like a listing (Apollo state); page 1 is all the search-miss call reads.
  searchPage: (words) => `/search?${new URLSearchParams({ q: words })}`,
  nextData: 'script#__NEXT_DATA__',
  listing: {
    apolloState: ['props', 'pageProps', '__APOLLO_STATE__'],
    totalPages: ['props', 'pageProps', 'totalPages'],
    productKeyPrefix: 'Product:',
    image: ['image', 'url'],
    reviews: { average: ['customerReviews', 'average'], count: ['customerReviews', 'count'] },
  },
  product: {
    data: ['props', 'pageProps', 'product'],
    reviews: { list: ['customerReviews', 'reviews'], average: ['customerReviews', 'average'], count: ['customerReviews', 'count'] },
  },
  categoryWords: {
    snowboards: 'SNOWBOARD',
    'snowboard-bindings': 'BINDING',
    'snowboard-boots': 'BOOT',
    skis: 'SKI',
    'ski-helmets': 'HELMET',
    'ski-goggles': 'GOGGLE',
    'mens-jackets': 'JACKET',
    jackets: 'JACKET',
  },
  api: {
    products: (ids) => `/api/products/${ids.map(encodeURIComponent).join(',')}`,
    maxIdsPerCall: 50,
  },
};
