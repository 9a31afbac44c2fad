import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { GRAPHIQL_TABS } from '../../src/schema/examples.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const readmeBlocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('documented operations are valid against the schema', () => {
  it.each(GRAPHIQL_TABS.map((tab, i) => [i + 1, tab] as const))('GraphiQL tab %i: one valid operation, so the run button runs it', (_i, tab) => {
    const document = parse(tab);
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
    expect(document.definitions.filter((d) => d.kind === 'OperationDefinition')).toHaveLength(1);
  });

  it('GraphiQL opens on the deferred search', () => {
    expect(GRAPHIQL_TABS[0]).toMatch(/query BeginnerBoardsWithLivePrices[\s\S]*@defer/);
  });

  it.each(readmeBlocks.map((block, i) => [i + 1, block] as const))('README graphql block %i', (_i, block) => {
    expect(validate(schema, parse(block)).map((e) => e.message)).toEqual([]);
  });

  it('the README has graphql examples to check', () => {
    expect(readmeBlocks.length).toBeGreaterThanOrEqual(2);
  });
});
