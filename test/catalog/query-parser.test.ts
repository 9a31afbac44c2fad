import { describe, expect, it } from 'vitest';
import { describeIntent, mergeIntent, parseShopperQuery } from '../../src/catalog/query-parser.js';

describe('parseShopperQuery: the queries from the issue', () => {
  it('"beginner snowboard under $400"', () => {
    expect(parseShopperQuery('beginner snowboard under $400')).toMatchObject({
      raw: 'beginner snowboard under $400',
      category: 'SNOWBOARD',
      skillLevel: 'BEGINNER',
      minPrice: null,
      maxPrice: 400,
      text: '',
    });
  });

  it('"Burton Custom": brand plus free text', () => {
    expect(parseShopperQuery('Burton Custom')).toMatchObject({ brand: 'Burton', text: 'custom', category: null });
  });

  it('"powder skis 180cm between $500 and $800"', () => {
    expect(parseShopperQuery('powder skis 180cm between $500 and $800')).toMatchObject({
      category: 'SKI',
      terrain: 'powder',
      size: '180cm',
      minPrice: 500,
      maxPrice: 800,
      text: '',
    });
  });
});

describe('parseShopperQuery: prices', () => {
  it.each([
    ['snowboard under $400', null, 400],
    ['snowboard below 400', null, 400],
    ['less than $400 goggles', null, 400],
    ['< 400 jacket', null, 400],
    ['skis $500-$800', 500, 800],
    ['skis $500 to $800', 500, 800],
    ['between $800 and $500 skis', 500, 800],
    ['over $300 bindings', 300, null],
    ['at least 300 bindings', 300, null],
    ['around $500 snowboard', 425, 575],
    ['helmet about 200', 170, 230],
    ['skis under 1k', null, 1000],
    ['skis under $1,200', null, 1200],
  ])('%j → min %j max %j', (query, min, max) => {
    const intent = parseShopperQuery(query);
    expect([intent.minPrice, intent.maxPrice]).toEqual([min, max]);
  });

  it('a "k" starting the next word is not thousands', () => {
    expect(parseShopperQuery('around $500 kids helmet')).toMatchObject({ minPrice: 425, maxPrice: 575, gender: 'KIDS', category: 'HELMET' });
  });
});

describe('parseShopperQuery: words', () => {
  it.each([
    ["women's all mountain snowboard", { gender: 'WOMENS', terrain: 'all-mountain', category: 'SNOWBOARD' }],
    ['mens freeride board', { gender: 'MENS', terrain: 'freeride', category: 'SNOWBOARD' }],
    ['kids skis', { gender: 'KIDS', category: 'SKI' }],
    ['park snowboards', { terrain: 'park', category: 'SNOWBOARD' }],
    ['freestyle skis', { terrain: 'freestyle', category: 'SKI' }],
    ['backcountry splitboard', { terrain: 'backcountry', category: 'SNOWBOARD', text: 'splitboard' }],
    ['all-mountain skis', { terrain: 'all-mountain', category: 'SKI' }],
    ['advanced skis', { skillLevel: 'ADVANCED' }],
    ['expert snowboard', { skillLevel: 'EXPERT' }],
    ['intermediate bindings', { skillLevel: 'INTERMEDIATE', category: 'BINDING' }],
    ['pro snowboard', { skillLevel: 'EXPERT', category: 'SNOWBOARD' }],
    ['snowboard boots size 10', { category: 'BOOT', size: '10', text: '' }],
    ['ski boots', { category: 'BOOT' }],
    ['goggles', { category: 'GOGGLE' }],
    ['helmets', { category: 'HELMET' }],
    ['rain jackets', { category: 'JACKET', text: 'rain' }],
    ['lib tech orca 157w', { brand: 'Lib Tech', text: 'orca', size: '157W' }],
    ['158 cm snowboard', { size: '158cm', category: 'SNOWBOARD' }],
    ['capita doa', { brand: 'CAPiTA', text: 'doa' }],
    ['Volkl Mantra', { brand: 'Völkl', text: 'mantra' }],
    ['solomon assassin', { brand: 'Salomon', text: 'assassin' }],
    ['the north face jacket', { brand: 'The North Face', category: 'JACKET' }],
    ["arc'teryx shell", { brand: "Arc'teryx", category: 'JACKET' }],
  ])('%j', (query, expected) => {
    expect(parseShopperQuery(query)).toMatchObject(expected);
  });

  it('"pro" inside a model name stays text', () => {
    expect(parseShopperQuery('Nitro Team Pro')).toMatchObject({ brand: 'Nitro', skillLevel: null, text: 'team pro' });
  });

  it('everyday-word brands count only when capitalised', () => {
    expect(parseShopperQuery('best ride for park')).toMatchObject({ brand: null, terrain: 'park', text: '' });
    expect(parseShopperQuery('Ride Warpig')).toMatchObject({ brand: 'Ride', text: 'warpig' });
    expect(parseShopperQuery('Line Sakana skis')).toMatchObject({ brand: 'Line', text: 'sakana', category: 'SKI' });
  });

  it('recognises brands the catalog passes in', () => {
    expect(parseShopperQuery('weston backwoods', { knownBrands: ['Weston', 'Aesmo'] }).brand).toBe('Weston');
    expect(parseShopperQuery('aesmo fk powskate', { knownBrands: ['Aesmo'] })).toMatchObject({ brand: 'Aesmo', text: 'fk powskate' });
  });
});

