import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** redis://127.0.0.1:<port>: point a client here to reach the target through the proxy. */
  url: string;
  /** Cut every open connection and refuse new ones (accepted, then closed at once) until `up()`. */
  down(): void;
  up(): void;
  /** Connections accepted while up. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy on a free port in front of `target` (host:port): a network drop the test
 * controls, so "a server lost Redis while a change was published" happens for certain, not
 * by timing. Bytes pass through unchanged; nothing of Redis is imitated.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let isDown = false;
  let accepted = 0;
  const server = createServer((client) => {
    if (isDown) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = createConnection(target);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    down() {
      isDown = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    up() {
      isDown = false;
    },
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** host and port of a redis:// URL. */
export function redisTarget(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 6379) };
}
