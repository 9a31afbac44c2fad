import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { print } from 'graphql';
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { Defer20220824Handler } from '@apollo/client/incremental';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { DeferredOffersDocument } from '../gql/graphql.js';

let app: TestApp;
let server: Server;
let url: string;

beforeAll(async () => {
  app = await startTestApp({ env: { LIVE_DEADLINE_MS: '8000' } });
  // Retailers slowed to >= 1 s: the static payload must not wait for them.
  app.sandbox.evo.configure({ latencyMs: 1200 });
  app.sandbox.backcountry.configure({ latencyMs: 1200 });
  server = createServer(app.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await app?.close();
});

async function clearLiveTier() {
  await app.services.store.delete(...(await app.services.store.keys('live:')));
}

describe('@defer: static payload first, live payload after', () => {
  it('Apollo Client 4 (Defer20220824Handler) sees static fields before any offer', async () => {
    await clearLiveTier();
    const client = new ApolloClient({
      link: new HttpLink({ uri: url }),
      cache: new InMemoryCache(),
      incrementalHandler: new Defer20220824Handler(),
    });
    const emissions: any[] = [];
    // Read the live tier the moment the static payload lands: no retailer has answered yet.
    let liveKeysAtFirstPayload: Promise<string[]> | undefined;
    await new Promise<void>((resolve, reject) => {
      const subscription = client
        .watchQuery({ query: DeferredOffersDocument, variables: { query: 'beginner snowboard', first: 3 }, fetchPolicy: 'network-only' })
        .subscribe({
          next(result) {
            if (!result.data) return;
            liveKeysAtFirstPayload ??= app.services.store.keys('live:');
            emissions.push(structuredClone(result.data));
            const nodes = (result.data as any).search.edges.map((e: any) => e.node);
            if (nodes.length > 0 && nodes.every((n: any) => n.offers)) {
              subscription.unsubscribe();
              resolve();
            }
          },
          error: reject,
        });
    });
    client.stop();
    expect(await liveKeysAtFirstPayload).toEqual([]);
    expect(await app.services.store.keys('live:')).toHaveLength(6);

    const first = emissions[0].search.edges.map((e: any) => e.node);
    expect(first).toHaveLength(3);
    for (const node of first) {
      expect(node.name).toBeTruthy();
      expect(node.specs.skillLevels).toContain('BEGINNER');
      expect(node.offers).toBeUndefined();
      expect(node.liveStatus).toBeUndefined();
    }
    const last = emissions.at(-1).search.edges.map((e: any) => e.node);
    expect(last.map((n: any) => n.name)).toEqual(first.map((n: any) => n.name));
    for (const node of last) {
      expect(node.offers.length).toBe(2);
      expect(node.offers[0].price.amount).toBeGreaterThan(0);
      expect(node.liveStatus.map((s: any) => s.status)).toEqual(['OK', 'OK']);
    }
  });

  it.each(['multipart/mixed', 'text/event-stream'])('over %s the first part holds no live field', async (accept) => {
    await clearLiveTier();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({ query: print(DeferredOffersDocument), variables: { query: 'beginner snowboard', first: 2 } }),
    });
    expect(response.headers.get('content-type')).toContain(accept);
    const reader = response.body!.getReader();
    const firstChunk = new TextDecoder().decode((await reader.read()).value);
    expect(firstChunk).toContain('"hasNext":true');
    expect(await app.services.store.keys('live:')).toEqual([]); // the static part did not wait for a retailer
    let body = firstChunk;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) body += new TextDecoder().decode(chunk.value);
    const payloads = parseIncremental(body, accept);
    expect(payloads.length).toBeGreaterThanOrEqual(2);
    const [initial, ...rest] = payloads;
    expect(initial.hasNext).toBe(true);
    expect(initial.data.search.edges).toHaveLength(2);
    expect(JSON.stringify(initial)).not.toContain('"offers"');
    const incremental = rest.flatMap((p) => p.incremental ?? []);
    expect(incremental).toHaveLength(2);
    for (const part of incremental) {
      expect(part.label).toBe('live');
      expect(part.data.offers.length).toBe(2);
    }
    expect(rest.at(-1).hasNext).toBe(false);
  });
});

/** The JSON payloads of a multipart/mixed or text/event-stream incremental response, in order. */
function parseIncremental(body: string, accept: string): any[] {
  if (accept === 'text/event-stream') {
    return body
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trim())
      .filter((data) => data.startsWith('{'))
      .map((data) => JSON.parse(data));
  }
  return body
    .split(/\r\n---/)
    .map((part) => part.slice(part.indexOf('\r\n\r\n') + 4).trim())
    .filter((part) => part.startsWith('{'))
    .map((part) => JSON.parse(part));
}
