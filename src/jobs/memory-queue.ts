import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import {
  DEFAULT_RETRY,
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

interface Entry {
  id: string;
  job: HeavyJob;
  priority: number;
  dedupeId: string;
  addedAtMs: number;
  attempt: number;
}

/**
 * The in-process JobQueue of embedded mode: the same contract as BullMQ's (priorities,
 * deduplication while a job waits or runs, a time limit per job, retries with backoff, failed
 * jobs kept for inspection) in one process's memory. Nothing survives a restart, which is what
 * embedded mode promises: its cache tiers are in memory too.
 */
export class MemoryJobQueue implements JobQueue {
  private readonly waiting: Entry[] = [];
  private readonly active = new Map<string, Entry>();
  /** dedupeId → job id, while waiting or active (or waiting for a retry). */
  private readonly dedupe = new Map<string, string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly schedulers = new Map<string, NodeJS.Timeout>();
  private readonly stopping = new AbortController();
  private readonly failedJobs: { job: HeavyJob; error: string }[] = [];
  private completed = 0;
  /** Failed jobs waiting out their backoff before the next attempt. */
  private timersPendingRetry = 0;
  private handler: JobHandler | null = null;
  private options: WorkerOptions | null = null;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly logger?: Logger,
    private readonly retry: RetryOptions = DEFAULT_RETRY,
  ) {}

  async enqueue(job: HeavyJob, options: EnqueueOptions): Promise<EnqueueResult> {
    const existing = this.dedupe.get(options.dedupeId);
    if (existing) return { jobId: existing, deduplicated: true };
    const entry: Entry = { id: randomUUID(), job, priority: options.priority, dedupeId: options.dedupeId, addedAtMs: Date.now(), attempt: 0 };
    this.dedupe.set(options.dedupeId, entry.id);
    this.push(entry);
    return { jobId: entry.id, deduplicated: false };
  }

  /** An upsert by id, as BullMQ's job schedulers: scheduling the same id again replaces its period. */
  async schedule(schedulerId: string, everyMs: number, job: HeavyJob): Promise<void> {
    const previous = this.schedulers.get(schedulerId);
    if (previous) clearInterval(previous);
    const timer = setInterval(() => {
      void this.enqueue(job, { priority: 2, dedupeId: `scheduler:${schedulerId}` });
    }, everyMs);
    timer.unref();
    this.schedulers.set(schedulerId, timer);
  }

  async work(handler: JobHandler, options: WorkerOptions): Promise<void> {
    this.handler = handler;
    this.options = options;
    this.pump();
  }

  async stats(): Promise<QueueStats> {
    const oldest = this.waiting.reduce<number | null>((min, e) => (min === null || e.addedAtMs < min ? e.addedAtMs : min), null);
    return {
      waiting: this.waiting.length,
      delayed: this.timersPendingRetry,
      active: this.active.size,
      completed: this.completed,
      failed: this.failedJobs.length,
      oldestWaitingMs: oldest === null ? null : Date.now() - oldest,
    };
  }

  /** The jobs that failed for good, with why (kept for inspection, newest last). */
  failed(): readonly { job: HeavyJob; error: string }[] {
    return this.failedJobs;
  }

  async close(): Promise<void> {
    this.stopping.abort(new Error('the worker is shutting down'));
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const timer of this.schedulers.values()) clearInterval(timer);
    this.schedulers.clear();
    this.waiting.length = 0;
    await Promise.allSettled([...this.running]);
  }

  private push(entry: Entry): void {
    // Priority first (1 before 2), then first in, first out.
    const at = this.waiting.findIndex((e) => e.priority > entry.priority);
    if (at < 0) this.waiting.push(entry);
    else this.waiting.splice(at, 0, entry);
    this.pump();
  }

  private pump(): void {
    const { handler, options } = this;
    if (!handler || !options || this.stopping.signal.aborted) return;
    while (this.active.size < options.concurrency && this.waiting.length > 0) {
      const entry = this.waiting.shift()!;
      this.active.set(entry.id, entry);
      const run = this.run(entry, handler, options).finally(() => {
        this.running.delete(run);
        this.active.delete(entry.id);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async run(entry: Entry, handler: JobHandler, options: WorkerOptions): Promise<void> {
    entry.attempt++;
    try {
      await withTimeLimit(options.maxExecutionMs, this.stopping.signal, (signal) => handler(entry.job, { signal, attempt: entry.attempt }));
      this.completed++;
      this.dedupe.delete(entry.dedupeId);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      if (this.stopping.signal.aborted) return;
      if (entry.attempt < this.retry.attempts) {
        this.logger?.warn({ job: entry.job.name, attempt: entry.attempt, err: error }, 'job failed; retrying');
        this.timersPendingRetry++;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.timersPendingRetry--;
          this.push(entry);
        }, this.retry.backoffMs * 2 ** (entry.attempt - 1));
        timer.unref();
        this.timers.add(timer);
        return;
      }
      this.logger?.error({ job: entry.job.name, attempts: entry.attempt, err: error }, 'job failed for good');
      this.dedupe.delete(entry.dedupeId);
      this.failedJobs.push({ job: entry.job, error });
      if (this.failedJobs.length > KEEP_FAILED_JOBS) this.failedJobs.shift();
    }
  }
}
