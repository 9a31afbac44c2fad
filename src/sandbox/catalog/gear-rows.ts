import type { Gender } from '../../domain/product.js';
import type { AbilityCode } from './snowboard-models.js';

/**
 * Hand-written tables of real bindings, boots, helmets, goggles and jackets (brand,
 * model, MSRP as the brands list them). Each row: brand, model, MSRP, gender, ability,
 * flex (1..10, 0 = not rated), terrain codes, a category-specific detail, and one
 * line of copy in the brand's voice.
 */
export type GearRow = [
  brand: string,
  model: string,
  msrp: number,
  gender: Gender,
  ability: AbilityCode | '',
  flex: number,
  terrain: string,
  detail: string,
  blurb: string,
];

/** Bindings; detail = mount compatibility. */
export const BINDINGS: GearRow[] = [
  ['Burton', 'Cartel Re:Flex', 329.95, 'MENS', 'IA', 6, 'AM FS', 'Re:Flex, EST', 'A responsive all-mountain binding that transfers energy fast without killing board feel.'],
  ['Burton', 'Mission Re:Flex', 249.95, 'MENS', 'BI', 5, 'AM', 'Re:Flex, EST', 'The workhorse: comfortable, easy to adjust and forgiving enough for a first season.'],
  ['Burton', 'Malavita Re:Flex', 299.95, 'MENS', 'IA', 5, 'FS PK', 'Re:Flex, EST', 'Skate-inspired support with a twin-density highback that bends with you on rails.'],
  ['Burton', 'Lexa Re:Flex', 249.95, 'WOMENS', 'BI', 5, 'AM FS', 'Re:Flex, EST', "A women's-specific binding with plush straps and a medium flex that suits most riders."],
  ['Burton', 'Step On Re:Flex', 399.95, 'MENS', 'BI', 5, 'AM', 'Re:Flex, EST (Step On boots required)', 'Click in without sitting down: heel and toe cleats lock into Step On boots.'],
  ['Union', 'Force', 279.95, 'MENS', 'IA', 6, 'AM', '4x2, 2x4, Channel', 'The best-selling Union, built to survive seasons of daily use with a medium-stiff response.'],
  ['Union', 'Strata', 329.95, 'MENS', 'IA', 7, 'AM FR', '4x2, 2x4, Channel', 'Duraflex ST highback and a damp baseplate for riders who like speed and big carves.'],
  ['Union', 'Atlas', 299.95, 'MENS', 'IA', 7, 'AM FR', '4x2, 2x4, Channel', 'Responsive and surfy with a forged heelcup that keeps the board close to the boot.'],
  ['Union', 'Juliet', 249.95, 'WOMENS', 'I', 4, 'AM FS', '4x2, 2x4, Channel', "A soft-flexing women's binding with Union's toughness for park laps and groomers."],
  ['Union', 'Flite Pro', 199.95, 'MENS', 'B', 3, 'AM', '4x2, 2x4, Channel', 'Light, soft and simple: an entry binding that still uses Union hardware.'],
  ['Ride', 'A-4', 249.95, 'MENS', 'IA', 6, 'AM', '4x2, 2x4, Channel', 'An aluminium-base all-mountain binding with quick-adjust straps and a slimmed highback.'],
  ['Ride', 'C-6', 349.95, 'MENS', 'AE', 8, 'AM FR', '4x2, 2x4, Channel', 'A carbon-reinforced highback and stiff chassis for riders who want instant response.'],
  ['Rome', 'Katana', 399.95, 'MENS', 'AE', 7, 'AM FR', '4x2, 2x4, Channel', 'Underwrap highback and a floating heel loop give a stiff yet natural flex.'],
  ['K2', 'Lien AT', 249.95, 'MENS', 'IA', 6, 'AM FS', '4x2, 2x4, Channel', 'A tweak-friendly all-terrain binding with a dialed ankle strap and a supportive highback.'],
  ['K2', 'Formula', 219.95, 'MENS', 'I', 5, 'AM', '4x2, 2x4, Channel', 'A straightforward all-mountain binding with a medium flex and tool-free adjustments.'],
  ['Salomon', 'Hologram', 249.95, 'MENS', 'I', 5, 'FS PK', '4x2, 2x4, Channel', 'A freestyle binding with shock-absorbing pads for landings and a playful highback.'],
  ['Nitro', 'Team', 279.95, 'MENS', 'IA', 6, 'AM FS', '4x2, 2x4, Channel', 'Nitro team riders use it everywhere; aluminium heelcup and responsive baseplate.'],
  ['Flux', 'DS', 299.95, 'MENS', 'IA', 5, 'AM', '4x2, 2x4, Channel', 'Flux\u2019s all-round pick: a glove-like fit and a medium flex that works on any board.'],
  ['Jones', 'Mercury', 349.95, 'MENS', 'AE', 7, 'AM FR', '4x2, 2x4, Channel', 'A freeride binding with a canted footbed and a highback that locks the heel for long traverses.'],
  ['NOW', 'Drive', 279.95, 'MENS', 'IA', 6, 'AM', '4x2, 2x4', 'Skate-tech hanger design drives the edge straight from the footbed for quick edge-to-edge transfer.'],
];

