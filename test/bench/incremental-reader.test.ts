import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema, createYoga } from 'graphql-yoga';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { parseMultipart, readIncremental, type TimedPart } from '../../bench/lib/incremental.js';

// A real yoga server whose deferred field answers only when the test lets it: the reader must
// hand over the first payload while the server still holds the second.
let release: () => void = () => {};
let gate = Promise.resolve();
const events: string[] = [];
const yoga = createYoga({
  schema: createSchema({
    typeDefs: 'type Query { fast: String! slow: String! }',
    resolvers: {
      Query: {
        fast: () => 'static',
        slow: async () => {
          await gate;
          events.push('slow resolved');
          return 'live';
        },
      },
    },
  }),
  logging: false,
  plugins: [useDeferStream()],
});
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (query: string, accept: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query }) });

describe('the incremental-delivery reader', () => {
  it('times the @defer initial payload before the deferred one exists, then the deferred one', async () => {
    events.length = 0;
    gate = new Promise<void>((resolve) => (release = resolve));
    const started = performance.now();
    const seen: TimedPart[] = [];
    const timed = await readIncremental(await post('{ fast ... @defer { slow } }', 'multipart/mixed'), started, (part) => {
      seen.push(part);
      events.push(`part ${seen.length}`);
      if (seen.length === 1) release();
    });
    expect(events).toEqual(['part 1', 'slow resolved', 'part 2']);
    expect(timed.parts).toHaveLength(2);
    expect(timed.parts[0]!.payload).toMatchObject({ data: { fast: 'static' }, hasNext: true });
    expect(JSON.stringify(timed.parts[1]!.payload)).toContain('"slow":"live"');
    expect(timed.parts[1]!.payload.hasNext).toBe(false);
    expect(timed.firstMs).toBe(timed.parts[0]!.atMs);
    expect(timed.completeMs).toBe(timed.parts[1]!.atMs);
    expect(timed.firstMs).toBeLessThanOrEqual(timed.completeMs);
    expect(timed.body.toString('utf8')).toContain('"fast":"static"');
  });

  it('reads a plain JSON answer as one payload', async () => {
    gate = Promise.resolve();
    const timed = await readIncremental(await post('{ fast slow }', 'application/graphql-response+json'), performance.now());
    expect(timed.status).toBe(200);
    expect(timed.parts.map((p) => p.payload)).toEqual([{ data: { fast: 'static', slow: 'live' } }]);
    expect(timed.firstMs).toBe(timed.completeMs);
  });

  it('finds the same parts however the bytes are split into chunks', async () => {
    gate = Promise.resolve();
    const response = await post('{ fast ... @defer { slow } }', 'multipart/mixed');
    const boundary = /boundary="?([^";]+)"?/.exec(response.headers.get('content-type')!)![1]!;
    const whole = Buffer.from(await response.arrayBuffer());
    const all = parseMultipart(whole, boundary, 0);
    expect(all.done).toBe(true);
    expect(all.bodies.map((b) => JSON.parse(b.toString('utf8')))).toHaveLength(2);
    // One byte at a time: every part found exactly once, none early.
    const found: string[] = [];
    let cursor = 0;
    for (let end = 1; end <= whole.length; end++) {
      const step = parseMultipart(whole.subarray(0, end), boundary, cursor);
      found.push(...step.bodies.map((b) => b.toString('utf8')));
      cursor = step.next;
    }
    expect(found).toEqual(all.bodies.map((b) => b.toString('utf8')));
  });
});
