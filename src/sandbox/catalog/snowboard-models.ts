/**
 * What the-house-2020-snowboards.json does not say about each board: who it is for,
 * where it rides, its shape and flex. Hand-written from the brands' own descriptions
 * of these models; only boards listed here enter the sandbox catalog.
 * Code letters keep the table readable: ability B/BI/I/IA/AE, terrain AM (all-mountain),
 * FS (freestyle), PK (park), FR (freeride), PW (powder); shape TT/DT/D.
 */
export type AbilityCode = 'B' | 'BI' | 'I' | 'IA' | 'AE';
export type TerrainCode = 'AM' | 'FS' | 'PK' | 'FR' | 'PW';
export type ShapeCode = 'TT' | 'DT' | 'D';

export interface BoardTraits {
  ability: AbilityCode;
  terrain: TerrainCode[];
  shape: ShapeCode;
  flex: number;
  /** Camber profile when the title does not name one. */
  profile?: string;
}

const t = (ability: AbilityCode, terrain: string, shape: ShapeCode, flex: number, profile?: string): BoardTraits => ({
  ability,
  terrain: terrain.split(' ') as TerrainCode[],
  shape,
  flex,
  ...(profile ? { profile } : {}),
});

/** Key: `Brand|Model` as the seed names them (after dropping Wide/Midwide, years and "Snowboard"). */
export const HOUSE_BOARD_TRAITS: Record<string, BoardTraits> = {
  'Arbor|Westmark Camber': t('IA', 'AM FS', 'TT', 6),
  'Arbor|Formula Camber': t('BI', 'AM', 'TT', 4),
  'Arbor|Foundation': t('B', 'AM', 'TT', 3, 'Rocker'),
  'Arbor|Draft': t('BI', 'FS PK', 'TT', 4, 'Rocker'),
  'Arbor|Element Black Camber': t('I', 'AM', 'TT', 5),
  'Arbor|Coda Camber': t('IA', 'AM FR', 'DT', 6),
  'Arbor|A-Frame': t('AE', 'FR PW', 'D', 7, 'Hybrid Rocker'),
  'Arbor|Bryan Iguchi Pro Camber': t('AE', 'FR PW', 'D', 7),
  'Bataleon|Goliath': t('I', 'AM FS', 'TT', 5, 'Hybrid Camber'),
  'Bataleon|Whatever': t('IA', 'AM FS', 'TT', 5, 'Hybrid Camber'),
  'Bataleon|Evil Twin': t('IA', 'FS PK', 'TT', 6, 'Hybrid Camber'),
  'Bataleon|Disaster': t('BI', 'FS PK', 'TT', 3, 'Hybrid Camber'),
  'Burton|Ripcord': t('B', 'AM', 'DT', 3, 'Flat Top'),
  'Burton|Instigator': t('B', 'AM FS', 'DT', 3, 'Flat Top'),
  'Burton|Process': t('IA', 'AM FS', 'TT', 5, 'Camber'),
  'Burton|Process Flying V': t('I', 'AM FS', 'TT', 5),
  'Burton|Custom': t('IA', 'AM', 'DT', 6, 'Camber'),
  'Burton|Custom Flying V': t('I', 'AM', 'DT', 6),
  'Burton|Custom X': t('AE', 'AM FR', 'DT', 9, 'Camber'),
  'Burton|Descendant': t('I', 'AM FS', 'TT', 5, 'Hybrid Camber'),
  'Burton|Kilroy Twin': t('IA', 'FS PK', 'TT', 5, 'Camber'),
  'Burton|Skeleton Key': t('IA', 'FR PW', 'D', 6, 'Hybrid Camber'),
  'Burton|Deep Thinker': t('AE', 'FR', 'D', 7, 'Camber'),
  'Burton|Flight Attendant': t('AE', 'FR PW', 'D', 7, 'Hybrid Camber'),
  'Burton|Hometown Hero': t('IA', 'FR', 'D', 6, 'Hybrid Camber'),
  'Burton|Name Dropper': t('I', 'FS PK', 'TT', 4, 'Rocker'),
  'CAPiTA|Horrorscope': t('BI', 'FS PK', 'TT', 4, 'Hybrid Camber'),
  'CAPiTA|Supernova': t('IA', 'FR', 'D', 7, 'Hybrid Camber'),
  'CAPiTA|Scott Stevens Pro': t('IA', 'FS PK', 'TT', 4, 'Hybrid Camber'),
  'CAPiTA|Asymulator': t('I', 'FS PK', 'TT', 5, 'Hybrid Camber'),
  'DC|Focus': t('B', 'AM', 'TT', 3, 'Hybrid Camber'),
  'DC|PBJ': t('BI', 'FS PK', 'TT', 3, 'Flat'),
  'DC|Ply': t('I', 'AM FS', 'TT', 5, 'Hybrid Camber'),
  'DC|Space Echo': t('IA', 'AM FR', 'DT', 6, 'Hybrid Camber'),
  'GNU|Money': t('I', 'FS PK', 'TT', 4, 'Hybrid Camber'),
  'GNU|Hyper Kyarve': t('IA', 'FR', 'D', 6, 'Hybrid Camber'),
  'GNU|Riders Choice Asym': t('IA', 'AM FS', 'TT', 5, 'Hybrid Rocker'),
  'GNU|Antigravity': t('BI', 'AM', 'DT', 4, 'Hybrid Rocker'),
  'Jones|Frontier': t('IA', 'AM FR', 'D', 6, 'Hybrid Camber'),
  'Jones|Mountain Twin': t('IA', 'AM FS', 'DT', 6, 'Hybrid Camber'),
  'Jones|Flagship': t('AE', 'FR PW', 'D', 8, 'Hybrid Camber'),
  'Jones|Hovercraft': t('IA', 'PW', 'D', 6, 'Hybrid Rocker'),
  'Jones|Mind Expander': t('IA', 'FR PW', 'D', 5, 'Hybrid Rocker'),
  'Jones|Storm Chaser': t('IA', 'PW FR', 'D', 6, 'Hybrid Camber'),
  'Jones|Ultracraft': t('AE', 'PW', 'D', 7, 'Hybrid Rocker'),
  'K2|Standard': t('B', 'AM', 'TT', 3, 'Hybrid Rocker'),
  'K2|Raygun Pop': t('BI', 'AM', 'TT', 5, 'Hybrid Camber'),
  'K2|Broadcast': t('IA', 'AM FR', 'D', 7, 'Camber'),
  'K2|Medium': t('I', 'FS PK', 'TT', 4, 'Hybrid Rocker'),
  'Lib Tech|Skate Banana': t('I', 'FS PK', 'TT', 5, 'Hybrid Rocker'),
  'Lib Tech|Cold Brew': t('IA', 'AM FR', 'DT', 5, 'Hybrid Camber'),
  'Lib Tech|T. Rice Pro HP': t('AE', 'AM FR', 'DT', 7, 'Hybrid Camber'),
  'Lib Tech|Dynamo': t('IA', 'AM', 'D', 7, 'Camber'),
  'Lib Tech|Box Knife': t('IA', 'FS PK', 'TT', 5, 'Hybrid Camber'),
  'Lib Tech|Stump Ape': t('AE', 'FR', 'D', 8, 'Hybrid Camber'),
  'Nitro|Team Gullwing': t('IA', 'AM FS', 'TT', 6, 'Hybrid Camber'),
  'Nitro|Prime Screen': t('B', 'AM', 'TT', 3, 'Flat'),
  'Nitro|Cheap Thrills': t('I', 'FS PK', 'TT', 4, 'Rocker'),
  'Nitro|Squash': t('IA', 'PW FR', 'D', 5, 'Hybrid Rocker'),
  'Nitro|Mountain': t('AE', 'FR', 'D', 7, 'Camber'),
  'Ride|Agenda': t('B', 'AM', 'TT', 4, 'Hybrid Rocker'),
  'Ride|Wildlife': t('I', 'AM', 'DT', 5, 'Hybrid Camber'),
  'Ride|Twinpig': t('I', 'AM FS', 'TT', 5, 'Hybrid Camber'),
  'Ride|Berzerker': t('IA', 'FR', 'D', 7, 'Hybrid Camber'),
  'Ride|Superpig': t('AE', 'FR PW', 'D', 7, 'Hybrid Camber'),
  'Rome|Mechanic': t('BI', 'FS PK', 'TT', 4, 'Hybrid Rocker'),
  'Rome|Warden': t('I', 'AM', 'DT', 5, 'Hybrid Camber'),
  'Rome|Blackjack': t('IA', 'AM FR', 'D', 6, 'Hybrid Camber'),
  'Rome|Agent': t('IA', 'AM FS', 'TT', 6, 'Camber'),
  'Rossignol|Circuit': t('B', 'AM', 'TT', 3, 'Hybrid Rocker'),
  'Rossignol|District': t('B', 'AM FS', 'TT', 3, 'Hybrid Rocker'),
  'Rossignol|Templar': t('IA', 'AM', 'DT', 6, 'Hybrid Camber'),
  'Rossignol|Jibsaw': t('I', 'FS PK', 'TT', 4, 'Hybrid Rocker'),
  'Rossignol|XV': t('AE', 'FR PW', 'D', 8, 'Hybrid Camber'),
  'Salomon|Pulse': t('B', 'AM FS', 'TT', 3, 'Flat'),
  'Salomon|Sight': t('BI', 'AM', 'TT', 4, 'Flat'),
  'Salomon|Craft': t('I', 'AM FS', 'TT', 5, 'Hybrid Camber'),
  'Salomon|Assassin': t('IA', 'AM', 'DT', 6, 'Hybrid Camber'),
  'Salomon|Huck Knife': t('IA', 'FS PK', 'TT', 6, 'Hybrid Camber'),
  'Salomon|Sickstick': t('IA', 'PW FR', 'D', 6, 'Hybrid Rocker'),
  'Salomon|Super 8': t('IA', 'PW FR', 'D', 6, 'Hybrid Rocker'),
  'Weston|Range': t('IA', 'FR', 'D', 7, 'Hybrid Camber'),
  'Weston|Timber': t('BI', 'AM', 'DT', 4, 'Hybrid Camber'),
  'Yes.|Basic': t('BI', 'AM FS', 'TT', 4, 'Hybrid Camber'),
  'Yes.|Typo': t('I', 'AM FS', 'TT', 5, 'Hybrid Camber'),
  'Yes.|Jackpot': t('IA', 'FS PK', 'TT', 6, 'Camber'),
};

/** Brand name corrections: the seed spells Salomon "Solomon". */
export const BRAND_FIXES: Record<string, string> = { Solomon: 'Salomon' };
