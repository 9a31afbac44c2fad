import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { rngFor } from './catalog/prng.js';

/**
 * What every sandbox storefront shares: an HTTP server that counts requests per path,
 * adds latency, injects failures, answers the `/__sandbox/*` control endpoints and
 * closes quickly even with hung requests open.
 */

export type FailureMode = 'status500' | 'hang' | 'malformed';

export interface StorefrontControls {
  /** Added latency per response; with latencyP95Ms above it, the median of a log-normal draw. */
  latencyMs?: number;
  /** 0 = every response waits latencyMs; above latencyMs = a log-normal latency with this p95 (seeded, per storefront). */
  latencyP95Ms?: number;
  failureRate?: number;
  failureMode?: FailureMode;
}

export interface Storefront {
  readonly id: 'evo' | 'backcountry';
  readonly baseUrl: string;
  readonly port: number;
  /** Requests per path (incl. query string) since start or the last reset; control endpoints are not counted. */
  stats(): { requests: Record<string, number>; total: number };
  resetStats(): void;
  configure(c: StorefrontControls): void;
  /** Stops listening and destroys open sockets (hung requests included). */
  close(): Promise<void>;
}

/** A storefront's answer before failure injection. */
export interface PageResponse {
  status: number;
  contentType: string;
  body: string;
}

export type PageHandler = (url: URL) => PageResponse;

/** A storefront-specific `POST /__sandbox/<name>` control: the parsed JSON body in, a status and a JSON answer out. */
export type ControlRoute = (body: unknown) => { status: number; body: unknown };

const FAILURE_MODES: readonly FailureMode[] = ['status500', 'hang', 'malformed'];

/** Where a 'malformed' answer is cut: inside the embedded JSON a reader needs, else halfway. */
function truncate(body: string): string {
  const markers = ['application/ld+json', 'id="__NEXT_DATA__"'];
  const at = markers.map((m) => body.indexOf(m)).filter((i) => i >= 0);
  const cut = at.length > 0 ? Math.min(...at) + 80 : Math.floor(body.length / 2);
  return body.slice(0, Math.min(cut, Math.max(1, body.length - 1)));
}

/** Validates a controls object (from JSON); throws with a message on a bad value. */
function parseControls(input: unknown): StorefrontControls {
  if (typeof input !== 'object' || input === null) throw new Error('expected a JSON object');
  const o = input as Record<string, unknown>;
  const out: StorefrontControls = {};
  if (o.latencyMs !== undefined) {
    if (typeof o.latencyMs !== 'number' || !(o.latencyMs >= 0)) throw new Error('latencyMs must be a number >= 0');
    out.latencyMs = o.latencyMs;
  }
  if (o.latencyP95Ms !== undefined) {
    if (typeof o.latencyP95Ms !== 'number' || !(o.latencyP95Ms >= 0)) throw new Error('latencyP95Ms must be a number >= 0');
    out.latencyP95Ms = o.latencyP95Ms;
  }
  if (o.failureRate !== undefined) {
    if (typeof o.failureRate !== 'number' || !(o.failureRate >= 0 && o.failureRate <= 1)) throw new Error('failureRate must be a number in 0..1');
    out.failureRate = o.failureRate;
  }
  if (o.failureMode !== undefined) {
    if (!FAILURE_MODES.includes(o.failureMode as FailureMode)) throw new Error(`failureMode must be one of ${FAILURE_MODES.join(', ')}`);
    out.failureMode = o.failureMode as FailureMode;
  }
  return out;
}

/** z of the standard normal's 95th percentile. */
const Z95 = 1.6448536269514722;

/**
 * A latency in ms: fixed, or log-normal with the given median and p95 (real storefronts have
 * a long right tail, which a fixed delay hides). Box–Muller over the storefront's seeded stream.
 */
export function drawLatencyMs(medianMs: number, p95Ms: number, rng: { next(): number }): number {
  if (!(p95Ms > medianMs) || medianMs <= 0) return medianMs;
  const sigma = Math.log(p95Ms / medianMs) / Z95;
  const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  return medianMs * Math.exp(sigma * z);
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': `${contentType}; charset=utf-8`, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts one storefront on host:port (0 = ephemeral) serving `handler`'s pages. */
export async function startStorefront(options: {
  id: 'evo' | 'backcountry';
  handler: PageHandler;
  host?: string;
  port?: number;
  controls?: StorefrontControls;
  /** Extra `POST /__sandbox/<name>` controls (e.g. `price`), by name. */
  controlRoutes?: Record<string, ControlRoute>;
}): Promise<Storefront> {
  const host = options.host ?? '127.0.0.1';
  let controls: Required<StorefrontControls> = { latencyMs: 0, latencyP95Ms: 0, failureRate: 0, failureMode: 'status500', ...options.controls };
  let requests: Record<string, number> = {};
  let total = 0;
  // Seeded, so a run with a failure rate fails the same requests every time.
  const failures = rngFor(`failures:${options.id}`);
  const latencies = rngFor(`latency:${options.id}`);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/__sandbox/stats' && req.method === 'GET') return send(res, 200, 'application/json', JSON.stringify({ requests, total }));
    if (path === '/__sandbox/reset' && req.method === 'POST') {
      requests = {};
      total = 0;
      return send(res, 200, 'application/json', JSON.stringify({ ok: true }));
    }
    if (path === '/__sandbox/config' && req.method === 'POST') {
      try {
        controls = { ...controls, ...parseControls(JSON.parse((await readBody(req)) || '{}')) };
        return send(res, 200, 'application/json', JSON.stringify(controls));
      } catch (error) {
        return send(res, 400, 'application/json', JSON.stringify({ error: (error as Error).message }));
      }
    }
    const route = options.controlRoutes?.[path.slice('/__sandbox/'.length)];
    if (route && req.method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req)) || '{}');
      } catch {
        return send(res, 400, 'application/json', JSON.stringify({ error: 'the body is not JSON' }));
      }
      const answer = route(body);
      return send(res, answer.status, 'application/json', JSON.stringify(answer.body));
    }
    return send(res, 404, 'application/json', JSON.stringify({ error: 'unknown sandbox control' }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawPath = req.url ?? '/';
    const url = new URL(rawPath, 'http://sandbox.local');
    if (url.pathname.startsWith('/__sandbox/')) return control(req, res, url.pathname);
    requests[rawPath] = (requests[rawPath] ?? 0) + 1;
    total++;
    if (controls.latencyMs > 0) await sleep(drawLatencyMs(controls.latencyMs, controls.latencyP95Ms, latencies));
    if (res.destroyed) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method Not Allowed');
    const fail = controls.failureRate > 0 && failures.next() < controls.failureRate;
    if (fail && controls.failureMode === 'status500') return send(res, 500, 'text/html', '<html><body><h1>500 Internal Server Error</h1></body></html>');
    if (fail && controls.failureMode === 'hang') return; // never answered; close() destroys the socket
    const page = options.handler(url);
    if (fail) return send(res, 200, page.contentType, truncate(page.body));
    send(res, page.status, page.contentType, page.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `sandbox error: ${(error as Error).message}`);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  return {
    id: options.id,
    baseUrl: `http://${urlHost}:${port}`,
    port,
    stats: () => ({ requests: { ...requests }, total }),
    resetStats: () => {
      requests = {};
      total = 0;
    },
    configure: (c) => {
      controls = { ...controls, ...parseControls(c) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      }),
  };
}
