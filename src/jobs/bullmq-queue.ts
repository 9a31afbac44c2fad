import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.js';
import {
  DEFAULT_RETRY,
  HEAVY_QUEUE_NAME,
  KEEP_COMPLETED_JOBS,
  KEEP_FAILED_JOBS,
  withTimeLimit,
  type EnqueueOptions,
  type EnqueueResult,
  type HeavyJob,
  type JobHandler,
  type JobQueue,
  type QueueStats,
  type RetryOptions,
  type WorkerOptions,
} from './job-queue.js';

export interface BullMqQueueOptions {
  redisUrl: string;
  /** REDIS_KEY_PREFIX; the queue's keys get `<prefix>{hexar}` so they share one hash slot on a Cluster. */
  keyPrefix: string;
  /** A job whose worker died (no lock renewal) is taken up again after this long (JOB_LOCK_SECONDS). */
  lockMs: number;
  logger: Logger;
  retry?: RetryOptions;
}

/** Producer calls (enqueue, stats) made on a request's path give up after this long when Redis does not answer. */
const PRODUCER_TIMEOUT_MS = 2000;

/** `work` or a rejection once `ms` passed: BullMQ waits for a connection that may not come back soon. */
function answerWithin<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the job queue (Redis) did not answer ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** BullMQ's key prefix for a deployment: hash-tagged, as BullMQ requires on Redis Cluster. */
export function bullPrefix(keyPrefix: string): string {
  return `${keyPrefix}{hexar}`;
}

/**
 * The production JobQueue: BullMQ on Redis. Any number of processes add jobs and any number of
 * workers take them; a job runs on one worker at a time, a worker that dies mid-job loses its
 * lock and the job is taken up again by another (at most once more: `maxStalledCount` 1), failed
 * jobs are kept for inspection.
 */
export class BullMqJobQueue implements JobQueue {
  private readonly queue: Queue;
  private readonly connections: Redis[] = [];
  private worker: Worker | null = null;
  private readonly stopping = new AbortController();

  constructor(private readonly options: BullMqQueueOptions) {
    // A producer fails fast when Redis is down (a request must not wait on it); BullMQ's
    // production guide asks for maxRetriesPerRequest: null on worker connections only.
    const producer = this.connect({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.queue = new Queue(HEAVY_QUEUE_NAME, {
      connection: producer,
      prefix: bullPrefix(options.keyPrefix),
      defaultJobOptions: {
        attempts: (options.retry ?? DEFAULT_RETRY).attempts,
        backoff: { type: 'exponential', delay: (options.retry ?? DEFAULT_RETRY).backoffMs },
        removeOnComplete: { count: KEEP_COMPLETED_JOBS },
        removeOnFail: { count: KEEP_FAILED_JOBS },
      },
    });
    this.queue.on('error', (err) => options.logger.warn({ err: err.message }, 'job queue error'));
  }

  private connect(overrides: RedisOptions): Redis {
    const connection = new Redis(this.options.redisUrl, overrides);
    connection.on('error', (err: Error) => this.options.logger.debug({ err: err.message }, 'job queue connection error'));
    this.connections.push(connection);
    return connection;
  }

  async enqueue(job: HeavyJob, options: EnqueueOptions): Promise<EnqueueResult> {
    const jobId = randomUUID();
    const added = await answerWithin(
      PRODUCER_TIMEOUT_MS,
      `adding ${job.name}`,
      this.queue.add(job.name, job.data, { jobId, priority: options.priority, deduplication: { id: options.dedupeId } }),
    );
    // A deduplicated add returns the job already holding the id.
    return { jobId: added.id ?? jobId, deduplicated: added.id !== jobId };
  }

  /**
   * The first scheduled run is one period away (a fresh deployment's first crawl is the start-up
   * crawl, a flushed Redis's is the healing crawl): so an existing scheduler with this period is
   * left alone, since upserting it again would move its next run.
   */
  async schedule(schedulerId: string, everyMs: number, job: HeavyJob): Promise<void> {
    const existing = await this.queue.getJobScheduler(schedulerId);
    if (existing?.every === everyMs) return;
    await this.queue.upsertJobScheduler(
      schedulerId,
      { every: everyMs, startDate: Date.now() + everyMs },
      { name: job.name, data: job.data, opts: { priority: 2 } },
    );
  }

  async work(handler: JobHandler, options: WorkerOptions): Promise<void> {
    const { lockMs, logger } = this.options;
    this.worker = new Worker(
      HEAVY_QUEUE_NAME,
      async (job: Job, _token?: string, signal?: AbortSignal) => {
        const heavyJob = { name: job.name, data: job.data } as HeavyJob;
        const outer = signal ? AbortSignal.any([signal, this.stopping.signal]) : this.stopping.signal;
        await withTimeLimit(options.maxExecutionMs, outer, (s) => handler(heavyJob, { signal: s, attempt: job.attemptsMade + 1 }));
      },
      {
        connection: this.connect({ maxRetriesPerRequest: null }),
        prefix: bullPrefix(this.options.keyPrefix),
        concurrency: options.concurrency,
        lockDuration: lockMs,
        stalledInterval: lockMs,
        maxStalledCount: 1,
      },
    );
    this.worker.on('failed', (job, err) =>
      logger.warn({ job: job?.name, attempts: job?.attemptsMade, err: err.message }, 'job failed'),
    );
    this.worker.on('error', (err) => logger.warn({ err: err.message }, 'job worker error'));
    await this.worker.waitUntilReady();
  }

  async stats(): Promise<QueueStats> {
    const [counts, next] = await answerWithin(
      PRODUCER_TIMEOUT_MS,
      'for its counts',
      Promise.all([
        this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'),
        // The oldest of the next jobs to run (prioritized jobs are ordered by priority, not age).
        this.queue.getJobs(['waiting', 'prioritized'], 0, 50, true),
      ]),
    );
    const oldest = next.reduce<number | null>((min, j) => (min === null || j.timestamp < min ? j.timestamp : min), null);
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      delayed: counts.delayed ?? 0,
      active: counts.active ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
      oldestWaitingMs: oldest === null ? null : Math.max(0, Date.now() - oldest),
    };
  }

  async close(): Promise<void> {
    this.stopping.abort(new Error('the worker is shutting down'));
    await this.worker?.close(true).catch(() => undefined);
    await this.queue.close().catch(() => undefined);
    for (const connection of this.connections) connection.disconnect();
  }
}
