import { expect } from 'vitest';
import { createYogaServer } from '../../src/server.js';
import type { AppServices } from '../../src/services.js';

/**
 * `{ search … }` through one server's own yoga, in-process (for tests that run several
 * servers' services side by side): the `search` field of a response without errors.
 */
export async function searchThrough<T>(services: AppServices, query: string): Promise<T> {
  const response = await createYogaServer(services).fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: { search: T }; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data!.search;
}
