import SchemaBuilder from '@pothos/core';
import { GraphQLError } from 'graphql';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import type { GraphQLContext } from '../context.js';

/** The one Pothos builder: plugins, typed context, and the root types. Nothing else lives here. */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultFieldNullability: false;
}>({
  plugins: [RelayPlugin, ValidationPlugin],
  defaultFieldNullability: false,
  validation: {
    // A partner sees which argument is wrong and why, with the same code as every bad-input error.
    validationError: (result) =>
      new GraphQLError(
        result.issues
          .map((issue) => {
            const path = (issue.path ?? []).map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.');
            return path ? `${path}: ${issue.message}` : issue.message;
          })
          .join('; '),
        { extensions: { code: 'BAD_USER_INPUT' } },
      ),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
});

builder.queryType({
  description: 'Search gear across retailers. Static fields come from the catalog at once; live fields (offers, prices, stock) stream in with @defer.',
});
