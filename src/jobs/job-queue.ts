/**
 * The background job queue: one interface, two backends (BullMQ on Redis in production,
 * in-process in embedded mode), one contract suite (test/jobs/job-queue-contract.test.ts).
 * Names of the wire (queue, jobs) live here and nowhere else.
 */

/** The one queue of heavy work. */
export const HEAVY_QUEUE_NAME = 'heavy';

export const JOB_NAMES = {
  crawlRetailer: 'crawl-retailer',
  analyzeQuery: 'analyze-query',
  refreshProduct: 'refresh-product',
} as const;

export type HeavyJob =
  /** One retailer's catalog: its listing walk and every product page. */
  | { name: typeof JOB_NAMES.crawlRetailer; data: { vendor: string } }
  /** A query the static catalog could not answer: read the retailers' matches in full. */
  | { name: typeof JOB_NAMES.analyzeQuery; data: { query: string } }
  /** One product's pages again at every retailer that lists it. */
  | { name: typeof JOB_NAMES.refreshProduct; data: { productId: string } };

export type HeavyJobName = HeavyJob['name'];

/** 1: a shopper just missed (runs first); 2: scheduled work. */
export type JobPriority = 1 | 2;

export interface EnqueueOptions {
  priority: JobPriority;
  /**
   * While a job with this id waits or runs, adding another is a no-op (BullMQ's deduplication):
   * a second identical miss, or a crawl asked for by several servers, runs once.
   */
  dedupeId: string;
}

export interface EnqueueResult {
  jobId: string;
  /** true when a job with the same dedupeId was already waiting or running (nothing was added). */
  deduplicated: boolean;
}

export interface QueueStats {
  /** Ready to run now. */
  waiting: number;
  /** Due later: retries in their backoff, scheduled runs. */
  delayed: number;
  active: number;
  completed: number;
  failed: number;
  /** Age of the oldest waiting job in ms, null when none waits. */
  oldestWaitingMs: number | null;
}

/** What a job handler gets besides the job: a signal aborted when the job runs out of time or the worker stops. */
export interface JobContext {
  signal: AbortSignal;
  attempt: number;
}

export type JobHandler = (job: HeavyJob, context: JobContext) => Promise<void>;

export interface WorkerOptions {
  /** Jobs run at once by this process (BACKGROUND_WORKER_COUNT). */
  concurrency: number;
  /** A job still running after this long fails (MAX_EXECUTION_TIME) and is retried. */
  maxExecutionMs: number;
}

export interface JobQueue {
  /** Add a job unless one with the same dedupeId waits or runs. */
  enqueue(job: HeavyJob, options: EnqueueOptions): Promise<EnqueueResult>;
  /**
   * Run `job` every `everyMs`, once cluster-wide however many processes ask (idempotent: an
   * upsert by id, so every worker may call it at start and on a timer).
   */
  schedule(schedulerId: string, everyMs: number, job: HeavyJob): Promise<void>;
  /** Start processing jobs in this process. */
  work(handler: JobHandler, options: WorkerOptions): Promise<void>;
  stats(): Promise<QueueStats>;
  /** Stop workers (running jobs are aborted and retried elsewhere) and close connections. */
  close(): Promise<void>;
}

/** Runs of a failing job (the first and two retries), with exponential backoff from this delay. */
export const JOB_ATTEMPTS = 3;
export const JOB_BACKOFF_MS = 2_000;

/** How often a failing job runs and how long it waits between runs (tests shorten the wait). */
export interface RetryOptions {
  attempts: number;
  backoffMs: number;
}
export const DEFAULT_RETRY: RetryOptions = { attempts: JOB_ATTEMPTS, backoffMs: JOB_BACKOFF_MS };
/** Failed jobs kept for inspection; completed ones kept for stats. */
export const KEEP_FAILED_JOBS = 1_000;
export const KEEP_COMPLETED_JOBS = 1_000;

/** Run `work` with a signal that aborts after `ms`; rejects with a clear error when it does. */
export async function withTimeLimit<T>(ms: number, outer: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onOuter = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuter, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`job exceeded MAX_EXECUTION_TIME (${ms} ms)`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
  }
}
