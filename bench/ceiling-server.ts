/**
 * The ceiling: the least a GraphQL server can do for Hexar's queries. A bare graphql-yoga
 * over the project's own `schema.graphql` (with @defer) whose `search` answers each query
 * from a payload Hexar gave earlier, held in memory: no catalog, no cache, no retailers.
 * Usage: tsx bench/ceiling-server.ts <payloads.json>   ({ [query]: searchConnection })
 * Prints "ceiling on http://127.0.0.1:<port>/graphql".
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, GraphQLError, type GraphQLObjectType } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';

const payloadFile = process.argv[2];
if (!payloadFile) {
  console.error('usage: tsx bench/ceiling-server.ts <payloads.json>');
  process.exit(2);
}
const payloads = new Map(Object.entries(JSON.parse(readFileSync(payloadFile, 'utf8')) as Record<string, unknown>));
const schema = buildSchema(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
const search = (schema.getQueryType() as GraphQLObjectType).getFields().search!;
search.resolve = (_root, args: { query: string }) => {
  const payload = payloads.get(args.query);
  if (payload === undefined) throw new GraphQLError(`the ceiling holds no payload for ${JSON.stringify(args.query)}`);
  return payload;
};

const yoga = createYoga({ schema, graphqlEndpoint: '/graphql', landingPage: false, graphiql: false, logging: false, plugins: [useDeferStream()] });
const server = createServer(yoga);
server.listen(0, '127.0.0.1', () => {
  console.log(`ceiling on http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
