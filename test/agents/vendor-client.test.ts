import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VendorError } from '../../src/agents/types.js';
import { parseJson, VendorClient, type VendorClientOptions } from '../../src/agents/vendor-client.js';

/** A tiny storefront at the network boundary: fixed answers per path, counting requests. */
let server: Server;
let baseUrl: string;
const hits = new Map<string, number>();
let inFlight = 0;
let maxInFlight = 0;

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  hits.set(path, (hits.get(path) ?? 0) + 1);
  if (path === '/ok') return void res.end('{"ok":true}');
  if (path === '/missing') return void res.writeHead(404).end('not here');
  if (path === '/bad-request') return void res.writeHead(400).end('no');
  if (path === '/fail') return void res.writeHead(500).end('boom');
  if (path === '/malformed') return void res.end('{"ok":');
  if (path === '/hang') return; // never answers
  if (path.startsWith('/slow')) {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.end('{}');
    }, 30);
    return;
  }
  res.writeHead(404).end();
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(() => {
  hits.clear();
  maxInFlight = 0;
});

const clients: VendorClient[] = [];
const client = (o: Partial<VendorClientOptions> = {}) => {
  const c = new VendorClient({ vendor: 'shop', baseUrl, timeoutMs: 2000, ...o });
  clients.push(c);
  return c;
};
afterAll(() => clients.forEach((c) => c.shutdown()));

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (err) {
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).vendor).toBe('shop');
    return (err as VendorError).kind;
  }
}

describe('vendor client: errors surface as VendorError kinds', () => {
  it('reads JSON through the parser', async () => {
    await expect(client().getJson('/ok')).resolves.toEqual({ ok: true });
  });
  it('404 → NOT_FOUND, not retried', async () => {
    expect(await kindOf(client().getJson('/missing'))).toBe('NOT_FOUND');
    expect(hits.get('/missing')).toBe(1);
  });
  it('400 → ERROR, not retried', async () => {
    expect(await kindOf(client().getJson('/bad-request'))).toBe('ERROR');
    expect(hits.get('/bad-request')).toBe(1);
  });
  it('5xx → ERROR after one retry when there is no deadline', async () => {
    expect(await kindOf(client().getJson('/fail'))).toBe('ERROR');
    expect(hits.get('/fail')).toBe(2);
  });
  it('no retry when the remaining deadline leaves no room', async () => {
    const c = client({ minRetryBudgetMs: 10_000 });
    expect(await kindOf(c.getJson('/fail', { deadlineMs: Date.now() + 5_000 }))).toBe('ERROR');
    expect(hits.get('/fail')).toBe(1);
  });
  it('a hanging retailer → TIMEOUT, bounded by the deadline', async () => {
    const c = client({ timeoutMs: 10_000 });
    expect(await kindOf(c.getJson('/hang', { deadlineMs: Date.now() + 150 }))).toBe('TIMEOUT');
    expect(hits.get('/hang')).toBe(1);
  });
  it('a passed deadline → TIMEOUT without any request', async () => {
    expect(await kindOf(client().getJson('/ok', { deadlineMs: Date.now() - 1 }))).toBe('TIMEOUT');
    expect(hits.get('/ok')).toBeUndefined();
  });
  it('an unreadable body → MALFORMED, not retried', async () => {
    expect(await kindOf(client().get('/malformed', (b) => parseJson(b)))).toBe('MALFORMED');
    expect(hits.get('/malformed')).toBe(1);
  });
  it('an aborted signal → no request', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await kindOf(client().getJson('/ok', { signal: ac.signal }))).toBe('TIMEOUT');
    expect(hits.get('/ok')).toBeUndefined();
  });
});

describe('vendor client: circuit breaker', () => {
  it('404s never open it', async () => {
    const c = client();
    for (let i = 0; i < 12; i++) expect(await kindOf(c.getJson('/missing'))).toBe('NOT_FOUND');
    expect(c.isOpen()).toBe(false);
    expect(await kindOf(c.getJson('/ok'))).toBe('OK');
  });
  it('unreadable bodies open it; then calls fail fast with CIRCUIT_OPEN and no request', async () => {
    const c = client();
    for (let i = 0; i < 5; i++) expect(await kindOf(c.get('/malformed', (b) => parseJson(b)))).toBe('MALFORMED');
    expect(c.isOpen()).toBe(true);
    expect(await kindOf(c.getJson('/ok'))).toBe('CIRCUIT_OPEN');
    expect(hits.get('/ok')).toBeUndefined();
  });
  it('5xx open it', async () => {
    const c = client({ retries: 0 });
    for (let i = 0; i < 5; i++) await kindOf(c.getJson('/fail'));
    expect(c.isOpen()).toBe(true);
    expect(hits.get('/fail')).toBe(5);
  });
});

describe('vendor client: bounded concurrency', () => {
  it('never has more than `concurrency` requests in flight', async () => {
    const c = client({ concurrency: 2 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => c.getJson(`/slow${i}`)));
    expect(maxInFlight).toBe(2);
  });
});

describe('vendor client: URLs', () => {
  it('joins paths to the configured base and moves foreign absolute URLs onto it', () => {
    const c = client({ baseUrl: 'http://mirror.test/evo/' });
    expect(c.url('/outlet/x')).toBe('http://mirror.test/evo/outlet/x');
    expect(c.url('http://mirror.test/evo/outlet/x')).toBe('http://mirror.test/evo/outlet/x');
    expect(c.url('http://127.0.0.1:4101/outlet/x?a=1')).toBe('http://mirror.test/evo/outlet/x?a=1');
  });
});
