import type { GearRow } from './gear-rows.js';

/** Helmets; detail = certification and safety system. */
export const HELMETS: GearRow[] = [
  ['Smith', 'Vantage MIPS', 300.0, 'UNISEX', '', 0, 'AM', 'ASTM F2040, CE EN 1077 / MIPS', 'Twenty-one adjustable vents and Koroyd zones: the helmet for skiers who run hot.'],
  ['Smith', 'Mission MIPS', 130.0, 'UNISEX', '', 0, 'AM', 'ASTM F2040, CE EN 1077 / MIPS', 'A light in-mold helmet with a Boa fit system at a price that leaves room for goggles.'],
  ['Smith', 'Nexus MIPS', 310.0, 'UNISEX', '', 0, 'AM', 'ASTM F2040, CE EN 1077 / MIPS', 'Aerocore construction with Koroyd for impact protection with less bulk.'],
  ['Smith', 'Liberty MIPS', 150.0, 'WOMENS', '', 0, 'AM', 'ASTM F2040, CE EN 1077 / MIPS', "A women's helmet with a low profile, warm liner and adjustable venting."],
  ['Giro', 'Ledge MIPS', 89.95, 'UNISEX', '', 0, 'AM', 'ASTM F2040, CE EN 1077 / MIPS', 'A durable hard-shell helmet with a simple, fixed fit.'],
  ['Giro', 'Jackson MIPS', 169.95, 'UNISEX', '', 0, 'AM FS', 'ASTM F2040, CE EN 1077 / MIPS', 'Hybrid shell with a clean, skate-inspired look and passive venting.'],
  ['Giro', 'Range MIPS', 259.95, 'UNISEX', '', 0, 'AM', 'ASTM F2040, CE EN 1077 / MIPS', 'An adjustable shell that tightens around the head rather than only at the back.'],
  ['Giro', 'Envi MIPS', 229.95, 'WOMENS', '', 0, 'AM', 'ASTM F2040, CE EN 1077 / MIPS', "A women's helmet with Spherical MIPS and adjustable venting."],
  ['POC', 'Obex MIPS', 220.0, 'UNISEX', '', 0, 'AM', 'ASTM F2040, CE EN 1077 / MIPS', 'Size-adjustable and goggle-friendly with an audio-ready liner.'],
  ['POC', 'Fornix MIPS', 180.0, 'UNISEX', '', 0, 'AM', 'ASTM F2040, CE EN 1077 / MIPS', 'A lightweight in-mold helmet with a fit that works on many head shapes.'],
  ['Oakley', 'MOD5 MIPS', 270.0, 'UNISEX', '', 0, 'AM', 'ASTM F2040, CE EN 1077 / MIPS', 'A modular brim system that pairs with most Oakley goggles to kill the gaper gap.'],
  ['Oakley', 'MOD3 MIPS', 210.0, 'UNISEX', '', 0, 'AM FS', 'ASTM F2040, CE EN 1077 / MIPS', 'A low-profile freestyle helmet with Boa fit and goggle-locking strap.'],
  ['Anon', 'Oslo WaveCel', 199.95, 'UNISEX', '', 0, 'AM', 'ASTM F2040, CE EN 1077 / WaveCel', 'WaveCel liner that flexes, crumples and glides to reduce rotational forces.'],
  ['Sweet Protection', 'Trooper 2Vi MIPS', 329.95, 'UNISEX', '', 0, 'AM FR', 'ASTM F2040, CE EN 1077 / MIPS', 'A freeride helmet with a reinforced shell and a snug, adjustable fit.'],
  ['Salomon', 'Driver Pro Sigma MIPS', 329.95, 'UNISEX', '', 0, 'AM', 'ASTM F2040, CE EN 1077 / MIPS', 'A premium all-mountain helmet with a built-in visor that flips up when you stop.'],
];

/** Goggles; detail = lens shape and fit. */
export const GOGGLES: GearRow[] = [
  ['Oakley', 'Flight Deck L', 212.0, 'UNISEX', '', 0, 'AM', 'Spherical / Large Fit', 'A rimless, wide-open field of view with Prizm contrast for flat light.'],
  ['Oakley', 'Line Miner L', 182.0, 'UNISEX', '', 0, 'AM', 'Cylindrical / Large Fit', 'The lens sits close to the face for the widest peripheral view Oakley makes.'],
  ['Oakley', 'Fall Line L', 222.0, 'UNISEX', '', 0, 'AM', 'Cylindrical / Large Fit', 'A frameless cylindrical goggle with a big vertical field of view.'],
  ['Smith', 'I/O MAG', 300.0, 'UNISEX', '', 0, 'AM', 'Spherical / Medium Fit', 'Magnetic lens changes with a two-point lock and ChromaPop contrast; a bonus lens included.'],
  ['Smith', '4D MAG', 340.0, 'UNISEX', '', 0, 'AM', 'Spherical / Large Fit', 'A lens that curves down at the bottom for 25% more downward view.'],
  ['Smith', 'Squad', 120.0, 'UNISEX', '', 0, 'AM', 'Cylindrical / Medium Fit', 'A proven cylindrical goggle with a bonus low-light lens.'],
  ['Anon', 'M4 Toric', 320.0, 'UNISEX', '', 0, 'AM', 'Toric / Large Fit', 'A magnetic face mask attaches to the goggle to seal out wind.'],
  ['Anon', 'M5', 340.0, 'UNISEX', '', 0, 'AM', 'Spherical / Large Fit', 'Magna-Tech quick lens change and a huge field of view.'],
  ['Giro', 'Contour', 280.0, 'UNISEX', '', 0, 'AM', 'Toric / Large Fit', 'Expansion View Technology frames the lens for an uninterrupted view.'],
  ['Dragon', 'NFX2', 240.0, 'UNISEX', '', 0, 'AM', 'Spherical / Large Fit', 'A frameless design with Swiftlock lens changes and Lumalens colour.'],
  ['Dragon', 'RVX OTG', 200.0, 'UNISEX', '', 0, 'AM', 'Cylindrical / Large Fit, OTG', 'Roomy enough to wear over prescription glasses.'],
  ['POC', 'Zonula', 160.0, 'UNISEX', '', 0, 'AM', 'Cylindrical / Medium Fit', 'A simple, durable goggle with Clarity lens tech tuned for snow.'],
  ['Electric', 'EG2-T', 240.0, 'UNISEX', '', 0, 'AM', 'Toric / Large Fit', 'A big toric lens with a quick-change system and an anti-fog inner lens.'],
  ['Spy', 'Legacy', 220.0, 'UNISEX', '', 0, 'AM', 'Spherical / Large Fit', 'Happy Lens colour and a frameless spherical shape.'],
];

