import type { Category } from '../domain/product.js';

/**
 * The aspects shoppers ask about, per category, and the words reviewers use for them. The
 * offline analyzer reads a clause as speaking to an aspect when one of its terms or cues is
 * there; a cue also says which way (a positive cue negated — "not stable", "never washed out" —
 * counts the other way). Aspects without a cue in the clause take the clause's sentiment.
 *
 * A cue is a regular expression, optionally only where (`only`) or unless (`unless`) another
 * pattern is in the same clause: "washes out" is edge hold on ice, stability when at speed.
 */
export interface Cue {
  re: RegExp;
  only?: RegExp;
  unless?: RegExp;
}

export interface AspectLexicon {
  name: string;
  /** The pro's and the con's phrase, as a shopper reads it. */
  pro: string;
  con: string;
  terms: RegExp;
  positive: Cue[];
  negative: Cue[];
}

const SPEED = /\b(speeds?|fast|bomb(s|ing)?|charg(e|es|ing)|flat out)\b/i;
const FIRM_SNOW = /\b(ice|icy|hard ?pack|firm|boilerplate|groomers?)\b/i;

const edgeHold: AspectLexicon = {
  name: 'edge hold',
  pro: 'Holds an edge well',
  con: 'Weak edge hold',
  terms: /\bedge[- ]?hold\b|\bhold(s|ing)? (an|its|the|my) edge\b|\bgrip\b|\bon (ice|hard ?pack|boilerplate)\b|\bicy\b/i,
  positive: [
    { re: /\bhold(s|ing)? (an|its|the|my) edge\b/i },
    { re: /\bbites?\b/i },
    { re: /\bon rails\b|\brail[- ]like\b/i },
    { re: /\b(excellent|great|amazing|good|solid|insane|incredible|superb) (edge ?hold|grip)\b/i },
    { re: /\b(edge ?hold|grip)\b[^,;]*\b(excellent|great|amazing|solid|superb|insane|incredible|good)\b/i },
    { re: /\blocked[- ]in\b/i },
  ],
  negative: [
    { re: /\bwash(es|ed|ing)? out\b/i, unless: SPEED },
    { re: /\bskid(s|ded|ding)? out\b/i },
    { re: /\blets? go\b/i },
    { re: /\blos(e|es|ing|t) (my|the|its) edge\b/i },
    { re: /\b(edge ?hold|grip)\b[^,;]*\b(only average|average|mediocre|poor|weak|lacking|bad|behind)\b/i },
    { re: /\b(missing|lacks?|lacking|lack of) (the )?(float and )?(edge ?hold|grip)\b/i },
    { re: /\bbehind when it comes to (grip|edge ?hold)\b/i },
    { re: /\bchatter(s|y)?\b/i, only: FIRM_SNOW },
  ],
};

const pop: AspectLexicon = {
  name: 'pop',
  pro: 'Lots of pop',
  con: 'Little pop',
  terms: /\bpop(py|ping)?\b|\bsnapp(y|ier)\b|\bollies?\b|\bspring(s|y)?\b|\blively\b|\benergetic\b/i,
  positive: [
    { re: /\b(tons|lots|plenty|loads|so much) of pop\b/i },
    { re: /\b(great|good|excellent|amazing|huge|so much) pop\b/i },
    { re: /\bpoppy\b|\bsnappy\b|\blively\b|\benergetic\b/i },
    { re: /\bspring(s|y)\b/i },
    { re: /\beffortless\b/i, only: /\bollies?|pop\b/i },
  ],
  negative: [
    { re: /\b(not much|little|no|zero|lack of) pop\b/i },
    { re: /\bdead\b/i },
    { re: /\bpop is only\b/i },
    { re: /\bsnappier\b/i },
  ],
};

const stability: AspectLexicon = {
  name: 'stability at speed',
  pro: 'Stable at speed',
  con: 'Not stable at speed',
  terms: /\b(at|high|top) speeds?\b|\bstab(le|ility)\b|\bplanted\b|\bdamp(ness)?\b|\bsquirrel+y\b|\bcrud\b|\bflat out\b|\bchatter/i,
  positive: [
    { re: /\bstab(le|ility)\b/i, unless: /\bunstable\b/i },
    { re: /\bplanted\b/i },
    { re: /\bdamp\b/i },
    { re: /\bconfiden(ce|t)\b/i, only: SPEED },
    { re: /\b(solid|composed) at (high )?speed\b/i },
    { re: /\bholds together\b/i },
    { re: /\bchatter[- ]free\b|\babsorb(s|ing)? chatter\b|\bchunder[- ]buster\b/i },
  ],
  negative: [
    { re: /\bsquirrel+y\b|\bunstable\b|\bwobbl(y|es|ing)\b|\bsketchy\b/i },
    { re: /\bchatter(s|y)?\b(?![- ]free)/i, unless: FIRM_SNOW },
    { re: /\bwash(es|ed|ing)? out\b/i, only: SPEED },
    { re: /\bvague\b/i, only: SPEED },
    { re: /\bbuck(s|ed|y)\b/i },
  ],
};

