import { z } from 'zod';

/**
 * Environment → typed Config. The only place that reads `process.env`.
 * Defaults are the seed's production settings; a bad value stops start-up
 * with a message naming the variable.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const num = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().min(min).max(max);
const url = z.url();
const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), url.optional());

const EnvSchema = z.object({
  PORT: int(0, 65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  REDIS_URL: optionalUrl,
  /** Key prefix in Redis so several deployments (or test runs) can share one server. */
  REDIS_KEY_PREFIX: z.string().default('hexar:'),
  STATIC_CACHE_TTL_DAYS: num(0.0001).default(30),
  LIVE_CACHE_TTL_MINUTES: num(0.01).default(15),
  LIVE_STALE_GRACE_MINUTES: num(0).default(60),
  /** How long a failed live fetch is remembered (its status only, never data). */
  LIVE_NEGATIVE_TTL_SECONDS: int(0).default(30),
  LIVE_DEADLINE_MS: int(1).default(2500),
  QUERY_CACHE_TTL_MINUTES: num(0.01).default(60),
  USER_CACHE_TTL_DAYS: num(0.0001).default(7),
  /** Decoded static records kept in each process (least recently used out first); 0: none. */
  STATIC_RECORD_CACHE_SIZE: int(0).default(10_000),
  MAX_CONCURRENT_HEAVY_AGENTS: int(1, 64).default(3),
  MAX_CONCURRENT_LIGHT_AGENTS: int(1, 64).default(8),
  BACKGROUND_WORKER_COUNT: int(1, 64).default(3),
  /** Every retailer is crawled again this often (a BullMQ job scheduler: once cluster-wide). */
  CRAWL_INTERVAL_HOURS: num(0.001).default(24),
  /** Records expiring within this many days are refreshed ahead of expiry, most-requested first. */
  STATIC_REFRESH_AHEAD_DAYS: num(0).default(5),
  /** A job whose worker died is taken up again by another worker after this long. */
  JOB_LOCK_SECONDS: num(1, 3600).default(30),
  AGENT_QUERY_TIMEOUT: num(0.05).default(15),
  ORCHESTRATOR_TIMEOUT: num(0.05).default(30),
  MAX_EXECUTION_TIME: num(0.05).default(45),
  AI_BATCH_SIZE: int(1, 100).default(20),
  MAX_AI_CONCURRENT_BATCHES: int(1, 32).default(3),
  /** Set: reviews are analysed by an OpenAI(-compatible) model; unset: by the offline analyzer. */
  OPENAI_API_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional()),
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** US dollars per million tokens, for the cost estimate (defaults: gpt-4o-mini's list prices). */
  AI_PRICE_INPUT_PER_MTOK: num(0).default(0.15),
  AI_PRICE_OUTPUT_PER_MTOK: num(0).default(0.6),
  AI_TIMEOUT_SECONDS: num(0.05, 3600).default(60),
  PERFORMANCE_MONITORING: bool.default(true),
  SLOW_QUERY_THRESHOLD_MS: int(1).default(7000),
  FAST_QUERY_THRESHOLD_MS: int(1).default(1000),
  /** Alert thresholds (the seed's), evaluated over the last ALERT_WINDOW_MINUTES. */
  ALERT_AVG_MS: int(1).default(5000),
  ALERT_P95_MS: int(1).default(8000),
  ALERT_MIN_HIT_RATE: num(0, 1).default(0.7),
  ALERT_MAX_ERROR_RATE: num(0, 1).default(0.05),
  ALERT_MAX_QUEUE_WAITING: int(0).default(100),
  ALERT_EVALUATION_SECONDS: num(0.05, 3600).default(30),
  ALERT_WINDOW_MINUTES: num(0.001, 60).default(5),
  /** Fewer operations (or cache reads) than this in the window: no latency, error-rate or hit-rate alert. */
  ALERT_MIN_SAMPLES: int(1).default(20),
  ALERT_WEBHOOK_URL: optionalUrl,
  EVO_BASE_URL: optionalUrl,
  BACKCOUNTRY_BASE_URL: optionalUrl,
  /**
   * Serve simulated storefronts for retailers without a base URL. Default: yes in embedded mode
   * (the demo), no in production mode, where a missing base URL stops start-up instead.
   */
  SANDBOX: bool.optional(),
  /** Embedded mode: crawl the retailers at start-up so search works at once. */
  CRAWL_ON_START: bool.default(true),
  /** How often a server checks the catalog's version key for changes it missed (pub/sub is not durable). */
  CATALOG_SYNC_INTERVAL_SECONDS: num(0.05, 3600).default(5),
  SANDBOX_EVO_PORT: int(0, 65535).default(4101),
  SANDBOX_BACKCOUNTRY_PORT: int(0, 65535).default(4102),
  SANDBOX_LATENCY_MS: int(0).default(0),
  /** Above SANDBOX_LATENCY_MS: sandbox latencies are log-normal with that median and this p95. */
  SANDBOX_LATENCY_P95_MS: int(0).default(0),
  SANDBOX_FAILURE_RATE: num(0, 1).default(0),
  /** Bearer token for /admin/*; unset: /admin/* answers loopback peers only. */
  ADMIN_TOKEN: z.string().min(1).optional(),
  /** Signs and checks X-Hexar-User tokens (README, *Users*); unset: user headers are refused and every answer is global. */
  USER_TOKEN_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /** Rollback switches (README, *Rollback switches*): each turns one part of the smart split off. */
  QUERY_CACHE: bool.default(true),
  BACKGROUND_PROCESSING: bool.default(true),
  SPLIT_AGENTS: bool.default(true),
  /** Live price subscriptions (README, *Live price subscriptions*): products someone watches are read again this often. */
  LIVE_POLL_INTERVAL_SECONDS: num(0.05, 86_400).default(60),
  /** PostgreSQL for the durable store (price history, saved alerts); unset: PGlite in DATA_DIR in embedded mode, off in production. */
  DATABASE_URL: optionalUrl,
  /** PGlite's data directory (embedded mode without DATABASE_URL). */
  DATA_DIR: z.string().min(1).default('.hexar'),
  PRICE_HISTORY_DAYS: num(0.0001, 3650).default(90),
  PRICE_ALERT_TTL_DAYS: num(0.0001, 3650).default(180),
  /** Let saved alerts' webhooks target loopback and private addresses (tests, local receivers). */
  PRICE_ALERT_WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  /** The simulated storefronts move some prices and stock on a deterministic schedule. Default: on in embedded mode (the demo). */
  SANDBOX_PRICE_CHANGES: bool.optional(),
  SANDBOX_PRICE_CHANGE_INTERVAL_SECONDS: num(0.05, 86_400).default(120),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unset: the logger picks pretty on a terminal, JSON otherwise (config stays pure). */
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
});

