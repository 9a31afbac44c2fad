/**
 * Phrase banks for the sandbox retailers' customer reviews. Each aspect has praise and
 * complaints in several voices, so a review talks about concrete things (edge hold,
 * pop, float, fit, durability, value) and no two read like one template.
 * `{m}` is replaced by the short model name, `{n}` by a number of days. A leading
 * `[tag]` limits a phrase to products it fits (soft/medium/stiff flex, beginner,
 * advanced, kids, powder), so a stiff expert board is never praised as soft.
 */
export interface Aspect {
  name: string;
  good: string[];
  bad: string[];
}

const edgeHold: Aspect = {
  name: 'edge hold',
  good: [
    'Edge hold on hardpack is excellent, it bites even on the icy morning groomers.',
    'Holds an edge way better than my old board when the snow gets scraped off.',
    'Carves like it is on rails once you commit to the turn.',
    'Never washed out on me, even on the steep blue that turns to ice by noon.',
  ],
  bad: [
    'Edge hold on ice is only average; it chatters when the groomers get firm.',
    'It skids out on hardpack more than I expected for the price.',
    'On boilerplate the tail washes out if you are not careful.',
  ],
};

const pop: Aspect = {
  name: 'pop',
  good: [
    'Tons of pop off the tail, ollies feel effortless.',
    'Really snappy, side hits and rollers become a playground.',
    'Loads up nicely and springs you out of every turn.',
  ],
  bad: [
    'Not much pop, it feels a bit dead when you try to ollie.',
    'Pop is only okay, my old deck was snappier than the {m}.',
  ],
};

const float: Aspect = {
  name: 'float',
  good: [
    '[powder] Floats great in deep snow, I barely had to lean back on a 40cm day.',
    '[powder] Nose stays up in powder without burning the back leg.',
    '[powder] In fresh snow it planes up right away and surfs through the trees.',
    'Floats better than expected on the odd powder day.',
  ],
  bad: [
    'Float in deep powder is mediocre, I had to sit back a lot.',
    'Not the best in pow, the nose dives when it gets deep.',
  ],
};

const flex: Aspect = {
  name: 'flex',
  good: [
    '[soft] The flex is forgiving at slow speeds and it still holds together at moderate speed.',
    '[medium] Perfect medium flex, easy to butter and still solid at speed.',
    '[soft] Soft enough to learn on without feeling like a noodle.',
    '[stiff] Stiff and damp, exactly what I wanted for charging.',
    '[stiff] Takes some effort to bend but rewards you at speed.',
  ],
  bad: [
    '[stiff] Way stiffer than the rating suggests, it took me a week to get used to it.',
    '[soft] Too soft for me at speed, it gets chattery and vague.',
    'The flex is uneven, the nose feels much softer than the tail.',
  ],
};

const boardDurability: Aspect = {
  name: 'durability',
  good: [
    'Durability is solid: after {n} days the base and edges still look new.',
    'Survived a full season of rocks and rails with only cosmetic scratches.',
    'Built tough and durable, the topsheet barely chipped after {n} days.',
  ],
  bad: [
    'The topsheet chipped near the inserts after only {n} days.',
    'Durability is not great, the base scratched up fast and needed a grind mid-season.',
    'Something cracked after {n} days and warranty took weeks.',
  ],
};

const value: Aspect = {
  name: 'value',
  good: [
    'Great value for the money, especially on sale.',
    'For the price it is hard to beat.',
    'Costs less than the big-name alternatives and rides just as well.',
  ],
  bad: [
    'Overpriced for what you get, I would wait for a sale.',
    'Good product, but the price went up a lot this year.',
  ],
};

const sizing: Aspect = {
  name: 'sizing',
  good: [
    'Sizing is true to size, I went with my usual and it fits perfectly.',
    'Fit was spot on using the size chart.',
    'Ordered my normal size and it was perfect.',
  ],
  bad: [
    'Runs small, size up at least half a size.',
    'Fit runs large, I had to exchange for the smaller size.',
    'The size chart is off, it fit a lot tighter than I expected.',
  ],
};

const gearDurability: Aspect = {
  name: 'durability',
  good: [
    'Still going strong after {n} days, nothing has worn out.',
    'Durable: it has taken a season of abuse and looks almost new.',
    'Quality feels high, every buckle, strap and seam has held up.',
  ],
  bad: [
    'Durability is a letdown, the first thing gave out after {n} days.',
    'Started showing wear after only {n} days.',
    'Something broke after {n} days and warranty took weeks.',
  ],
};

const stability: Aspect = {
  name: 'stability',
  good: [
    'Stable at high speed, no chatter at all.',
    'Feels planted when you point it, very confidence inspiring.',
  ],
  bad: [
    'Gets squirrelly at high speed.',
    'Chatters in crud and choppy snow.',
    'It washes out at speed once the run gets steep.',
    'Not stable at speed, it wobbles as soon as you open it up.',
  ],
};