/** Jackets; detail = membrane and insulation. */
export const JACKETS: GearRow[] = [
  ["Arc'teryx", 'Sabre', 750.0, 'MENS', '', 0, 'AM FR', 'GORE-TEX 2L / Insulation: None', 'A roomy, long-cut GORE-TEX shell made for resort days in wet snow.'],
  ["Arc'teryx", 'Beta AR', 600.0, 'MENS', '', 0, 'AM FR', 'GORE-TEX Pro 3L / Insulation: None', 'A versatile hard shell that crosses over from ski days to alpine climbs.'],
  ["Arc'teryx", 'Rush', 850.0, 'MENS', '', 0, 'FR', 'GORE-TEX Pro 3L / Insulation: None', 'A backcountry shell with a helmet-compatible hood and big pit zips.'],
  ["Arc'teryx", 'Sentinel', 650.0, 'WOMENS', '', 0, 'AM FR', 'GORE-TEX 3L / Insulation: None', "A women's freeride shell with a relaxed fit and articulated sleeves."],
  ['Patagonia', 'Powder Town', 399.0, 'MENS', '', 0, 'AM', 'H2No 2L / Insulation: None', 'A recycled two-layer resort shell with a powder skirt and plenty of pockets.'],
  ['Patagonia', 'Powder Town', 399.0, 'WOMENS', '', 0, 'AM', 'H2No 2L / Insulation: None', "The women's cut of Patagonia's recycled resort shell."],
  ['Patagonia', 'SnowDrifter', 549.0, 'MENS', '', 0, 'FR', 'H2No 3L / Insulation: None', 'A light, stretchy shell for touring days where you sweat uphill.'],
  ['Patagonia', 'Untracked', 699.0, 'MENS', '', 0, 'AM FR', 'GORE-TEX 3L / Insulation: None', 'A soft, quiet GORE-TEX shell built with recycled fabric.'],
  ['Burton', '[ak] Cyclic GORE-TEX 2L', 499.95, 'MENS', '', 0, 'AM', 'GORE-TEX 2L / Insulation: None', 'A roomy snowboard shell with a long cut and a helmet-ready hood.'],
  ['Burton', 'Covert 2.0', 239.95, 'MENS', '', 0, 'AM', 'DRYRIDE 2L / Insulation: Thermacore', 'An insulated everyday resort jacket with a relaxed fit.'],
  ['The North Face', 'Freedom Insulated', 250.0, 'MENS', '', 0, 'AM', 'DryVent 2L / Insulation: Heatseeker Eco', 'Warm, waterproof and affordable for cold resort days.'],
  ['The North Face', 'Freedom Insulated', 250.0, 'WOMENS', '', 0, 'AM', 'DryVent 2L / Insulation: Heatseeker Eco', "The women's version of the warm, affordable resort jacket."],
  ['The North Face', 'Summit Verbier GTX', 700.0, 'MENS', '', 0, 'FR', 'GORE-TEX 3L / Insulation: None', 'A Summit Series freeride shell with a stretch face fabric.'],
  ['Helly Hansen', 'Alpha 4.0', 500.0, 'MENS', '', 0, 'AM', 'Helly Tech Professional / Insulation: LIFALOFT', 'An insulated resort jacket with a life-pocket that keeps phone batteries alive.'],
  ['Flylow', 'Baker', 480.0, 'MENS', '', 0, 'AM FR', 'Perm 3L / Insulation: None', 'A bombproof three-layer shell with big vents, loved by patrollers.'],
  ['Outdoor Research', 'Skytour AscentShell', 399.0, 'MENS', '', 0, 'FR', 'AscentShell 3L / Insulation: None', 'An air-permeable touring shell that breathes on the skin track.'],
  ['686', 'GORE-TEX Hydrastash Sync', 480.0, 'MENS', '', 0, 'AM', 'GORE-TEX 2L / Insulation: None', 'A built-in hydration system and a long, roomy cut for snowboarders.'],
  ['Picture', 'Naikoon', 430.0, 'MENS', '', 0, 'AM FR', 'Dryplay 3L / Insulation: None', 'A bio-based three-layer shell with a pow skirt and wrist gaiters.'],
];
