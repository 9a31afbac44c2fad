import type { Gender } from '../../domain/product.js';
import { boardGeometry, boardSizeChart, referenceSize, sizeRun } from './board-sizing.js';
import { rngFor } from './prng.js';
import { loadSeed, type CapitaSeed, type HouseBoardSeed } from './seed.js';
import { BRAND_FIXES, HOUSE_BOARD_TRAITS, type BoardTraits } from './snowboard-models.js';
import type { ProductDraft } from './types.js';
import { ABILITY, SHAPE, TERRAIN } from './vocabulary.js';

/** Feature blurbs per camber profile, worded like brand copy. */
const PROFILE_FEATURES: Record<string, string> = {
  Camber: 'Traditional camber loads up through the turn for precise edge hold, stability at speed and a lively pop off the tail.',
  'Hybrid Camber': 'Camber between the feet for pop and edge hold, with rocker at the tip and tail for float and a more forgiving, catch-free feel.',
  'Hybrid Rocker': 'Rocker between the feet keeps the board loose and easy to turn, while camber toward the contact points adds grip on hardpack.',
  Rocker: 'Continuous rocker lifts the contact points off the snow for a loose, playful ride that is easy to steer at low speed.',
  Flat: 'A flat base between the feet feels stable and predictable, turns without hooking up and makes balance easy to find.',
  'Flat Top': 'A flat profile between the feet with early rise at the tips: stable, easy to control and hard to catch an edge on.',
};

const CORES = ['Poplar/Aspen Core, Triax Fiberglass', 'Poplar Core, Biax Fiberglass', 'Paulownia/Poplar Core, Carbon Stringers', 'FSC Certified Poplar Core, Triax Fiberglass'];

/** Canonical profile from words in a title or the seed's tags. */
function profileFrom(text: string): string | null {
  const t = text.toLowerCase();
  if (t.includes('flying v')) return 'Hybrid Rocker';
  if (t.includes('flat top')) return 'Flat Top';
  if (t.includes('hybrid camber')) return 'Hybrid Camber';
  if (t.includes('reverse camber') || /\brocker\b/.test(t)) return 'Rocker';
  if (/\bcamber\b/.test(t)) return 'Camber';
  return null;
}

function boardFeatures(profile: string, shape: string, core: string): { name: string; value: string }[] {
  return [
    { name: `${profile} Profile`, value: PROFILE_FEATURES[profile] ?? PROFILE_FEATURES['Hybrid Camber']! },
    { name: `${shape} Shape`, value: shape === 'Directional' ? 'Set-back stance and a longer nose for float and a surfy, drive-through-the-turn feel.' : 'Symmetrical enough to ride switch without thinking about it.' },
    { name: 'Core', value: `${core} for a balance of weight, snap and durability.` },
    { name: 'Sintered Base', value: 'A sintered base holds wax longer and stays fast when conditions turn sticky.' },
  ];
}

function titleCase(raw: string): string {
  return raw
    .split(' ')
    .map((w) => (w.includes('.') ? w : w.charAt(0) + w.slice(1).toLowerCase()))
    .join(' ');
}

/** CAPiTA boards from capita-products.json (real names, sizes, prices, tags and stock). */
function capitaBoards(): ProductDraft[] {
  const seeds = loadSeed<CapitaSeed[]>('capita-products.json');
  const out: ProductDraft[] = [];
  for (const seed of seeds) {
    // Limited one-size editions and the Lamborghini collab are not stocked by the big retailers.
    if (/LTD|\|/.test(seed.title)) continue;
    const tags = seed.tags.map((t) => t.toLowerCase());
    const gender: Gender = tags.includes('youth') ? 'KIDS' : / WMN\b/.test(seed.title) || tags.includes("women's") ? 'WOMENS' : 'MENS';
    const model = titleCase(seed.title.replace(/ WMN\b/, '').replace(/^SB /, 'SPRING BREAK ').trim());
    const sizes = seed.variants.map((v) => v.size);
    const prices = seed.variants.flatMap((v) => [Number(v.price), Number(v.compareAt ?? v.price)]);
    const msrp = Math.max(...prices);
    const terrain = [
      ...(tags.includes('resort') ? ['All-Mountain'] : []),
      ...(tags.includes('freestyle') ? ['Freestyle'] : []),
      ...(tags.includes('freeride') ? ['Freeride'] : []),
      ...(tags.includes('powder') ? ['Powder'] : []),
    ];
    if (terrain.length === 0) terrain.push('All-Mountain');
    const shape = tags.includes('true twin') ? 'True Twin' : tags.includes('directional twin') ? 'Directional Twin' : 'Directional';
    const profile = profileFrom(tags.join(' ')) ?? 'Hybrid Camber';
    const kids = gender === 'KIDS';
    const abilityLevels = kids ? ABILITY.BI : msrp >= 900 || (terrain.includes('Freeride') && msrp >= 650) ? ABILITY.AE : terrain.includes('Freestyle') && msrp < 500 ? ABILITY.I : ABILITY.IA;
    const flex = kids ? 3 : Math.min(9, 4 + Math.round((msrp - 400) / 150));
    const rng = rngFor(`capita:${seed.handle}`);
    const core = rng.pick(CORES);
    const ref = boardGeometry(referenceSize(sizes), kids);
    out.push({
      category: 'SNOWBOARD',
      brand: 'CAPiTA',
      model,
      year: 2026,
      gender,
      description: seed.description,
      features: boardFeatures(profile, shape, core),
      specs: {
        abilityLevels,
        terrain,
        profile,
        shape,
        flex,
        waistWidthMm: ref.waistWidthMm,
        sidecutRadiusM: ref.sidecutRadiusM,
        extra: [
          { name: 'Core/Laminates', value: core },
          { name: 'Binding Compatibility', value: '4x2 / 2x4' },
          { name: 'Warranty', value: '3 Years' },
        ],
      },
      sizes,
      lengthsCm: sizes.map((s) => Number.parseInt(s, 10)),
      sizeChart: boardSizeChart(sizes, kids),
      msrp,
      hasGtin: rng.chance(0.6),
      mpn: seed.variants[0]?.sku.split('-')[0] ?? seed.handle,
      soldOutSizes: seed.variants.filter((v) => !v.available).map((v) => v.size),
    });
  }
  return out;
}

