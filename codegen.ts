import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for the tests (and any TypeScript client) from schema.graphql. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/operations/*.graphql'],
  generates: {
    'test/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      // NodeNext ESM: relative imports need their .js suffix.
      config: { useTypeImports: true, enumsAsTypes: true, emitLegacyCommonJSImports: false },
    },
  },
};

export default config;
