import CircuitBreaker from 'opossum';
import got, { RequestError, TimeoutError } from 'got';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Logger } from '../logger.js';
import type { VendorId } from '../domain/product.js';
import type { Config, RetailerConfig } from '../config.js';
import { VendorError, type VendorErrorKind } from './types.js';

/**
 * The vendor base every agent shares: one got client per retailer with a timeout per call
 * (never past the caller's deadline), one retry when the deadline leaves room, bounded
 * concurrency (p-limit) and a circuit breaker (opossum) in which a 404 is an answer, not a fault.
 */

export interface VendorClientOptions {
  /** Retailer identity from configuration (RetailerConfig.id), never from the host. */
  vendor: VendorId;
  /** Where the storefront lives; paths are joined to it (a mirror's path prefix is kept). */
  baseUrl: string;
  /** Longest one attempt may take (config.agents.queryTimeoutMs). Default 15 000. */
  timeoutMs?: number;
  /** Requests in flight at once for this retailer. Default 8. */
  concurrency?: number;
  /** Retries of an idempotent GET after a timeout, 5xx or network error (never after a 4xx). Default 1. */
  retries?: number;
  /** A retry starts only when at least this much of the deadline remains. Default 250 ms. */
  minRetryBudgetMs?: number;
  breaker?: {
    /** Calls in the rolling window before the breaker may open. Default 5. */
    volumeThreshold?: number;
    /** Failure percentage that opens it. Default 50. */
    errorThresholdPercentage?: number;
    /** How long it stays open before one trial call. Default 30 000 ms. */
    resetTimeoutMs?: number;
    /** The rolling window. Default 10 000 ms. */
    rollingCountTimeoutMs?: number;
  };
  logger?: Logger;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Epoch ms after which no attempt may run. */
  deadlineMs?: number;
  /** Extra request headers (e.g. accept). */
  headers?: Record<string, string>;
}

/** A VendorError that also says which HTTP status (if any) caused it and whether the caller gave up. */
export class VendorRequestError extends VendorError {
  constructor(
    vendor: VendorId,
    kind: VendorErrorKind,
    message: string,
    readonly url: string,
    readonly status: number | null = null,
    readonly callerAborted = false,
    options?: { cause?: unknown },
  ) {
    super(vendor, kind, message, options);
  }
}

interface Attempt {
  url: string;
  budgetMs: number;
  signal: AbortSignal | undefined;
  headers: Record<string, string>;
  parse: BodyParser<unknown>;
}

/** How one `get` ended, after its retries: `ok` or the VendorError's kind. */
export type RequestOutcome = 'ok' | VendorErrorKind;

/** Told of every `get`'s outcome (metrics); must not throw. */
export type OutcomeListener = (vendor: VendorId, outcome: RequestOutcome) => void;

/** The parsing step runs inside the breaker: a body it cannot read counts as a failure (MALFORMED). */
export type BodyParser<T> = (body: string, url: string) => T;

/** Thrown by a parser for a body that is not what the retailer's page or API should be. */
export class MalformedBodyError extends Error {
  override name = 'MalformedBodyError';
}

/** A 4xx that is about our request (not the retailer's health): not retried, not counted by the breaker. */
const isClientError = (status: number | null): boolean =>
  status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429;

export class VendorClient {
  readonly vendor: VendorId;
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly minRetryBudgetMs: number;
  private readonly limit: LimitFunction;
  private readonly breaker: CircuitBreaker<[Attempt], unknown>;
  private readonly logger: Logger | undefined;
  private readonly outcomeListeners: OutcomeListener[] = [];

  constructor(options: VendorClientOptions) {
    this.vendor = options.vendor;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.retries = options.retries ?? 1;
    this.minRetryBudgetMs = options.minRetryBudgetMs ?? 250;
    this.limit = pLimit(options.concurrency ?? 8);
    this.logger = options.logger;
    const b = options.breaker ?? {};
    this.breaker = new CircuitBreaker((a: Attempt) => this.fetchAndParse(a), {
      // Timeouts are got's (per attempt, bounded by the deadline), so the breaker adds none.
      timeout: false,
      volumeThreshold: b.volumeThreshold ?? 5,
      errorThresholdPercentage: b.errorThresholdPercentage ?? 50,
      resetTimeout: b.resetTimeoutMs ?? 30_000,
      rollingCountTimeout: b.rollingCountTimeoutMs ?? 10_000,
      // A 404, a refused request or a caller who gave up says nothing about the retailer's health.
      errorFilter: (err: unknown) =>
        err instanceof VendorRequestError && (err.kind === 'NOT_FOUND' || isClientError(err.status) || err.callerAborted),
    });
    this.breaker.on('open', () => this.logger?.warn({ vendor: this.vendor }, 'circuit breaker opened'));
    this.breaker.on('close', () => this.logger?.info({ vendor: this.vendor }, 'circuit breaker closed'));
  }

  /**
   * The client for one configured retailer: identity from `retailer.id`, a timeout of
   * config.agents.queryTimeoutMs per call, `concurrency` requests in flight at once.
   */
  static forRetailer(
    retailer: RetailerConfig & { baseUrl: string },
    config: Config,
    concurrency: number,
    logger?: Logger,
  ): VendorClient {
    return new VendorClient({
      vendor: retailer.id,
      baseUrl: retailer.baseUrl,
      timeoutMs: config.agents.queryTimeoutMs,
      concurrency,
      logger,
    });
  }

  /** Whether the breaker is open (calls fail fast with CIRCUIT_OPEN). For monitoring. */
  isOpen(): boolean {
    return this.breaker.opened;
  }

