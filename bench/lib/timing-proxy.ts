import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A pass-through HTTP proxy in front of one storefront that records when each retailer
 * request started and ended, on the bench's own clock. With it the bench knows, per API
 * request, how long the slowest retailer took, and so how much the API added on top.
 */
export interface TimingProxy {
  baseUrl: string;
  /** Requests seen since the last take(), in order. */
  take(): { startMs: number; endMs: number }[];
  /** Requests still waiting on the storefront. */
  inFlight(): number;
  close(): Promise<void>;
}

export async function startTimingProxy(targetBaseUrl: string): Promise<TimingProxy> {
  const target = new URL(targetBaseUrl);
  let seen: { startMs: number; endMs: number }[] = [];
  let inFlight = 0;
  const server = createServer((req, res) => {
    const startMs = performance.now();
    inFlight++;
    res.on('close', () => inFlight--);
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        up.on('end', () => seen.push({ startMs, endMs: performance.now() }));
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inFlight: () => inFlight,
    take: () => {
      const out = seen;
      seen = [];
      return out;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
