import { readFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.js';

describe('test/gql', () => {
  it('holds the typed documents codegen makes from schema.graphql and test/operations (run `npm run codegen` when this fails)', async () => {
    const files = (await generate({ ...config, cwd: new URL('../..', import.meta.url).pathname, silent: true }, false)) as {
      filename: string;
      content: string;
    }[];
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const committed = readFileSync(new URL(`../../${file.filename}`, import.meta.url), 'utf8');
      expect(committed, file.filename).toBe(file.content);
    }
  });
});
