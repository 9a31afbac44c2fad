import { readFileSync } from 'node:fs';

/**
 * Seed inputs copied from real public data into `src/sandbox/data/` (see its README):
 * runtime code never reads `test/`.
 */
export interface CapitaSeed {
  title: string;
  handle: string;
  description: string;
  tags: string[];
  variants: { size: string; price: string; compareAt: string | null; available: boolean; sku: string }[];
}

export interface EvoSkiSeed {
  slug: string;
  description: string;
  abilityLevel: string;
  terrain: string;
  rockerType: string;
  coreLaminates: string;
  tailType: string;
  turningRadius: string;
  warranty: string;
  bindings: string;
  features: { name: string; value: string }[];
}

export interface HouseBoardSeed {
  brand: string;
  title: string;
  price: string;
}

/** Reads one JSON seed file from `src/sandbox/data/`. */
export function loadSeed<T>(fileName: string): T {
  return JSON.parse(readFileSync(new URL(`../data/${fileName}`, import.meta.url), 'utf8')) as T;
}