export type RetailerKind = 'evo' | 'backcountry';

export interface RetailerConfig {
  /** Identity used in ids, cache keys and the API: from configuration, never from the host. */
  id: string;
  /** Which site profile (selectors, URL patterns) the agents use. */
  kind: RetailerKind;
  /** undefined = start the in-process sandbox storefront for this retailer (only when sandbox.allowed). */
  baseUrl: string | undefined;
}

/** The variable that sets each retailer kind's base URL. */
const BASE_URL_VARIABLES: Record<RetailerKind, string> = { evo: 'EVO_BASE_URL', backcountry: 'BACKCOUNTRY_BASE_URL' };

export interface Config {
  port: number;
  host: string;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  mode: 'embedded' | 'production';
  ttl: {
    staticSeconds: number;
    liveSeconds: number;
    liveStaleGraceSeconds: number;
    liveNegativeSeconds: number;
    querySeconds: number;
    userSeconds: number;
  };
  liveDeadlineMs: number;
  agents: {
    maxConcurrentHeavy: number;
    maxConcurrentLight: number;
    queryTimeoutMs: number;
  };
  backgroundWorkerCount: number;
  jobs: { crawlIntervalMs: number; lockMs: number; refreshAheadSeconds: number };
  orchestratorTimeoutMs: number;
  maxExecutionTimeMs: number;
  ai: { batchSize: number; maxConcurrentBatches: number };
  /** Review analysis: the OpenAI analyzer when a key is set (else the offline one), prices, timeout. */
  analysis: {
    openai: { apiKey: string; baseUrl: string | undefined; model: string } | null;
    priceInputPerMTok: number;
    priceOutputPerMTok: number;
    timeoutMs: number;
  };
  monitoring: { enabled: boolean; slowQueryMs: number; fastQueryMs: number };
  alerts: AlertConfig;
  retailers: RetailerConfig[];
  crawlOnStart: boolean;
  /** Interval of the catalog's version-key check (catch-up after missed change messages). */
  catalogSyncIntervalMs: number;
  sandbox: {
    /** Whether retailers without a base URL may be served by the simulated storefronts (SANDBOX). */
    allowed: boolean;
    evoPort: number;
    backcountryPort: number;
    latencyMs: number;
    latencyP95Ms: number;
    failureRate: number;
  };
  /** undefined = /admin/* answers only peers on loopback. */
  adminToken: string | undefined;
  /** undefined = no user tokens are accepted (requests are anonymous). */
  userTokenSecret: string | undefined;
  /** Rollback switches: false turns that part of the smart split off (README, *Rollback switches*). */
  switches: {
    /** QUERY_CACHE: the query tier (and the response cache, once there is one). */
    queryCache: boolean;
    /** BACKGROUND_PROCESSING: a search miss's heavy work in a job (false: inline, in the request). */
    backgroundProcessing: boolean;
    /** SPLIT_AGENTS: the static tier between search and the heavy agents (false: the old single path). */
    splitAgents: boolean;
  };
  /** In-process decoded static records per process (STATIC_RECORD_CACHE_SIZE; 0 = none). */
  staticRecordCacheSize: number;
  /** Live price subscriptions, price history and saved alerts (README, *Live price subscriptions*). */
  live: LiveSubscriptionConfig;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** undefined = decided where the logger is created (pretty when stdout is a terminal). */
  logFormat: z.infer<typeof EnvSchema>['LOG_FORMAT'];
}