  /** Call `listener` with the outcome of every later `get` (one call per `get`, retries included in it). */
  onOutcome(listener: OutcomeListener): void {
    this.outcomeListeners.push(listener);
  }

  /**
   * Absolute URL on this retailer's configured storefront. A path is joined to the base URL;
   * an absolute URL on another host (one recorded against an earlier base, e.g. a sandbox on
   * another port) keeps its path and query but moves to the configured base.
   */
  url(pathOrUrl: string): string {
    if (/^https?:\/\//i.test(pathOrUrl)) {
      if (pathOrUrl.startsWith(`${this.baseUrl}/`)) return pathOrUrl;
      const u = new URL(pathOrUrl);
      pathOrUrl = `${u.pathname}${u.search}`;
    }
    return `${this.baseUrl}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
  }

  /**
   * GET `path` and parse its body, both inside the breaker. Rejects with a VendorError:
   * NOT_FOUND (404/410), ERROR (5xx, network, other 4xx), TIMEOUT (attempt or deadline),
   * MALFORMED (the parser threw), CIRCUIT_OPEN (breaker open, no request made).
   */
  async get<T>(path: string, parse: BodyParser<T>, options: RequestOptions = {}): Promise<T> {
    const url = this.url(path);
    for (let attempt = 0; ; attempt++) {
      try {
        const value = (await this.limit(() => this.attempt(url, parse, options))) as T;
        this.tell('ok');
        return value;
      } catch (err) {
        const e = err instanceof VendorError ? err : this.toVendorError(err, url, options.signal);
        if (!this.mayRetry(e, attempt, options)) {
          this.tell(e.kind);
          throw e;
        }
        this.logger?.debug({ vendor: this.vendor, url, kind: e.kind }, 'retrying vendor request');
      }
    }
  }

  /** GET a JSON document; a body that is not JSON is MALFORMED. */
  getJson<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.get(path, (body) => parseJson(body) as T, { ...options, headers: { accept: 'application/json', ...options.headers } });
  }

  /** Stop the breaker's timers (tests, shutdown). */
  shutdown(): void {
    this.breaker.shutdown();
  }

  private tell(outcome: RequestOutcome): void {
    for (const listener of this.outcomeListeners) listener(this.vendor, outcome);
  }

  private mayRetry(e: VendorError, attempt: number, options: RequestOptions): boolean {
    if (attempt >= this.retries) return false;
    if (e.kind !== 'TIMEOUT' && e.kind !== 'ERROR') return false;
    if (e instanceof VendorRequestError && (e.callerAborted || isClientError(e.status))) return false;
    if (options.signal?.aborted) return false;
    const remaining = (options.deadlineMs ?? Infinity) - Date.now();
    return remaining >= this.minRetryBudgetMs;
  }

  private async attempt(url: string, parse: BodyParser<unknown>, options: RequestOptions): Promise<unknown> {
    const { signal, deadlineMs } = options;
    if (signal?.aborted) throw new VendorRequestError(this.vendor, 'TIMEOUT', `aborted before ${url}`, url, null, true);
    const budgetMs = Math.min(this.timeoutMs, (deadlineMs ?? Infinity) - Date.now());
    if (budgetMs <= 0) {
      throw new VendorRequestError(this.vendor, 'TIMEOUT', `deadline passed before ${url}`, url, null, true);
    }
    try {
      return await this.breaker.fire({ url, budgetMs: Math.ceil(budgetMs), signal, headers: options.headers ?? {}, parse });
    } catch (err) {
      throw this.toVendorError(err, url, signal);
    }
  }

  /** Inside the breaker: the request, its status and the parsing step, so an unreadable body counts as a failure. */
  private async fetchAndParse({ url, budgetMs, signal, headers, parse }: Attempt): Promise<unknown> {
    const res = await got(url, {
      timeout: { request: budgetMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
      signal,
      headers,
      responseType: 'text',
    });
    const status = res.statusCode;
    if (status === 404 || status === 410) {
      throw new VendorRequestError(this.vendor, 'NOT_FOUND', `${status} ${url}`, url, status);
    }
    if (status >= 400) throw new VendorRequestError(this.vendor, 'ERROR', `${status} ${url}`, url, status);
    try {
      return parse(res.body, url);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new VendorRequestError(this.vendor, 'MALFORMED', `unreadable body at ${url}: ${why}`, url, status, false, { cause: err });
    }
  }

  private toVendorError(err: unknown, url: string, signal: AbortSignal | undefined): VendorError {
    if (err instanceof VendorError) return err;
    const code = (err as { code?: string } | null)?.code;
    if (code === 'EOPENBREAKER') return new VendorRequestError(this.vendor, 'CIRCUIT_OPEN', `circuit open for ${this.vendor}`, url);
    if (signal?.aborted) return new VendorRequestError(this.vendor, 'TIMEOUT', `aborted: ${url}`, url, null, true, { cause: err });
    if (err instanceof TimeoutError || code === 'ETIMEDOUT') {
      return new VendorRequestError(this.vendor, 'TIMEOUT', `timed out: ${url}`, url, null, false, { cause: err });
    }
    const message = err instanceof RequestError ? `${err.code ?? 'request failed'}: ${url}` : `request failed: ${url}`;
    return new VendorRequestError(this.vendor, 'ERROR', message, url, null, false, { cause: err });
  }
}

/** JSON.parse that throws MalformedBodyError. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new MalformedBodyError(`not JSON: ${(err as Error).message}`);
  }
}
