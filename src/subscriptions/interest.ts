import type { Redis } from 'ioredis';

/**
 * Which products someone watches, cluster-wide: each server writes the products its own
 * subscribers follow, with an expiry, so a server that dies stops counting once its entries
 * expire. Two backends: in-process (embedded mode) and one Redis sorted set.
 */
export interface InterestRegistry {
  /** This server's products now (replacing what it wrote before), alive until `ttlMs` from now unless written again. */
  heartbeat(productIds: readonly string[], ttlMs: number): Promise<void>;
  /** Every product some live server's subscribers follow. */
  all(): Promise<string[]>;
}

/** Embedded mode: one process, its own products are all there are. */
export class InProcessInterest implements InterestRegistry {
  private ids: string[] = [];

  async heartbeat(productIds: readonly string[]): Promise<void> {
    this.ids = [...productIds];
  }

  async all(): Promise<string[]> {
    return [...this.ids];
  }
}

/** The sorted set's name under REDIS_KEY_PREFIX. */
export const INTEREST_KEY = 'live:interest';

/**
 * One sorted set `<prefix>live:interest`: members `<serverId> <productId>`, scored by the epoch ms
 * at which they expire. One key, so one node on a Cluster; expired members are trimmed on read.
 */
export class RedisInterest implements InterestRegistry {
  private readonly key: string;
  private written = new Set<string>();

  constructor(
    private readonly client: Redis,
    prefix: string,
    private readonly serverId: string,
  ) {
    this.key = prefix + INTEREST_KEY;
  }

  async heartbeat(productIds: readonly string[], ttlMs: number): Promise<void> {
    const members = new Set(productIds.map((id) => `${this.serverId} ${id}`));
    const gone = [...this.written].filter((m) => !members.has(m));
    const expiresAt = Date.now() + ttlMs;
    const tx = this.client.multi();
    if (members.size > 0) tx.zadd(this.key, ...[...members].flatMap((m) => [expiresAt, m]));
    if (gone.length > 0) tx.zrem(this.key, ...gone);
    // The set itself goes when every server has gone quiet for a while.
    tx.pexpire(this.key, Math.max(ttlMs, 1000) * 2);
    await tx.exec();
    this.written = members;
  }

  async all(): Promise<string[]> {
    const now = Date.now();
    const [, live] = (await this.client.multi().zremrangebyscore(this.key, '-inf', now).zrangebyscore(this.key, now, '+inf').exec()) ?? [];
    const members = (live?.[1] as string[] | undefined) ?? [];
    return [...new Set(members.map((m) => m.slice(m.indexOf(' ') + 1)))];
  }
}
