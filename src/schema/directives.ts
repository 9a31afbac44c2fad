import { DirectiveLocation, GraphQLBoolean, GraphQLDirective, GraphQLInt, GraphQLNonNull, GraphQLString } from 'graphql';

// @defer and @stream as the incremental-delivery proposal defines them (what
// @graphql-yoga/plugin-defer-stream executes). Declaring them in our own schema puts them in
// schema.graphql, so partners and code generators see that live fields can be deferred.
export const DeferDirective = new GraphQLDirective({
  name: 'defer',
  description: 'Send the fragment in a later payload; use it for live fields (offers, prices, stock).',
  locations: [DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT],
  args: {
    if: { type: new GraphQLNonNull(GraphQLBoolean), defaultValue: true },
    label: { type: GraphQLString },
  },
});

export const StreamDirective = new GraphQLDirective({
  name: 'stream',
  description: 'Send the items of a list one payload at a time.',
  locations: [DirectiveLocation.FIELD],
  args: {
    if: { type: new GraphQLNonNull(GraphQLBoolean), defaultValue: true },
    label: { type: GraphQLString },
    initialCount: { type: GraphQLInt, defaultValue: 0 },
  },
});
