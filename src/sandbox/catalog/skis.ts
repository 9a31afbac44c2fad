import type { Gender } from '../../domain/product.js';
import { rngFor } from './prng.js';
import { loadSeed, type EvoSkiSeed } from './seed.js';
import type { ProductDraft, SizeChartRow } from './types.js';
import { parseAbility } from './vocabulary.js';

/**
 * What evo-skis.csv lacks per ski (the page rows carry no names, widths, lengths or
 * prices): brand, model, waist (mm), lengths (cm), MSRP and gender, hand-written from
 * the manufacturers' published specs.
 */
type SkiRow = [brand: string, model: string, waistMm: number, lengthsCm: number[], msrp: number, gender?: Gender];

const SKI_TABLE: Record<string, SkiRow> = {
  'rmu-apostle-30-106': ['RMU', 'Apostle 3.0 106', 106, [164, 172, 180, 188], 899.0],
  'line-honey-badger': ['Line', 'Honey Badger', 92, [165, 172, 178], 499.95],
  'line-chronic-94': ['Line', 'Chronic 94', 94, [164, 171, 178, 185], 549.95],
  'line-skis-wallisch-shorty-ftd-45-bindings-kids': ['Line', 'Wallisch Shorty Skis + FDT 4.5 Bindings', 80, [100, 110, 120, 130], 349.95, 'KIDS'],
  'line-ruckus-kids': ['Line', 'Ruckus', 84, [118, 128, 138, 148], 299.95, 'KIDS'],
  'volkl-revolt-121': ['Volkl', 'Revolt 121', 121, [176, 184, 191], 749.99],
  'line-chronic-tc-94': ['Line', 'Chronic TC 94', 94, [171, 178, 185], 599.95],
  'season-pass': ['Season', 'Pass', 106, [168, 176, 184], 749.0],
  'rossignol-black-ops-118': ['Rossignol', 'Black Ops 118', 118, [178, 186, 192], 799.99],
  'k2-reckoner-112': ['K2', 'Reckoner 112', 112, [172, 179, 186], 699.99],
  'armada-arv-116-jj-ul': ['Armada', 'ARV 116 JJ UL', 116, [175, 185, 192], 799.95],
  'armada-arg-ii-ul': ['Armada', 'ARG II UL', 120, [180, 188], 899.95],
  'armada-whitewalker-121': ['Armada', 'Whitewalker 121', 121, [180, 188], 749.95],
  'coalition-snow-bliss-womens': ['Coalition Snow', 'Bliss', 90, [154, 161, 168], 699.0, 'WOMENS'],
  'rossignol-sender-free-110': ['Rossignol', 'Sender Free 110', 110, [172, 180, 188], 749.99],
  'atomic-bent-110': ['Atomic', 'Bent 110', 110, [172, 180, 188], 749.99],
  'k2-poacher': ['K2', 'Poacher', 96, [163, 170, 177, 184], 599.99],
  'armada-arv-100': ['Armada', 'ARV 100', 100, [164, 172, 180, 188], 649.95],
  'k2-reckoner-102': ['K2', 'Reckoner 102', 102, [163, 170, 177, 184], 599.99],
  'season-kin': ['Season', 'Kin', 96, [164, 172, 180], 649.0],
  'line-blade-optic-96': ['Line', 'Blade Optic 96', 96, [165, 172, 179, 186], 649.95],
  'armada-edollo': ['Armada', 'Edollo', 100, [166, 174, 182], 749.95],
  'season-nexus': ['Season', 'Nexus', 100, [165, 173, 181], 699.0],
  'line-blade-optic-104': ['Line', 'Blade Optic 104', 104, [172, 179, 186], 699.95],
  'line-tom-wallisch-pro': ['Line', 'Tom Wallisch Pro', 90, [164, 171, 178, 185], 549.95],
  'volkl-revolt-104': ['Volkl', 'Revolt 104', 104, [172, 180, 188], 649.99],
  'elan-playmaker-101': ['Elan', 'Playmaker 101', 101, [168, 176, 184], 599.95],
  'volkl-revolt-90': ['Volkl', 'Revolt 90', 90, [156, 164, 172, 180], 499.99],
  'k2-reckoner-92': ['K2', 'Reckoner 92', 92, [149, 156, 163, 170, 177], 499.99],
  'armada-arw-100': ['Armada', 'ARW 100', 100, [156, 164, 172], 649.95, 'WOMENS'],
  'armada-bdog': ['Armada', 'BDOG', 90, [164, 171, 178], 599.95],
  'armada-arv-94': ['Armada', 'ARV 94', 94, [156, 164, 172, 180], 549.95],
  'rossignol-trixie-skis-xpress-10-gw-bindings-womens': ['Rossignol', 'Trixie Skis + Xpress 10 GW Bindings', 74, [139, 146, 153, 160], 399.99, 'WOMENS'],
  'volkl-revolt-86-scorpion-kids': ['Volkl', 'Revolt 86 Scorpion', 86, [148, 156, 164], 449.99, 'KIDS'],
  'moment-wildcat-101': ['Moment', 'Wildcat 101', 101, [164, 172, 180, 188], 799.0],
  'moment-wildcat': ['Moment', 'Wildcat', 108, [174, 182, 190], 849.0],
  'line-skis-wallisch-shorty-ftd-70-bindings-kids': ['Line', 'Wallisch Shorty Skis + FDT 7.0 Bindings', 84, [120, 130, 140, 150], 399.95, 'KIDS'],
  'line-blade-optic-114': ['Line', 'Blade Optic 114', 114, [176, 184, 191], 749.95],
  'volkl-revolt-86-crown-kids': ['Volkl', 'Revolt 86 Crown', 86, [148, 156, 164], 449.99, 'KIDS'],
  'line-blend': ['Line', 'Blend', 100, [164, 171, 178, 185], 599.95],
};

