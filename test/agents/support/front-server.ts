import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FrontServer {
  url: string;
  /** Every path requested, in order (tests reset it with `hits.length = 0`). */
  hits: string[];
  /** Most requests in flight at once since the last `resetInFlight()`. */
  readonly maxInFlight: number;
  resetInFlight(): void;
  close(): Promise<void>;
}

/**
 * A storefront that speaks docs/storefronts.md but differs from the sandbox where a test needs
 * it to: `answer` may serve a path itself (return true); anything else is forwarded to
 * `upstream(path)` and its body passed through `rewrite`. Real HTTP on an ephemeral port.
 */
export async function startFrontServer(options: {
  upstream: (path: string) => string;
  answer?: (path: string, res: ServerResponse) => boolean;
  rewrite?: (path: string, body: string) => string;
}): Promise<FrontServer> {
  const hits: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.push(path);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    res.on('close', () => inFlight--);
    if (options.answer?.(path, res)) return;
    void fetch(`${options.upstream(path)}${path}`).then(async (r) => {
      const body = await r.text();
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain' });
      res.end(options.rewrite ? options.rewrite(path, body) : body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    get maxInFlight() {
      return maxInFlight;
    },
    resetInFlight() {
      maxInFlight = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
