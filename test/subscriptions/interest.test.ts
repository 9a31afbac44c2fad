import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisInterest } from '../../src/subscriptions/interest.js';
import { deleteKeys, REDIS_URL } from '../support/test-app.js';

describe('interest registry on Redis: counted across servers, expiring with their server', () => {
  const prefix = `test:interest:${randomUUID()}:`;
  const redis = new Redis(REDIS_URL);
  afterAll(async () => {
    redis.disconnect();
    await deleteKeys(prefix);
  });

  it('each server writes its products; a server that stops renewing drops out; one that leaves removes its entries at once', async () => {
    const a = new RedisInterest(redis, prefix, 'server-a');
    const b = new RedisInterest(redis, prefix, 'server-b');
    await a.heartbeat(['p1', 'p2'], 60_000);
    await b.heartbeat(['p2', 'p3'], 60_000);
    expect((await a.all()).sort()).toEqual(['p1', 'p2', 'p3']);
    // b "dies": its entries were written to live 1 ms and are never renewed.
    await b.heartbeat(['p3'], 1);
    await new Promise((r) => setTimeout(r, 20));
    expect((await b.all()).sort()).toEqual(['p1', 'p2']);
    // a's last subscriber of p1 leaves: gone at once, p2 stays.
    await a.heartbeat(['p2'], 60_000);
    expect(await b.all()).toEqual(['p2']);
    await a.heartbeat([], 60_000);
    expect(await a.all()).toEqual([]);
  });
});