/** Snowboard boots; detail = lacing system. */
export const BOOTS: GearRow[] = [
  ['Burton', 'Ion', 549.95, 'MENS', 'AE', 8, 'AM FR', 'Speed Zone', 'A stiff, precise boot with Speed Zone lacing and a heat-moldable liner for aggressive days.'],
  ['Burton', 'Photon BOA', 449.95, 'MENS', 'IA', 7, 'AM', 'Dual BOA', 'Dual-zone BOA lets you lock the heel and keep the forefoot comfortable.'],
  ['Burton', 'Moto BOA', 269.95, 'MENS', 'B', 3, 'AM', 'BOA', 'A soft, comfortable boot that is easy to get on and off: the classic first boot.'],
  ['Burton', 'Ruler BOA', 379.95, 'MENS', 'I', 5, 'AM', 'BOA', 'A medium-flex, do-everything boot with a supportive liner and a tough outsole.'],
  ['Burton', 'Felix BOA', 399.95, 'WOMENS', 'IA', 6, 'AM', 'Dual BOA', "A women's all-mountain boot with responsive support and a heel hold that lasts all day."],
  ['Burton', 'Limelight BOA', 299.95, 'WOMENS', 'BI', 4, 'AM', 'BOA', "A cushy, soft women's boot that fits out of the box."],
  ['ThirtyTwo', 'Lashed Double BOA', 349.95, 'MENS', 'I', 5, 'AM FS', 'Dual BOA', 'The Lashed silhouette with two BOA zones for a precise, even fit.'],
  ['ThirtyTwo', 'TM-2 Double BOA', 449.95, 'MENS', 'IA', 6, 'AM FS', 'Dual BOA', 'Pro-tested support with a slim profile and plenty of forward flex for tweaks.'],
  ['Vans', 'Hi-Standard OG', 279.95, 'MENS', 'I', 4, 'FS PK', 'Traditional Laces', 'Old-school laces and a soft flex for riders who want to feel the board.'],
  ['Vans', 'Infuse', 449.95, 'MENS', 'AE', 7, 'AM FR', 'Speed Lace', 'A stiff, supportive boot with a lightweight outsole built for long days out of bounds.'],
  ['K2', 'Maysis', 399.95, 'MENS', 'IA', 6, 'AM', 'BOA', 'A K2 staple: medium-stiff support, a roomy toe box and a reliable BOA closure.'],
  ['K2', 'Thraxis', 499.95, 'MENS', 'AE', 8, 'AM FR', 'Dual BOA', 'Top-of-the-line support and heel hold for riders who push hard.'],
  ['Ride', 'Lasso', 399.95, 'MENS', 'IA', 6, 'AM', 'Dual BOA', 'A supportive all-mountain boot with a heel-locking harness and a grippy outsole.'],
  ['Ride', 'Harper', 299.95, 'WOMENS', 'BI', 4, 'AM', 'BOA', "An easy-going women's boot with a warm liner and a soft, forgiving flex."],
  ['Salomon', 'Dialogue Dual BOA', 399.95, 'MENS', 'I', 5, 'AM', 'Dual BOA', 'A comfortable, medium-flex boot with separate upper and lower zones.'],
  ['Nidecker', 'Rift', 349.95, 'MENS', 'I', 6, 'AM', 'BOA', 'A supportive boot at a fair price, with a moldable liner and a low-profile sole.'],
  ['DC', 'Judge', 379.95, 'MENS', 'IA', 6, 'AM FR', 'Dual BOA', 'A stiff, supportive dual-BOA boot with a padded liner and Unilite outsole.'],
  ['Salomon', 'Pearl BOA', 299.95, 'WOMENS', 'BI', 4, 'AM', 'BOA', "A comfortable women's boot with a soft flex and a warm, cushioned liner."],
];
