import type { AppServices } from '../services.js';

/** Each dependency's state: 'ok', or why it cannot be used. */
export type ReadinessChecks = Record<string, string>;

export interface Readiness {
  ready: boolean;
  checks: ReadinessChecks;
}

/**
 * Whether this process can serve traffic now. Production mode: the store's Redis connection is
 * ready and the job queue answers (its read is bounded, so this returns within ~2 s when Redis
 * does not answer). Embedded mode has no outside dependency: the in-process queue always answers.
 */
export async function checkReadiness(services: Pick<AppServices, 'config' | 'store' | 'heavyProcessor'>): Promise<Readiness> {
  const checks: ReadinessChecks = {};
  if (services.config.mode === 'production') checks.redis = services.store.unavailableReason() ?? 'ok';
  // PostgreSQL, once configured, is checked here as checks.postgres.
  checks.queue = await services.heavyProcessor.queueStats().then(
    () => 'ok',
    (err: unknown) => (err instanceof Error ? err.message : String(err)),
  );
  return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
}
