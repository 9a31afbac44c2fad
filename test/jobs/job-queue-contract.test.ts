import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { BullMqJobQueue, bullPrefix } from '../../src/jobs/bullmq-queue.js';
import { MemoryJobQueue } from '../../src/jobs/memory-queue.js';
import { JOB_NAMES, type HeavyJob, type JobQueue } from '../../src/jobs/job-queue.js';
import { deleteKeys, REDIS_URL } from '../support/test-app.js';
import { until } from '../live/support/harness.js';

const logger = createLogger('silent');
const RETRY = { attempts: 2, backoffMs: 50 };
const crawl = (vendor: string): HeavyJob => ({ name: JOB_NAMES.crawlRetailer, data: { vendor } });
const refresh = (productId: string): HeavyJob => ({ name: JOB_NAMES.refreshProduct, data: { productId } });

interface Backend {
  /** A queue as one process sees it; several calls share one backend (the same Redis prefix). */
  open(): JobQueue;
  cleanup(): Promise<void>;
}

const backends: [string, () => Backend][] = [
  [
    'in-process',
    () => {
      const queue = new MemoryJobQueue(logger, RETRY);
      return { open: () => queue, cleanup: async () => undefined };
    },
  ],
  [
    'BullMQ on Redis',
    () => {
      const keyPrefix = `test:jobs:${randomUUID()}:`;
      return {
        open: () => new BullMqJobQueue({ redisUrl: REDIS_URL, keyPrefix, lockMs: 2000, logger, retry: RETRY }),
        cleanup: () => deleteKeys(bullPrefix(keyPrefix)),
      };
    },
  ],
];

describe.each(backends)('job queue contract: %s', (_name, makeBackend) => {
  let backend: Backend;
  const opened: JobQueue[] = [];
  const open = () => {
    const q = backend.open();
    if (!opened.includes(q)) opened.push(q);
    return q;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((q) => q.close()));
    await backend.cleanup();
  });

  it('a job added twice while it waits runs once (deduplicated)', async () => {
    backend = makeBackend();
    const q = open();
    const first = await q.enqueue(crawl('evo'), { priority: 1, dedupeId: 'crawl-retailer:evo' });
    const second = await q.enqueue(crawl('evo'), { priority: 1, dedupeId: 'crawl-retailer:evo' });
    expect(first.deduplicated).toBe(false);
    expect(second).toEqual({ jobId: first.jobId, deduplicated: true });
    const runs: HeavyJob[] = [];
    await q.work(async (job) => void runs.push(job), { concurrency: 2, maxExecutionMs: 5000 });
    await until(async () => (await q.stats()).completed === 1);
    expect(runs).toEqual([crawl('evo')]);
    // Once it finished, the same work may be asked for again.
    expect((await q.enqueue(crawl('evo'), { priority: 1, dedupeId: 'crawl-retailer:evo' })).deduplicated).toBe(false);
  });

  it('priority 1 (a shopper missed) runs before priority 2 (scheduled work)', async () => {
    backend = makeBackend();
    const q = open();
    await q.enqueue(refresh('scheduled-a'), { priority: 2, dedupeId: 'a' });
    await q.enqueue(refresh('scheduled-b'), { priority: 2, dedupeId: 'b' });
    await q.enqueue(refresh('missed'), { priority: 1, dedupeId: 'c' });
    expect((await q.stats()).waiting).toBe(3);
    const order: string[] = [];
    await q.work(async (job) => void order.push(job.name === JOB_NAMES.refreshProduct ? job.data.productId : ''), { concurrency: 1, maxExecutionMs: 5000 });
    await until(async () => (await q.stats()).completed === 3);
    expect(order).toEqual(['missed', 'scheduled-a', 'scheduled-b']);
  });

  it('a failing job is retried, then kept as failed; a job past its time limit fails with its signal aborted', async () => {
    backend = makeBackend();
    const q = open();
    let attempts = 0;
    let slowSignal: AbortSignal | undefined;
    await q.work(
      async (job, { signal }) => {
        if (job.name === JOB_NAMES.crawlRetailer && job.data.vendor === 'broken') {
          attempts++;
          throw new Error('retailer down');
        }
        slowSignal = signal;
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
      },
      { concurrency: 2, maxExecutionMs: 300 },
    );
    await q.enqueue(crawl('broken'), { priority: 2, dedupeId: 'broken' });
    await q.enqueue(crawl('slow'), { priority: 2, dedupeId: 'slow' });
    await until(async () => (await q.stats()).failed === 2, 15_000);
    expect(attempts).toBe(RETRY.attempts);
    expect(slowSignal?.aborted).toBe(true);
    expect(await q.stats()).toMatchObject({ waiting: 0, active: 0, failed: 2 });
  });

  it('reports waiting jobs and the age of the oldest', async () => {
    backend = makeBackend();
    const q = open();
    expect(await q.stats()).toMatchObject({ waiting: 0, oldestWaitingMs: null });
    await q.enqueue(crawl('evo'), { priority: 2, dedupeId: 'x' });
    await new Promise((r) => setTimeout(r, 30));
    const stats = await q.stats();
    expect(stats.waiting).toBe(1);
    expect(stats.oldestWaitingMs).toBeGreaterThanOrEqual(25);
  });

  it('a schedule runs its job repeatedly; asked for by two processes, it still runs once per period', async () => {
    backend = makeBackend();
    const a = open();
    const b = open();
    await a.schedule('scheduled-crawl:evo', 400, crawl('evo'));
    await b.schedule('scheduled-crawl:evo', 400, crawl('evo'));
    let runs = 0;
    await a.work(async () => void runs++, { concurrency: 1, maxExecutionMs: 5000 });
    await until(() => runs >= 2, 10_000);
    const startedMs = Date.now();
    const before = runs;
    await new Promise((r) => setTimeout(r, 1200));
    const periods = (Date.now() - startedMs) / 400;
    // One run per period (give or take the edges), not two.
    expect(runs - before).toBeLessThanOrEqual(Math.ceil(periods) + 1);
    expect(runs - before).toBeGreaterThanOrEqual(1);
  });
});
