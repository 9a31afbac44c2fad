import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { BullMqJobQueue, bullPrefix } from '../../src/jobs/bullmq-queue.js';
import { JOB_NAMES } from '../../src/jobs/job-queue.js';
import { RedisStore } from '../../src/cache/redis-store.js';
import { tierKeys } from '../../src/cache/tiers.js';
import { sandboxCatalog, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { deleteKeys, REDIS_URL } from '../support/test-app.js';
import { startProcess, stopProcesses } from '../support/processes.js';
import { until } from '../live/support/harness.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(stopProcesses);

const DONE = /crawl: evo done: \d+ products read/;

describe('a worker process killed mid-job', () => {
  it('the job is taken up again by another worker and completes; the records are written once', async () => {
    const keyPrefix = `test:crash:${randomUUID()}:`;
    const env = {
      REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      EVO_BASE_URL: sandbox.evo.baseUrl,
      BACKCOUNTRY_BASE_URL: sandbox.backcountry.baseUrl,
      JOB_LOCK_SECONDS: '2',
      LOG_FORMAT: 'json',
    };
    const logger = createLogger('silent');
    const producer = new BullMqJobQueue({ redisUrl: REDIS_URL, keyPrefix, lockMs: 2000, logger });
    const store = RedisStore.fromUrl(REDIS_URL, keyPrefix);
    try {
      // Slow pages, so the crawl is surely still running when the worker dies.
      sandbox.evo.configure({ latencyMs: 60 });
      sandbox.evo.resetStats();
      const first = startProcess(env, 'worker', false, true);
      await first.waitFor(/worker: processing background jobs/);
      await producer.enqueue({ name: JOB_NAMES.crawlRetailer, data: { vendor: 'evo' } }, { priority: 1, dedupeId: 'crawl-retailer:evo' });
      await until(() => sandbox.evo.stats().total >= 20, 20_000);
      first.child.kill('SIGKILL');
      await once(first.child, 'exit');
      expect(first.lines.some((l) => DONE.test(l))).toBe(false);
      expect(await store.keys(tierKeys.staticProductPrefix)).toEqual([]);

      // The dead worker's lock runs out; the next worker takes the job up and finishes it.
      const second = startProcess(env, 'worker', false, true);
      await second.waitFor(DONE);
      await until(async () => (await producer.stats()).completed === 1, 10_000);
      // Only the job we added ran (the crawl schedules' first runs are a period away).
      expect(await producer.stats()).toMatchObject({ completed: 1, failed: 0, active: 0 });
      expect(second.lines.filter((l) => DONE.test(l))).toHaveLength(1);
      const evoProducts = sandboxCatalog().filter((p) => p.evo).length;
      const snapshot = JSON.parse((await store.get(tierKeys.crawlSnapshot('evo')))!) as unknown[];
      expect(snapshot).toHaveLength(evoProducts);
      expect((await store.keys(tierKeys.staticProductPrefix)).length).toBeGreaterThan(0.9 * evoProducts);
    } finally {
      sandbox.evo.configure({ latencyMs: 0 });
      await producer.close();
      await store.close();
      await deleteKeys(keyPrefix);
    }
  }, 90_000);
});

describe('npm run worker', () => {
  it('refuses embedded mode: an in-process queue in a process of its own would take jobs nobody adds', async () => {
    const app = startProcess({}, 'worker');
    const [code] = await once(app.child, 'exit');
    expect(code).toBe(2);
    expect(app.lines.join('\n')).toMatch(/worker needs REDIS_URL/);
  });
});

// Keys of the queue itself live under the hash-tagged prefix.
it('the queue prefix is hash-tagged for Redis Cluster', () => {
  expect(bullPrefix('hexar:')).toBe('hexar:{hexar}');
});