describe('parseShopperQuery is robust to anything', () => {
  it('returns for 10 kB of junk', () => {
    const junk = Array.from({ length: 10_240 }, (_, i) => `$-<>(a1.'" k,`[i % 13]).join('');
    const intent = parseShopperQuery(junk);
    expect(intent.raw).toBe(junk);
    expect(typeof intent.text).toBe('string');
  });

  it.each([
    ['digits', '9'.repeat(10_240)],
    ['price-like repeats', '$1-'.repeat(3_500)],
    ['dotted words', `${'a.'.repeat(5_000)}!`],
    ['spaces and units', `${'1 cm '.repeat(2_000)}`],
    ['unicode', '\u0000\uffff\ud83c\udfc2'.repeat(2_000)],
  ])('returns for %s', (_name, input) => {
    expect(parseShopperQuery(input).raw).toBe(input);
  });
});

describe('mergeIntent: explicit filters win', () => {
  it('overrides what the text said and keeps the rest', () => {
    const parsed = parseShopperQuery('beginner snowboard under $400');
    const merged = mergeIntent(parsed, { maxPrice: 300, gender: 'WOMENS', brand: 'capita' });
    expect(merged).toMatchObject({ category: 'SNOWBOARD', skillLevel: 'BEGINNER', maxPrice: 300, gender: 'WOMENS', brand: 'CAPiTA' });
  });

  it('null or absent filters leave the text\u2019s reading', () => {
    const parsed = parseShopperQuery('powder skis 180cm');
    expect(mergeIntent(parsed, { category: null, size: null })).toEqual(parsed);
    expect(mergeIntent(parsed, undefined)).toEqual(parsed);
  });

  it('an explicit bound beats a contradicting bound from the text', () => {
    const merged = mergeIntent(parseShopperQuery('skis over $900'), { maxPrice: 500 });
    expect([merged.minPrice, merged.maxPrice]).toEqual([null, 500]);
  });

  it('a terrain filter is read like the text ("All Mountain" → all-mountain)', () => {
    expect(mergeIntent(parseShopperQuery('skis'), { terrain: 'All Mountain' }).terrain).toBe('all-mountain');
  });
});

describe('parseShopperQuery: sort words, new price forms, bare lengths', () => {
  it.each([
    ['cheap helmet', 'TOTAL_PRICE_ASC', ['cheap']],
    ['budget skis', 'TOTAL_PRICE_ASC', ['budget']],
    ['affordable goggles', 'TOTAL_PRICE_ASC', ['affordable']],
    ['cheapest bindings', 'TOTAL_PRICE_ASC', ['cheapest']],
    ['best snowboard', 'RATING', ['best']],
    ['top rated helmets', 'RATING', ['top', 'rated']],
    ['highest rated skis', 'RATING', ['highest', 'rated']],
    ['best rated bindings', 'RATING', ['best', 'rated']],
    ['jackets on sale', 'DISCOUNT', ['on', 'sale']],
    ['goggle deal', 'DISCOUNT', ['deal']],
    ['powder skis', null, []],
  ])('%j → sort %j (the words %j are taken, not left as text)', (query, sort, _words) => {
    expect(parseShopperQuery(query)).toMatchObject({ sort, text: '' });
  });

  it('sort words that mean one order give one intent (one query-tier key)', () => {
    const { raw: _a, ...cheap } = parseShopperQuery('cheap helmet');
    const { raw: _b, ...cheapest } = parseShopperQuery('cheapest helmet');
    expect(cheap).toEqual(cheapest);
  });

  it.each([
    ['bindings 300 to 500 dollars', 300, 500],
    ['helmet 150 or less', null, 150],
    ['skis $600 max', null, 600],
    ['between 300 and 500 dollars', 300, 500],
  ])('%j → min %j max %j', (query, min, max) => {
    const intent = parseShopperQuery(query);
    expect([intent.minPrice, intent.maxPrice]).toEqual([min, max]);
    expect(intent.text).toBe('');
  });

  it('a bare 130–200 is a length; model numbers and prices are not', () => {
    expect(parseShopperQuery('burton custom 156')).toMatchObject({ brand: 'Burton', size: '156', text: 'custom' });
    expect(parseShopperQuery('Volkl Revolt 121')).toMatchObject({ size: null, text: 'revolt 121' });
    expect(parseShopperQuery('150 dollar helmet')).toMatchObject({ size: null, category: 'HELMET', minPrice: 128, maxPrice: 173 });
    expect(parseShopperQuery('skis 2026')).toMatchObject({ size: null });
  });

  it('"twin tip" is a ski and its words stay to rank', () => {
    expect(parseShopperQuery('twin tip skis')).toMatchObject({ category: 'SKI', text: 'twin tip' });
    expect(parseShopperQuery('twin tips')).toMatchObject({ category: 'SKI', text: 'twin tips' });
  });

  it('the sort filter (the sort argument) wins over sort words', () => {
    expect(mergeIntent(parseShopperQuery('cheap snowboard'), { sort: 'RATING' })).toMatchObject({ sort: 'RATING' });
  });
});

describe('describeIntent: what was understood and which words only ranked', () => {
  it('with a structured part, the free words only rank', () => {
    expect(describeIntent(parseShopperQuery('beginner snowboard 7'))).toMatchObject({
      category: 'SNOWBOARD',
      skillLevel: 'BEGINNER',
      sort: 'RELEVANCE',
      rankingWords: ['7'],
    });
  });

  it('free text alone is what was asked: it filters, so no word is "only ranking"', () => {
    expect(describeIntent(parseShopperQuery('gnarly shred stick'))).toMatchObject({ rankingWords: [], text: 'gnarly shred stick' });
  });

  it('sort words give the sort', () => {
    expect(describeIntent(parseShopperQuery('cheap helmet')).sort).toBe('TOTAL_PRICE_ASC');
  });
});