/** Alert rules' thresholds and how they are evaluated (src/monitoring/alerts.ts). */
export interface AlertConfig {
  avgMs: number;
  p95Ms: number;
  minHitRate: number;
  maxErrorRate: number;
  maxQueueWaiting: number;
  evaluationMs: number;
  windowMs: number;
  minSamples: number;
  webhookUrl: string | undefined;
}

/** Subscriptions' refresher, the durable store and saved alerts. */
export interface LiveSubscriptionConfig {
  pollIntervalMs: number;
  /** PostgreSQL; undefined = PGlite in dataDir (embedded mode) or no durable store (production). */
  databaseUrl: string | undefined;
  dataDir: string;
  historyDays: number;
  alertTtlDays: number;
  webhookAllowPrivate: boolean;
  /** The simulated storefronts' deterministic price and stock moves (null = off). */
  sandboxPriceChangeIntervalMs: number | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse an environment (defaults to `process.env`) into a Config, or throw a ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((k) => [k, env[k] === '' && k !== 'REDIS_KEY_PREFIX' ? undefined : env[k]]),
  );
  const parsed = EnvSchema.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(known[String(i.path[0])])}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mode = e.REDIS_URL ? 'production' : 'embedded';
  const retailers: RetailerConfig[] = [
    { id: 'evo', kind: 'evo', baseUrl: e.EVO_BASE_URL },
    { id: 'backcountry', kind: 'backcountry', baseUrl: e.BACKCOUNTRY_BASE_URL },
  ];
  const sandboxAllowed = e.SANDBOX ?? mode === 'embedded';
  const unset = retailers.filter((r) => !r.baseUrl).map((r) => BASE_URL_VARIABLES[r.kind]);
  if (!sandboxAllowed && unset.length > 0) {
    // Production never serves simulated data by accident.
    const why = mode === 'production' ? 'production mode (REDIS_URL is set)' : 'SANDBOX=false';
    throw new ConfigError(
      `Invalid configuration:\n  ${unset.join(', ')} ${unset.length > 1 ? 'are' : 'is'} not set: ${why} never serves simulated storefronts. ` +
        `Point ${unset.length > 1 ? 'them' : 'it'} at the retailers' storefronts, or set SANDBOX=true to run against the simulated ones on purpose.`,
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    mode,
    ttl: {
      staticSeconds: Math.round(e.STATIC_CACHE_TTL_DAYS * 86400),
      liveSeconds: Math.max(1, Math.round(e.LIVE_CACHE_TTL_MINUTES * 60)),
      liveStaleGraceSeconds: Math.round(e.LIVE_STALE_GRACE_MINUTES * 60),
      liveNegativeSeconds: e.LIVE_NEGATIVE_TTL_SECONDS,
      querySeconds: Math.max(1, Math.round(e.QUERY_CACHE_TTL_MINUTES * 60)),
      userSeconds: Math.round(e.USER_CACHE_TTL_DAYS * 86400),
    },
    liveDeadlineMs: e.LIVE_DEADLINE_MS,
    agents: {
      maxConcurrentHeavy: e.MAX_CONCURRENT_HEAVY_AGENTS,
      maxConcurrentLight: e.MAX_CONCURRENT_LIGHT_AGENTS,
      queryTimeoutMs: Math.round(e.AGENT_QUERY_TIMEOUT * 1000),
    },
    backgroundWorkerCount: e.BACKGROUND_WORKER_COUNT,
    jobs: {
      crawlIntervalMs: Math.round(e.CRAWL_INTERVAL_HOURS * 3_600_000),
      lockMs: Math.round(e.JOB_LOCK_SECONDS * 1000),
      refreshAheadSeconds: Math.round(e.STATIC_REFRESH_AHEAD_DAYS * 86_400),
    },
    orchestratorTimeoutMs: Math.round(e.ORCHESTRATOR_TIMEOUT * 1000),
    maxExecutionTimeMs: Math.round(e.MAX_EXECUTION_TIME * 1000),
    ai: { batchSize: e.AI_BATCH_SIZE, maxConcurrentBatches: e.MAX_AI_CONCURRENT_BATCHES },
    analysis: {
      openai: e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL } : null,
      priceInputPerMTok: e.AI_PRICE_INPUT_PER_MTOK,
      priceOutputPerMTok: e.AI_PRICE_OUTPUT_PER_MTOK,
      timeoutMs: e.AI_TIMEOUT_SECONDS * 1000,
    },
    monitoring: {
      enabled: e.PERFORMANCE_MONITORING,
      slowQueryMs: e.SLOW_QUERY_THRESHOLD_MS,
      fastQueryMs: e.FAST_QUERY_THRESHOLD_MS,
    },
    alerts: {
      avgMs: e.ALERT_AVG_MS,
      p95Ms: e.ALERT_P95_MS,
      minHitRate: e.ALERT_MIN_HIT_RATE,
      maxErrorRate: e.ALERT_MAX_ERROR_RATE,
      maxQueueWaiting: e.ALERT_MAX_QUEUE_WAITING,
      evaluationMs: Math.round(e.ALERT_EVALUATION_SECONDS * 1000),
      windowMs: Math.round(e.ALERT_WINDOW_MINUTES * 60_000),
      minSamples: e.ALERT_MIN_SAMPLES,
      webhookUrl: e.ALERT_WEBHOOK_URL,
    },
    retailers,
    crawlOnStart: e.CRAWL_ON_START,
    catalogSyncIntervalMs: Math.round(e.CATALOG_SYNC_INTERVAL_SECONDS * 1000),
    sandbox: {
      allowed: sandboxAllowed,
      evoPort: e.SANDBOX_EVO_PORT,
      backcountryPort: e.SANDBOX_BACKCOUNTRY_PORT,
      latencyMs: e.SANDBOX_LATENCY_MS,
      latencyP95Ms: e.SANDBOX_LATENCY_P95_MS,
      failureRate: e.SANDBOX_FAILURE_RATE,
    },
    adminToken: e.ADMIN_TOKEN,
    userTokenSecret: e.USER_TOKEN_SECRET,
    switches: { queryCache: e.QUERY_CACHE, backgroundProcessing: e.BACKGROUND_PROCESSING, splitAgents: e.SPLIT_AGENTS },
    staticRecordCacheSize: e.STATIC_RECORD_CACHE_SIZE,
    live: {
      pollIntervalMs: Math.round(e.LIVE_POLL_INTERVAL_SECONDS * 1000),
      databaseUrl: e.DATABASE_URL,
      dataDir: e.DATA_DIR,
      historyDays: e.PRICE_HISTORY_DAYS,
      alertTtlDays: e.PRICE_ALERT_TTL_DAYS,
      webhookAllowPrivate: e.PRICE_ALERT_WEBHOOK_ALLOW_PRIVATE,
      sandboxPriceChangeIntervalMs: (e.SANDBOX_PRICE_CHANGES ?? mode === 'embedded') ? Math.round(e.SANDBOX_PRICE_CHANGE_INTERVAL_SECONDS * 1000) : null,
    },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
  };
}