const learning: Aspect = {
  name: 'ease of learning',
  good: [
    '[beginner] I learned to link turns on this in two days, super forgiving.',
    '[beginner] Very catch-free, perfect for my first season.',
    '[kids] My kid went from falling leaf to linking turns in one weekend on it.',
    '[advanced] Not a beginner board, but once you ride with good technique it comes alive.',
  ],
  bad: ['[advanced] A bit too much for a true beginner, it punishes lazy turns.', '[beginner] Great to learn on, but I outgrew it within a season.'],
};

const comfort: Aspect = {
  name: 'comfort',
  good: [
    'Comfortable right out of the box, no pressure points.',
    'I wore them for {n} days straight with zero foot pain.',
    'Padding is plush and it stays comfortable all day.',
  ],
  bad: [
    'Gave me a pressure point on the ankle that never went away.',
    'Uncomfortable until it packed out after about {n} days.',
  ],
};

const response: Aspect = {
  name: 'response',
  good: [
    'Very responsive, the board reacts the moment you tip it on edge.',
    'Heel-to-toe transitions are quick and precise.',
  ],
  bad: ['Feels a little sluggish edge to edge.', 'The highback feels flimsy when you lean hard into heelside turns.'],
};

const adjustability: Aspect = {
  name: 'adjustability',
  good: ['Straps and ratchets are easy to adjust with gloves on.', 'Setup took five minutes and nothing came loose all season.'],
  bad: ['A ratchet broke after {n} days.', 'The straps slip and need retightening every few runs.'],
};

const warmth: Aspect = {
  name: 'warmth',
  good: ['Warm enough for single-digit chairlift rides.', 'Keeps me warm without overheating on the hike.'],
  bad: ['Not as warm as I hoped on really cold days.', 'Runs hot, the vents are too small.'],
};

const waterproofing: Aspect = {
  name: 'waterproofing',
  good: ['Stayed completely dry through a full day of wet Cascade snow.', 'Truly waterproof, rain rolls right off.'],
  bad: ['Started wetting out on the shoulders after a rainy day.', 'The zippers leak a little in heavy wet snow.'],
};

const visibility: Aspect = {
  name: 'lens clarity',
  good: [
    'The lens gives amazing contrast in flat light.',
    'Field of view is huge and the lens change takes seconds.',
    'Never fogged once, even on the hike.',
  ],
  bad: ['Fogs up when you stop after a sweaty run.', 'The lens scratches easily, be careful when wiping it.'],
};

const fit: Aspect = {
  name: 'fit',
  good: ['Fits my helmet and face perfectly, no gaper gap.', 'Fit is snug and secure without squeezing.'],
  bad: ['Does not fit well with my helmet, there is a gap at the forehead.', 'Too narrow for my face.'],
};

const vents: Aspect = {
  name: 'ventilation',
  good: ['Vents are easy to open with gloves on.', 'Great airflow on spring days.'],
  bad: ['The vents are hard to slide open with mittens.', 'Whistles a bit at speed with the vents open.'],
};

/** Aspects a shopper talks about, per category. */
export const ASPECTS: Record<string, Aspect[]> = {
  SNOWBOARD: [edgeHold, pop, float, flex, boardDurability, value, stability, learning],
  SKI: [edgeHold, pop, float, flex, boardDurability, value, stability],
  BINDING: [response, comfort, adjustability, gearDurability, value, flex],
  BOOT: [comfort, sizing, flex, gearDurability, value, warmth],
  HELMET: [fit, vents, sizing, value, warmth, gearDurability],
  GOGGLE: [visibility, fit, gearDurability, value],
  JACKET: [waterproofing, warmth, sizing, gearDurability, value],
};

export const OPENERS = [
  'Bought this for a trip to Whistler.',
  'Used it all season at Mammoth.',
  'Picked it up on sale in October.',
  'Upgraded from a rental setup.',
  'I am 6 ft, 180 lbs, for reference.',
  'My second season on it now.',
  'Used it for {n} days in Colorado.',
  'Got this as a birthday present.',
  'Mostly ride Stevens Pass and Baker.',
  'Tested it in everything from ice to two feet of fresh.',
];

export const TITLES_GOOD = ['Love it', 'Best purchase this season', 'Exceeded expectations', 'Does it all', 'Highly recommend', 'Five stars', 'So much fun', 'Worth every penny'];
export const TITLES_MIXED = ['Good but not perfect', 'Mixed feelings', 'Solid, with caveats', 'Decent', 'Fine for the price', 'Some issues'];
export const TITLES_BAD = ['Disappointed', 'Not for me', 'Returned it', 'Would not buy again', 'Expected more'];

export const AUTHORS = [
  'PowHound88', 'Jenna R.', 'Mike T.', 'shredbetty', 'Carlos M.', 'tahoe_local', 'Sam K.', 'RippinRandy', 'Anna L.', 'dave_in_utah',
  'Kenji S.', 'snowmom3', 'Liam O.', 'CorduroyKing', 'Priya N.', 'BCskier', 'Tom W.', 'groomerzoomer', 'Elise F.', 'Marco B.',
  'ParkRat22', 'Hannah G.', 'Owen P.', 'VTskier', 'Rachel D.', 'jibjunkie', 'Noah C.', 'Maya V.', 'BakerBum', 'Zoe H.',
];
