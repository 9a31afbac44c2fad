import type { SkillLevel } from '../../domain/product.js';
import type { AbilityCode, ShapeCode, TerrainCode } from './snowboard-models.js';

/** Canonical words the catalog stores; each storefront rewords them its own way. */
export const ABILITY: Record<AbilityCode, SkillLevel[]> = {
  B: ['BEGINNER'],
  BI: ['BEGINNER', 'INTERMEDIATE'],
  I: ['INTERMEDIATE'],
  IA: ['INTERMEDIATE', 'ADVANCED'],
  AE: ['ADVANCED', 'EXPERT'],
};

export const TERRAIN: Record<TerrainCode, string> = {
  AM: 'All-Mountain',
  FS: 'Freestyle',
  PK: 'Park & Pipe',
  FR: 'Freeride',
  PW: 'Powder',
};

export const SHAPE: Record<ShapeCode, string> = { TT: 'True Twin', DT: 'Directional Twin', D: 'Directional' };

/** evo's flex wording for a 1..10 flex. */
export function flexWord(flex: number): string {
  if (flex <= 3) return 'Soft';
  if (flex <= 4) return 'Medium-Soft';
  if (flex <= 6) return 'Medium';
  if (flex <= 7) return 'Medium-Stiff';
  return 'Stiff';
}

/** "Beginner-Intermediate" (evo's Ability Level wording). */
export function evoAbility(levels: readonly SkillLevel[]): string {
  return levels.map((l) => l.charAt(0) + l.slice(1).toLowerCase()).join('-');
}

/** "beginner, intermediate" (backcountry's Ability Level wording). */
export function backcountryAbility(levels: readonly SkillLevel[]): string {
  return levels.map((l) => l.toLowerCase()).join(', ');
}

/** Parses evo's "Intermediate-Advanced" back into levels (used for the evo-skis seed). */
export function parseAbility(text: string): SkillLevel[] {
  const out: SkillLevel[] = [];
  for (const word of text.split(/[-,/ ]+/)) {
    const up = word.trim().toUpperCase();
    if ((['BEGINNER', 'INTERMEDIATE', 'ADVANCED', 'EXPERT'] as const).includes(up as SkillLevel)) out.push(up as SkillLevel);
  }
  return out;
}
