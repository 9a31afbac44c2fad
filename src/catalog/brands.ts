// The brand list lives in the domain, shared with the agents' reading of titles that begin with their brand.
export { BRANDS, brandRiders, findBrand, knownBrandAtStart, nameKey, normalizeBrand, type BrandInfo, type BrandInTitle } from '../domain/brands.js';