/**
 * Original (pre-sale) price from the-house's price text: the highest amount shown; null when none
 * is (its `$0.00` placeholders included). The sandbox is the retailer's side, so it keeps this
 * one-line reading rather than import the agents' money parser.
 */
function housePrice(text: string): number | null {
  const amounts = [...text.matchAll(/\$([\d,]+\.\d{2})/g)].map((m) => Number(m[1]!.replace(/,/g, ''))).filter((a) => a > 0);
  return amounts.length > 0 ? Math.max(...amounts) : null;
}

function houseDescription(brand: string, model: string, traits: BoardTraits, profile: string): string {
  const rng = rngFor(`house-desc:${brand}:${model}`);
  const terrain = traits.terrain.map((c) => TERRAIN[c].toLowerCase());
  const who: Record<string, string> = {
    B: 'riders linking their first turns',
    BI: 'riders moving from the bunny hill to the whole mountain',
    I: 'intermediate riders who want one board for everything',
    IA: 'confident riders who push it everywhere',
    AE: 'strong riders who want precision at speed',
  };
  const openers = [
    `The ${brand} ${model} is built for ${who[traits.ability]}.`,
    `Made for ${who[traits.ability]}, the ${brand} ${model} keeps things simple.`,
    `${brand} designed the ${model} for ${who[traits.ability]}.`,
  ];
  return `${rng.pick(openers)} Its ${profile.toLowerCase()} profile and ${SHAPE[traits.shape].toLowerCase()} shape are at home on ${terrain.join(' and ')} terrain, and the ${traits.flex <= 4 ? 'forgiving' : traits.flex <= 6 ? 'medium' : 'stiff, damp'} flex ${traits.flex <= 4 ? 'makes mistakes cheap' : traits.flex <= 6 ? 'balances play and stability' : 'holds an edge when it gets fast and firm'}.`;
}

/** Boards from the-house-2020-snowboards.json, for the models HOUSE_BOARD_TRAITS describes. */
function houseBoards(): ProductDraft[] {
  const seeds = loadSeed<HouseBoardSeed[]>('the-house-2020-snowboards.json');
  const byModel = new Map<string, { brand: string; model: string; msrp: number; wide: boolean; profileWord: string | null }>();
  for (const seed of seeds) {
    if (/Blem|w\//i.test(seed.title)) continue;
    const brand = BRAND_FIXES[seed.brand] ?? seed.brand;
    const stem = seed.title.replace(`${brand} `, '').replace(`${seed.brand} `, '').replace(/ Snowboard.*$/, '');
    const wide = /\b(Wide|Midwide)\b/.test(stem);
    const model = stem.replace(/ (Wide|Midwide|Mid Wide|Narrow)\b/g, '').trim();
    const key = `${brand}|${model}`;
    const msrp = housePrice(seed.price);
    if (!HOUSE_BOARD_TRAITS[key] || msrp === null) continue;
    const known = byModel.get(key);
    if (known) known.wide ||= wide;
    else byModel.set(key, { brand, model, msrp, wide, profileWord: profileFrom(model) });
  }
  const out: ProductDraft[] = [];
  for (const [key, b] of byModel) {
    const traits = HOUSE_BOARD_TRAITS[key]!;
    const rng = rngFor(`house:${key}`);
    const profile = b.profileWord ?? traits.profile ?? 'Hybrid Camber';
    const shape = SHAPE[traits.shape];
    const sizes = sizeRun('MENS', b.wide, rng.int(0, 2));
    const ref = boardGeometry(referenceSize(sizes), false);
    const core = rng.pick(CORES);
    out.push({
      category: 'SNOWBOARD',
      brand: b.brand,
      model: b.model,
      year: rng.chance(0.15) ? 2025 : 2026,
      gender: 'MENS',
      description: houseDescription(b.brand, b.model, traits, profile),
      features: boardFeatures(profile, shape, core),
      specs: {
        abilityLevels: ABILITY[traits.ability],
        terrain: traits.terrain.map((c) => TERRAIN[c]),
        profile,
        shape,
        flex: traits.flex,
        waistWidthMm: ref.waistWidthMm,
        sidecutRadiusM: ref.sidecutRadiusM,
        extra: [
          { name: 'Core/Laminates', value: core },
          { name: 'Binding Compatibility', value: b.brand === 'Burton' ? 'The Channel' : '4x2 / 2x4' },
          { name: 'Warranty', value: rng.pick(['1 Year', '2 Years', '3 Years']) },
        ],
      },
      sizes,
      lengthsCm: sizes.map((s) => Number.parseInt(s, 10)),
      sizeChart: boardSizeChart(sizes, false),
      msrp: b.msrp,
      hasGtin: rng.chance(0.55),
    });
  }
  return out;
}

/** Every snowboard in the sandbox catalog, in a stable order. */
export function snowboardDrafts(): ProductDraft[] {
  return [...capitaBoards(), ...houseBoards()];
}
