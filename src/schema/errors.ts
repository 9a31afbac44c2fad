import { GraphQLError } from 'graphql';
import { InputError } from '../subscriptions/errors.js';

/** A service's InputError as the GraphQL error a partner reads (same code and message); anything else as it is. */
export async function withInputErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof InputError) throw new GraphQLError(err.message, { extensions: { code: err.code } });
    throw err;
  }
}