const RADIUS_BY_WORD: Record<string, number> = { Short: 15, Medium: 18, Long: 22 };

function skiChart(lengths: readonly number[], waist: number, baseRadius: number): SizeChartRow[] {
  return lengths.map((len, i) => ({
    Size: String(len),
    'Tip Width (mm)': String(waist + 30 + (i % 2)),
    'Waist Width (mm)': String(waist),
    'Tail Width (mm)': String(waist + 20),
    'Turning Radius (m)': (baseRadius + (len - lengths[0]!) * 0.09).toFixed(1),
  }));
}

/** Every ski in the sandbox catalog: evo's real ski pages plus the table above. */
export function skiDrafts(): ProductDraft[] {
  const out: ProductDraft[] = [];
  for (const seed of loadSeed<EvoSkiSeed[]>('evo-skis.json')) {
    const row = SKI_TABLE[seed.slug];
    if (!row) continue;
    const [brand, model, waist, lengths, msrp, gender = 'MENS'] = row;
    const rng = rngFor(`ski:${seed.slug}`);
    const abilityLevels = parseAbility(seed.abilityLevel);
    const baseRadius = RADIUS_BY_WORD[seed.turningRadius] ?? 18;
    const mid = lengths[Math.floor((lengths.length - 1) / 2)]!;
    const radius = Math.round((baseRadius + (mid - lengths[0]!) * 0.09) * 10) / 10;
    const extra = [
      { name: 'Core/Laminates', value: seed.coreLaminates },
      { name: 'Tail Type', value: seed.tailType },
      { name: 'Turning Radius', value: seed.turningRadius },
      { name: 'Skis', value: seed.bindings },
      { name: 'Warranty', value: seed.warranty },
    ].filter((e) => e.value !== '');
    out.push({
      category: 'SKI',
      brand,
      model,
      year: rng.chance(0.2) ? 2025 : 2026,
      gender,
      description: seed.description,
      features: seed.features.slice(0, 6),
      specs: {
        abilityLevels,
        terrain: seed.terrain.split(/,\s*/).filter(Boolean),
        profile: seed.rockerType || null,
        shape: seed.tailType || null,
        flex: abilityLevels.includes('EXPERT') ? 8 : 6,
        waistWidthMm: waist,
        sidecutRadiusM: radius,
        extra,
      },
      sizes: lengths.map(String),
      lengthsCm: [...lengths],
      sizeChart: skiChart(lengths, waist, baseRadius),
      msrp,
      hasGtin: rng.chance(0.5),
    });
  }
  return out;
}
