import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keySlot } from '../../src/cache/cluster-slots.js';
import { responseKeys } from '../../src/cache/response-cache.js';
import { FAST_FAIL_REDIS_OPTIONS, RedisStore } from '../../src/cache/redis-store.js';
import { CATALOG_EVENTS, type CatalogChange } from '../../src/catalog/catalog-events.js';
import { RedisCatalogEvents } from '../../src/catalog/redis-catalog-events.js';
import { createLogger } from '../../src/logger.js';

/**
 * RedisStore on a real 3-master Redis Cluster, started here from the local redis-server
 * binary (skipped where there is none): keys of one batch live on different nodes, which a
 * plain MGET or a single pipeline would refuse.
 */
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

describe.skipIf(!hasRedisServer)('RedisStore on a Redis Cluster', () => {
  const dir = hasRedisServer ? mkdtempSync(join(tmpdir(), 'hexar-cluster-')) : '';
  // Random ports below 55535 so each node's cluster bus (port + 10000) is valid too.
  const base = 20000 + Math.floor(Math.random() * 30000);
  const ports = [base, base + 1, base + 2];
  const servers: ChildProcess[] = [];
  const prefix = `test:cluster:${randomUUID()}:`;
  let store: RedisStore;

  beforeAll(async () => {
    for (const port of ports) {
      servers.push(
        spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
          '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }),
      );
    }
    for (const port of ports) await waitFor(async () => (await ping(port)) === 'PONG');
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    expect(created.status).toBe(0);
    await waitFor(async () => (await clusterState(ports[0]!)).includes('cluster_state:ok'));
    const cluster = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })), {
      lazyConnect: true,
      enableOfflineQueue: false,
      redisOptions: FAST_FAIL_REDIS_OPTIONS,
    });
    cluster.on('error', () => undefined);
    store = new RedisStore(cluster, { prefix });
    await store.connect();
  }, 30_000);

  afterAll(async () => {
    await store?.close();
    await Promise.all(servers.map((server) => new Promise((resolve) => {
      server.once('exit', resolve);
      server.kill('SIGTERM');
    })));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads and writes a batch whose keys span every node, in key order', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `static:product:p${i}`);
    const nodesHit = new Set(keys.map((k) => (store.client as Cluster).slots[keySlot(prefix + k)]?.join(';')));
    expect(nodesHit.size).toBeGreaterThan(1);
    await store.mset(keys.filter((_, i) => i % 3 !== 0).map((key) => ({ key, value: `v:${key}`, ttlSeconds: 60 })));
    const values = await store.mget(keys);
    expect(values).toEqual(keys.map((key, i) => (i % 3 !== 0 ? `v:${key}` : null)));
  });

  it('lists keys under a prefix across all masters and deletes them one slot at a time', async () => {
    const keys = await store.keys('static:product:');
    expect(keys.length).toBe(40);
    expect(await store.delete(...keys)).toBe(40);
    expect(await store.keys('')).toEqual([]);
  });

  it('adds a member to indexes on every node in one call, each trimmed to its bound', async () => {
    const indexes = Array.from({ length: 30 }, (_, i) => responseKeys.productIndex(`p${i}`));
    expect(new Set(indexes.map((k) => (store.client as Cluster).slots[keySlot(prefix + k)]?.join(';'))).size).toBeGreaterThan(1);
    const now = Date.now();
    for (const answer of ['a1', 'a2', 'a3']) await store.addToIndexes(indexes, [answer], now + 60_000 + answer.charCodeAt(1), 120, 2);
    for (const index of indexes) expect((await store.indexMembers(index, now)).sort()).toEqual(['a2', 'a3']);
    await store.delete(...indexes);
  });

  it('takes a lease once', async () => {
    expect(await store.setIfAbsent('lease:live:evo:a', 'me', 5)).toBe(true);
    expect(await store.setIfAbsent('lease:live:evo:a', 'you', 5)).toBe(false);
    expect(await store.delete('lease:live:evo:a')).toBe(1);
  });

  it('releases a lease by compare-and-delete on whichever node holds its slot', async () => {
    const leases = Array.from({ length: 12 }, (_, i) => `lease:live:evo:p${i}`);
    for (const lease of leases) expect(await store.setIfAbsent(lease, 'me', 5)).toBe(true);
    for (const lease of leases) expect(await store.deleteIfEquals!(lease, 'you')).toBe(false);
    for (const lease of leases) expect(await store.deleteIfEquals!(lease, 'me')).toBe(true);
    expect(await store.keys('lease:')).toEqual([]);
  });

  it('carries catalog change events on a Cluster: the version key on its slot, PUBLISH and SUBSCRIBE', async () => {
    const nodes = ports.map((port) => ({ host: '127.0.0.1', port }));
    const bus = () =>
      new RedisCatalogEvents({
        client: new Cluster(nodes, { lazyConnect: true, enableOfflineQueue: false, redisOptions: FAST_FAIL_REDIS_OPTIONS }),
        subscriber: new Cluster(nodes, { lazyConnect: true }),
        prefix,
        syncIntervalMs: 60_000,
        logger: createLogger('silent'),
      });
    const received: CatalogChange[][] = [[], []];
    const buses = [bus(), bus()];
    for (const [i, events] of buses.entries()) {
      await events.subscribe({ applyChange: async (change) => void received[i]!.push(change), rebuildFromStore: async () => undefined });
    }
    try {
      const first = await buses[0]!.publish({ upserted: ['p1'], removed: [] });
      const second = await buses[1]!.publish({ upserted: [], removed: ['p1'] });
      await waitFor(async () => received[0]!.length === 1 && received[1]!.length === 1, 5000);
      expect(received).toEqual([[second], [first]]);
      expect(await (store.client as Cluster).get(prefix + CATALOG_EVENTS.versionKey)).toBe(String(second.version));
    } finally {
      await Promise.all(buses.map((events) => events.close()));
      await store.delete(CATALOG_EVENTS.versionKey);
    }
  });
});

async function ping(port: number): Promise<string | null> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.ping();
  } catch {
    return null;
  } finally {
    client.disconnect();
  }
}

async function clusterState(port: number): Promise<string> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return String(await client.call('CLUSTER', 'INFO'));
  } catch {
    return '';
  } finally {
    client.disconnect();
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the cluster');
    await new Promise((r) => setTimeout(r, 100));
  }
}