const float: AspectLexicon = {
  name: 'float in powder',
  pro: 'Floats well in powder',
  con: 'Sinks in powder',
  terms: /(?<!non-)\bpow(der)?\b|\bdeep snow\b|\bfloat(s|y|ed|ing)?\b|\bfresh snow\b/i,
  positive: [
    { re: /\bfloat(s|ed|ing)? (great|well|amazing(ly)?|nicely|better|pretty well)\b/i },
    { re: /\b(great|good|excellent|amazing) float\b/i },
    { re: /\bnose stays up\b|\bplanes? up\b|\bsurfs?\b/i },
  ],
  negative: [
    { re: /\bnose dives\b|\bdives\b|\bsinks?\b/i },
    { re: /\bsit back\b|\blean back\b|\bburn(s|ing)? the back leg\b/i },
    { re: /\b(lack of|missing the|lacks?) float\b|\bnot the best in pow/i },
  ],
};

const playfulness: AspectLexicon = {
  name: 'playfulness',
  pro: 'Playful',
  con: 'Not playful',
  terms: /\bplayful(ness)?\b|\bbutter(s|y|ing)?\b|\bjib(s|bing)?\b|\bside hits?\b|\bplayground\b|\bpresses?\b/i,
  positive: [
    { re: /\bplayful\b|\bplayground\b/i },
    { re: /\beasy to butter\b|\bbutters? (easily|well|great)\b/i },
    { re: /\bso much fun\b|\bfun\b/i },
  ],
  negative: [{ re: /\b(hard|difficult) (work )?to butter\b/i }, { re: /\bboring\b/i }],
};

const forgiveness: AspectLexicon = {
  name: 'forgiveness',
  pro: 'Forgiving',
  con: 'Unforgiving',
  terms: /\bforgiv(ing|eness)\b|\bcatch[- ]free\b|\bcatch(es|y)?( an)? edge\b|\bcatchy\b|\bpunish(es|ing)?\b|\beasy to (learn|ride)\b|\blearn(ed|ing)? to\b|\bto learn on\b/i,
  positive: [
    { re: /\bforgiving\b/i, unless: /\bunforgiving\b/i },
    { re: /\bcatch[- ]free\b/i },
    { re: /\beasy to (learn|ride)\b|\blearned to link turns\b|\bgreat to learn on\b/i },
  ],
  negative: [
    { re: /\bunforgiving\b|\bpunish(es|ing)?\b|\bslam(s)? you\b/i },
    { re: /\bcatch(es|y)?( an)? edge\b|\bcatchy\b/i },
    { re: /\btoo much (board )?for\b/i },
  ],
};

const weight: AspectLexicon = {
  name: 'weight',
  pro: 'Light',
  con: 'Heavy',
  terms: /\blight ?weight\b|\b(feels?|pretty|super|very|so|really|on the) light\b|\bheavy\b|\bthe weight\b|\bweighs?\b/i,
  positive: [{ re: /\blight(weight| weight)?\b/i, unless: /\bflat light\b/i }],
  negative: [{ re: /\bheavy\b|\bhefty\b|\bclunky\b/i }],
};

const comfort: AspectLexicon = {
  name: 'comfort',
  pro: 'Comfortable',
  con: 'Uncomfortable',
  terms: /\bcomfort(able|y)?\b|\buncomfortable\b|\bpressure points?\b|\bpain\b|\bpadding\b|\bplush\b|\bhurts?\b|\bblisters?\b|\bpack(ed)? out\b/i,
  positive: [{ re: /\bcomfortable\b|\bcomfy\b|\bplush\b/i, unless: /\buncomfortable\b/i }],
  negative: [{ re: /\buncomfortable\b|\bpressure points?\b|\bpain\b|\bhurts?\b|\bblisters?\b/i }],
};

const fit: AspectLexicon = {
  name: 'fit',
  pro: 'Fits true to size',
  con: 'Fit problems',
  terms: /\bfit(s|ting)?\b|\bsiz(e|es|ing)\b|\bruns? (small|large|big|narrow|wide)\b|\btight(er)?\b|\bnarrow\b|\bsnug\b|\bgap\b/i,
  positive: [
    { re: /\btrue to size\b|\bfits? (perfectly|great|well|spot on)\b|\bspot on\b|\bperfect fit\b|\bsnug and secure\b|\bit was perfect\b/i },
  ],
  negative: [
    { re: /\bruns? (small|large|big|narrow)\b|\bsize up\b|\bsize chart is off\b/i },
    { re: /\b(too|very) (tight|narrow|big|small|loose)\b|\btighter than\b|\bexchange\b|\bgap\b/i, unless: /\bvents?\b/i },
    { re: /\b(does not|doesn't|didn't|did not) fit\b|\bwould not stay on\b/i },
  ],
};

