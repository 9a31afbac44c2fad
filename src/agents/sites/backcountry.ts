import type { BackcountryProfile } from './profile.js';

/** backcountry.com as docs/storefronts.md describes it: a Next.js site with a product API. */
export const backcountryProfile: BackcountryProfile = {
  kind: 'backcountry',
  // The API states prices without a currency; the US storefront prices in dollars.
  currency: 'USD',
  titleStyle: { yearAt: 'anywhere' },
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
  nextData: 'script#__NEXT_DATA__',
  listing: {
    apolloState: ['props', 'pageProps', '__APOLLO_STATE__'],
    totalPages: ['props', 'pageProps', 'totalPages'],
    productKeyPrefix: 'Product:',
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
