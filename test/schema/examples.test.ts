import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { GRAPHIQL_EXAMPLE } from '../../src/schema/examples.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const readmeBlocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('documented operations are valid against the schema', () => {
  it('the operations GraphiQL opens with', () => {
    expect(validate(schema, parse(GRAPHIQL_EXAMPLE)).map((e) => e.message)).toEqual([]);
  });

  it.each(readmeBlocks.map((block, i) => [i + 1, block] as const))('README graphql block %i', (_i, block) => {
    expect(validate(schema, parse(block)).map((e) => e.message)).toEqual([]);
  });

  it('the README has graphql examples to check', () => {
    expect(readmeBlocks.length).toBeGreaterThanOrEqual(2);
  });
});
