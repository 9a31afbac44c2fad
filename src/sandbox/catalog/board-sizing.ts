import type { SizeChartRow } from './types.js';

/**
 * Size-chart geometry for snowboards, so each size has plausible numbers
 * (a 158 is about 1200 mm of edge and 250 mm at the waist; wides add ~10 mm).
 */
export interface BoardGeometry {
  lengthCm: number;
  wide: boolean;
  effectiveEdgeMm: number;
  waistWidthMm: number;
  sidecutRadiusM: number;
  riderWeightLbs: [number, number];
}

/** Geometry of one board size such as "158" or "161W". */
export function boardGeometry(size: string, kids: boolean): BoardGeometry {
  const wide = /w$/i.test(size.trim());
  const lengthCm = Number.parseInt(size, 10);
  const effectiveEdgeMm = Math.round(lengthCm * 7.6);
  const baseWaist = kids ? 200 + (lengthCm - 100) * 0.9 : 236 + (lengthCm - 140) * 0.8;
  const waistWidthMm = Math.round(baseWaist + (wide ? 10 : 0));
  const sidecutRadiusM = Math.round((5.6 + (lengthCm - 130) * 0.078) * 10) / 10;
  const low = Math.max(30, Math.round((lengthCm - 100) * 3.2 - 10));
  return { lengthCm, wide, effectiveEdgeMm, waistWidthMm, sidecutRadiusM, riderWeightLbs: [low, low + 50 + (wide ? 20 : 0)] };
}

/** evo-style size chart rows for a board's sizes. */
export function boardSizeChart(sizes: readonly string[], kids: boolean): SizeChartRow[] {
  return sizes.map((size) => {
    const g = boardGeometry(size, kids);
    return {
      Size: size,
      'Effective Edge (mm)': String(g.effectiveEdgeMm),
      'Waist Width (mm)': String(g.waistWidthMm),
      'Sidecut Radius (m)': g.sidecutRadiusM.toFixed(1),
      'Rider Weight (lbs)': `${g.riderWeightLbs[0]}-${g.riderWeightLbs[1]}`,
    };
  });
}

/** A middle size: the one whose numbers a retailer quotes as "the" waist width or sidecut. */
export function referenceSize(sizes: readonly string[]): string {
  const narrow = sizes.filter((s) => !/w$/i.test(s));
  const pool = narrow.length > 0 ? narrow : sizes;
  return pool[Math.floor((pool.length - 1) / 2)] ?? '';
}

/** Typical size run of a board for its audience. */
export function sizeRun(kind: 'MENS' | 'WOMENS' | 'KIDS', wide: boolean, variant: number): string[] {
  const runs: Record<typeof kind, number[][]> = {
    MENS: [
      [150, 153, 156, 159, 162],
      [151, 154, 157, 160, 163],
      [148, 152, 155, 158, 161, 164],
    ],
    WOMENS: [
      [140, 143, 146, 149, 152],
      [139, 142, 145, 148, 151, 154],
    ],
    KIDS: [
      [110, 120, 125, 130, 135, 140],
      [100, 110, 120, 130],
    ],
  };
  const options = runs[kind];
  const lengths = options[variant % options.length] ?? [];
  const sizes = lengths.map(String);
  if (wide && kind === 'MENS') sizes.push(...lengths.slice(-3).map((l) => `${l}W`));
  return sizes;
}
