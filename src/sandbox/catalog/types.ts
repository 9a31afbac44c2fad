import type { Category, Gender, SkillLevel } from '../../domain/product.js';

/**
 * The sandbox retailers' own truth: what each simulated storefront sells, at what
 * price, with what stock and reviews. Retailer content, not Hexar's answer: tests
 * compute their expectations from it, the storefronts render it.
 */

export type StockStatus = 'inStock' | 'lowStock' | 'outOfStock' | 'backorder';

/** One size of a product as sold by one retailer. */
export interface RetailSize {
  name: string;
  /** Retailer's own SKU for this size. */
  sku: string;
  gtin13: string | null;
  listPrice: number;
  salePrice: number;
  status: StockStatus;
  /** Units on hand; 0 when out of stock or on backorder (only backcountry shows it). */
  stockLevel: number;
  /** Units that can be ordered ahead; > 0 only for backorder. */
  backorderLevel: number;
}

export interface SandboxReview {
  author: string;
  rating: number;
  title: string;
  body: string;
  /** ISO date (YYYY-MM-DD). */
  date: string;
}

/** One retailer's listing of a product. */
export interface RetailListing {
  /** evo: the URL slug; backcountry: an id like `BUR00AB`. */
  vendorProductId: string;
  /** Path of the product page, from the site root. */
  path: string;
  /** Title exactly as that retailer shows it. */
  title: string;
  /** Brand as that retailer spells it. */
  brand: string;
  color: string;
  sizes: RetailSize[];
  /** Lowest list / sale price over sizes. */
  minListPrice: number;
  minSalePrice: number;
  onSale: boolean;
  reviews: SandboxReview[];
  /** Mean of `reviews` ratings, one decimal; null without reviews. */
  ratingAverage: number | null;
}

/** Canonical specs; each storefront prints them with its own labels and wording. */
export interface SandboxSpecs {
  abilityLevels: SkillLevel[];
  terrain: string[];
  /** Camber profile (boards, skis), e.g. "Hybrid Camber", "Rocker/Camber/Rocker". */
  profile: string | null;
  shape: string | null;
  /** 1 (soft) .. 10 (stiff). */
  flex: number | null;
  waistWidthMm: number | null;
  sidecutRadiusM: number | null;
  /** Anything else, in evo's label vocabulary (name → value). */
  extra: { name: string; value: string }[];
}

/** A row of the size chart (evo's `spec-table`): column name → value. */
export type SizeChartRow = Record<string, string>;

export interface SandboxProduct {
  /** Stable key of the product inside the sandbox (not a retailer id). */
  key: string;
  category: Category;
  brand: string;
  model: string;
  year: number | null;
  gender: Gender;
  description: string;
  features: { name: string; value: string }[];
  specs: SandboxSpecs;
  /** Size names in order, as both retailers label them. */
  sizes: string[];
  /** Ski / snowboard lengths in cm, in size order; empty for other categories. */
  lengthsCm: number[];
  sizeChart: SizeChartRow[];
  /** Manufacturer part number, the same at every retailer. */
  mpn: string;
  /** Manufacturer list price (MSRP). */
  msrp: number;
  evo: RetailListing | null;
  backcountry: RetailListing | null;
}

/** A product before the retailers stock it: what the brand makes. */
export type ProductDraft = Omit<SandboxProduct, 'evo' | 'backcountry' | 'mpn' | 'key'> & {
  /** Whether the brand publishes per-size GTIN-13 barcodes. */
  hasGtin: boolean;
  /** Manufacturer part number when the seed has one (else derived). */
  mpn?: string;
  /** Sizes the seed shows as sold out (real CAPiTA stock), honoured by evo. */
  soldOutSizes?: string[];
};