const warmth: AspectLexicon = {
  name: 'warmth',
  pro: 'Warm',
  con: 'Too cold or too hot',
  terms: /\bwarm(th|er)?\b|\bcold\b|\bruns hot\b|\binsulat(ed|ion)\b|\boverheat/i,
  positive: [{ re: /\bwarm(er)?\b/i }],
  negative: [{ re: /\bcold (feet|toes)\b|\bfreez(e|ing)\b|\bruns hot\b|\boverheat(s|ing)?\b/i }],
};

const durability: AspectLexicon = {
  name: 'durability',
  pro: 'Durable',
  con: 'Durability problems',
  terms:
    /\bdurab(le|ility)\b|\bbuilt (tough|well)\b|\bbuild quality\b|\bheld up\b|\bholds? up\b|\bwear\b|\bworn\b|\bbroke(n)?\b|\bcrack(ed|s)?\b|\bchipped\b|\bscratch(ed|es)?( up)?\b|\bfell apart\b|\bgave out\b|\blooks? (almost )?new\b|\bstill going strong\b|\bsurvived\b/i,
  positive: [
    { re: /\bdurable\b|\bbuilt tough\b|\bheld up\b|\bholds? up\b|\blooks? (almost )?new\b|\bstill going strong\b|\bsurvived\b|\b(1st|first)[- ]class\b/i },
  ],
  negative: [{ re: /\bbroke(n)?\b|\bcrack(ed|s)?\b|\bchipped\b|\bshowing wear\b|\bgave out\b|\bletdown\b|\bfell apart\b|\bscratched up\b|\bworn out\b/i }],
};

const value: AspectLexicon = {
  name: 'value',
  pro: 'Good value',
  con: 'Overpriced',
  terms: /\bvalue\b|\bfor the (money|price)\b|\bat this price\b|\bprice\b|\boverpriced\b|\bworth (it|every penny|the money)\b|\bbang for\b|\bexpensive\b|\bpricey\b|\bon sale\b|\bcosts? less\b/i,
  positive: [{ re: /\bhard to beat\b|\bcosts? less\b|\bcheaper than\b|\bbargain\b|\bworth (it|every penny|the money)\b|\bbang for (the|your) buck\b/i }],
  negative: [{ re: /\boverpriced\b|\bprice went up\b|\btoo expensive\b|\bpricey\b/i }],
};

/** Words of praise or fault that speak for whichever aspect the clause is about (negated, they count the other way). */
export const GENERIC_POSITIVE: Cue = {
  re: /\b(great|excellent|amazing|awesome|solid|fantastic|superb|incredible|impressive|perfect|love[ds]?|recommend(ed)?|best)\b/i,
};
export const GENERIC_NEGATIVE: Cue = {
  re: /\b(poor|bad|mediocre|average|terrible|awful|weak|lacking|disappointing|letdown|okay|meh)\b/i,
};

/** Words that turn the cue right after them (within three words) the other way. */
export const NEGATORS = /^(not|never|no|zero|without|barely|hardly|nothing|none|cannot|nor|isn't|wasn't|aren't|doesn't|don't|didn't|haven't|hasn't|won't|can't|wouldn't|n't)$/i;

/** Contrast splits a sentence into clauses read on their own: "great pop but washes out at speed". */
export const CONTRAST = /\s*(?:\b(?:but|however|though|although|yet|except|whereas)\b|;)\s*/i;

const BOARD = [edgeHold, pop, stability, float, playfulness, forgiveness, weight, durability, value];
const BOOT = [comfort, fit, warmth, durability, value];

/** The aspects of each category; value everywhere. */
export const ASPECTS_BY_CATEGORY: Record<Category, readonly AspectLexicon[]> = {
  SNOWBOARD: BOARD,
  SKI: BOARD,
  BOOT,
  BINDING: [comfort, durability, value],
  HELMET: [comfort, fit, warmth, durability, value],
  GOGGLE: [comfort, fit, durability, value],
  JACKET: [fit, warmth, durability, value],
};

export function aspectNames(category: Category): string[] {
  return ASPECTS_BY_CATEGORY[category].map((a) => a.name);
}

/** Skill levels a clause recommends the product for. */
export const SKILL_CUES: readonly [RegExp, 'BEGINNER' | 'INTERMEDIATE' | 'ADVANCED' | 'EXPERT'][] = [
  [/\bbeginners?\b|\bfirst[- ]timers?\b|\blearn(ed|ing)? to\b|\bto learn on\b|\bfirst (board|season)\b|\bnewbies?\b/i, 'BEGINNER'],
  [/\bintermediates?\b|\bprogressing\b/i, 'INTERMEDIATE'],
  [/\badvanced\b|\bgood technique\b/i, 'ADVANCED'],
  [/\bexperts?\b|\bexperienced riders?\b/i, 'EXPERT'],
];
