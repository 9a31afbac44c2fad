import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printHexarSchema } from '../../src/schema/index.js';

describe('schema.graphql', () => {
  it('is the schema printed from the Pothos code (run `npm run schema:print` when this fails)', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printHexarSchema());
  });
});
