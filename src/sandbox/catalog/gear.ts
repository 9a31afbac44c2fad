import type { Category, Gender } from '../../domain/product.js';
import { BINDINGS, BOOTS, type GearRow } from './gear-rows.js';
import { GOGGLES, HELMETS, JACKETS } from './gear-rows-2.js';
import { rngFor } from './prng.js';
import type { AbilityCode, TerrainCode } from './snowboard-models.js';
import type { ProductDraft, SizeChartRow } from './types.js';
import { ABILITY, TERRAIN } from './vocabulary.js';

type Spec = { name: string; value: string };

interface CategoryRules {
  sizes(gender: Gender, brand: string): string[];
  chart(sizes: string[], gender: Gender): SizeChartRow[];
  extra(detail: string, rng: ReturnType<typeof rngFor>): Spec[];
  features(detail: string): Spec[];
  dated: boolean;
}

const HEAD_CM: Record<string, string> = { S: '51-55', M: '55-59', L: '59-63', XL: '63-65' };

const RULES: Record<Exclude<Category, 'SNOWBOARD' | 'SKI'>, CategoryRules> = {
  BINDING: {
    sizes: (g, brand) => (g === 'WOMENS' ? ['S', 'M'] : brand === 'Burton' ? ['S', 'M', 'L'] : ['S/M', 'M/L', 'L/XL']),
    chart: () => [],
    extra: (detail, rng) => [
      { name: 'Binding Compatibility', value: detail },
      { name: 'Baseplate', value: rng.pick(['Nylon Composite', 'Aluminum', 'Glass-Filled Nylon']) },
      { name: 'Warranty', value: rng.pick(['Limited Lifetime (baseplate)', '3 Years', '2 Years']) },
    ],
    features: (detail) => [
      { name: 'Tool-Free Adjustments', value: 'Forward lean and strap length adjust on the hill without a screwdriver.' },
      { name: 'Disc', value: `Mounts on ${detail}.` },
    ],
    dated: true,
  },
  BOOT: {
    sizes: (g) => (g === 'WOMENS' ? ['5', '6', '6.5', '7', '7.5', '8', '8.5', '9', '10'] : ['7', '8', '8.5', '9', '9.5', '10', '10.5', '11', '12', '13']),
    chart: (sizes, g) => sizes.map((s) => ({ Size: s, Mondopoint: String(Number(s) + (g === 'WOMENS' ? 17 : 18)) })),
    extra: (detail, rng) => [
      { name: 'Lacing System', value: detail },
      { name: 'Liner', value: rng.pick(['Heat Moldable', 'Heat Moldable, Lace-Up', 'Thermo-Moldable Foam']) },
      { name: 'Warranty', value: '1 Year' },
    ],
    features: (detail) => [
      { name: detail, value: 'Closes fast with gloves on and holds tension all day.' },
      { name: 'Heat-Moldable Liner', value: 'Molds to your foot after a few days of riding for a custom fit.' },
    ],
    dated: true,
  },
  HELMET: {
    sizes: (g) => (g === 'WOMENS' ? ['S', 'M', 'L'] : ['S', 'M', 'L', 'XL']),
    chart: (sizes) => sizes.map((s) => ({ Size: s, 'Head Circumference (cm)': HEAD_CM[s] ?? '' })),
    extra: (detail) => {
      const [cert = '', system = ''] = detail.split(' / ');
      return [
        { name: 'Certification', value: cert },
        { name: 'Safety System', value: system },
        { name: 'Audio Compatible', value: 'Yes' },
      ];
    },
    features: (detail) => [
      { name: detail.split(' / ')[1] ?? 'Protection', value: 'Reduces rotational forces transmitted to the brain in angled impacts.' },
      { name: 'Goggle Integration', value: 'Shaped to sit flush with most goggle frames.' },
    ],
    dated: false,
  },
  GOGGLE: {
    sizes: () => ['One Size'],
    chart: () => [],
    extra: (detail) => {
      const [lens = '', fit = ''] = detail.split(' / ');
      return [
        { name: 'Lens Shape', value: lens },
        { name: 'Frame Size', value: fit.replace(/, OTG$/, '') },
        { name: 'OTG Compatible', value: fit.includes('OTG') ? 'Yes' : 'No' },
        { name: 'Interchangeable Lens', value: 'Yes' },
      ];
    },
    features: () => [
      { name: 'Anti-Fog Inner Lens', value: 'A treated inner lens and triple-layer face foam keep the view clear.' },
      { name: 'Bonus Lens', value: 'Ships with a second lens for low light.' },
    ],
    dated: false,
  },
  JACKET: {
    sizes: (g) => (g === 'WOMENS' ? ['XS', 'S', 'M', 'L', 'XL'] : ['S', 'M', 'L', 'XL', 'XXL']),
    chart: () => [],
    extra: (detail, rng) => {
      const [membrane = '', insulation = ''] = detail.split(' / ');
      return [
        { name: 'Waterproofing', value: membrane },
        { name: 'Insulation', value: insulation.replace('Insulation: ', '') },
        { name: 'Fit', value: rng.pick(['Regular', 'Relaxed', 'Trim']) },
        { name: 'Seam Sealing', value: 'Fully Taped' },
      ];
    },
    features: (detail) => [
      { name: 'Membrane', value: `${detail.split(' / ')[0]} keeps snow and rain out while letting sweat escape.` },
      { name: 'Helmet-Compatible Hood', value: 'Adjusts in two directions and turns with your head.' },
    ],
    dated: false,
  },
};

function draftFrom(category: keyof typeof RULES, row: GearRow): ProductDraft {
  const [brand, model, msrp, gender, ability, flex, terrain, detail, blurb] = row;
  const rules = RULES[category];
  const rng = rngFor(`gear:${category}:${brand}:${model}:${gender}`);
  const sizes = rules.sizes(gender, brand);
  const terrainNames = terrain.split(' ').map((c) => TERRAIN[c as TerrainCode]);
  return {
    category,
    brand,
    model,
    year: rules.dated ? (rng.chance(0.2) ? 2025 : 2026) : null,
    gender,
    description: `${blurb} ${category === 'JACKET' || category === 'HELMET' || category === 'GOGGLE' ? 'Built for long days on the hill.' : `Suited to ${terrainNames.join(' and ').toLowerCase()} riding.`}`,
    features: [{ name: 'Overview', value: blurb }, ...rules.features(detail)],
    specs: {
      abilityLevels: ability ? ABILITY[ability as AbilityCode] : [],
      terrain: category === 'BINDING' || category === 'BOOT' ? terrainNames : [],
      profile: null,
      shape: null,
      flex: flex > 0 ? flex : null,
      waistWidthMm: null,
      sidecutRadiusM: null,
      extra: rules.extra(detail, rng),
    },
    sizes,
    lengthsCm: [],
    sizeChart: rules.chart(sizes, gender),
    msrp,
    hasGtin: rng.chance(0.6),
  };
}

/** Bindings, boots, helmets, goggles and jackets from the hand-written tables. */
export function gearDrafts(): ProductDraft[] {
  return [
    ...BINDINGS.map((r) => draftFrom('BINDING', r)),
    ...BOOTS.map((r) => draftFrom('BOOT', r)),
    ...HELMETS.map((r) => draftFrom('HELMET', r)),
    ...GOGGLES.map((r) => draftFrom('GOGGLE', r)),
    ...JACKETS.map((r) => draftFrom('JACKET', r)),
  ];
}
