import SchemaBuilder from '@pothos/core';
import { GraphQLError } from 'graphql';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import type { GraphQLContext } from '../context.js';

/** Types that implement Node: the only typenames a global id may carry. */
const NODE_TYPES = new Set(['Product']);

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
    // Global ids are base64("<Type>:<id>"); anything else is the caller's mistake, said plainly.
    decodeGlobalID: (globalID) => {
      const text = globalID.length <= 512 ? Buffer.from(globalID, 'base64').toString('utf8') : '';
      const colon = text.indexOf(':');
      const typename = text.slice(0, colon);
      const id = text.slice(colon + 1);
      if (colon < 1 || !id || !NODE_TYPES.has(typename) || Buffer.from(text, 'utf8').toString('base64') !== globalID) {
        throw new GraphQLError(`"${globalID.slice(0, 80)}" is not a Hexar id: pass an id returned by search or product`, {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      return { typename, id };
    },
  },
});

builder.queryType({
  description: 'Search gear across retailers. Static fields come from the catalog at once; live fields (offers, prices, stock) stream in with @defer.',
});

builder.mutationType({ description: 'Changes a shopper makes.' });
