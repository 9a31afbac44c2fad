import type { AlertConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { TierName, TierStats } from '../cache/tiers.js';
import type { QueueStats } from '../jobs/job-queue.js';
import type { LatencySummary } from './stats.js';
import { evaluateRules, FIXED_ALERTS, type AlertCheck, type AlertInputs } from './alert-rules.js';

/** An alert that is raised now. */
export interface ActiveAlert {
  alert: string;
  message: string;
  value: number | null;
  threshold: number;
  /** ISO time it was raised. */
  since: string;
}

/** What is POSTed to ALERT_WEBHOOK_URL on each change. */
export interface AlertEvent extends ActiveAlert {
  event: 'raised' | 'cleared';
  /** ISO time of this event. */
  at: string;
}

export interface AlertSources {
  /** Operations over the last `windowMs`; null when the performance monitor is off. */
  latency(windowMs: number): LatencySummary | null;
  cacheStats(): Record<TierName, TierStats>;
  queueStats(): Promise<QueueStats>;
  breakers(): { vendor: string; open: boolean }[];
}

/** A webhook that has not answered by then is given up on (logged), never waited for longer. */
const WEBHOOK_TIMEOUT_MS = 5000;

/**
 * The alert monitor: every ALERT_EVALUATION_SECONDS it evaluates the rules over the last
 * ALERT_WINDOW_MINUTES, logs each alert raised (warn) or cleared (info) and POSTs the event to
 * ALERT_WEBHOOK_URL when set, in order, with a timeout; a failing webhook is logged, never thrown.
 */
export class AlertMonitor {
  private readonly activeAlerts = new Map<string, ActiveAlert>();
  /** Cumulative cache counters seen at past evaluations, to count reads inside the window. */
  private readonly cacheSnapshots: { at: number; hits: number; reads: number }[];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private delivery: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: AlertConfig,
    private readonly sources: AlertSources,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    // The counters start at zero with the process.
    this.cacheSnapshots = [{ at: now(), hits: 0, reads: 0 }];
  }

  /** Evaluate on a timer that does not keep the process alive. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.evaluate(), this.config.evaluationMs);
    this.timer.unref();
  }

  /** Stop the timer; resolves when a running evaluation and queued webhook posts have ended. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.delivery;
  }

  /** One evaluation (never two at once): raise and clear alerts, log and post the changes. Never throws. */
  evaluate(): Promise<void> {
    this.running ??= this.evaluateOnce()
      .catch((err: unknown) => this.logger.error({ err }, 'alerts: evaluation failed'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Alerts raised now, oldest first. */
  active(): ActiveAlert[] {
    return [...this.activeAlerts.values()];
  }

  /** Every known alert with whether it is raised (the `hexar_alert_active` gauge). */
  states(): { alert: string; active: boolean }[] {
    const names = [...FIXED_ALERTS, ...this.sources.breakers().map((b) => `breaker_open:${b.vendor}`)];
    return names.map((alert) => ({ alert, active: this.activeAlerts.has(alert) }));
  }

  private async evaluateOnce(): Promise<void> {
    const inputs: AlertInputs = {
      latency: this.sources.latency(this.config.windowMs),
      cache: this.cacheInWindow(),
      queueWaiting: await this.sources
        .queueStats()
        .then((q) => q.waiting)
        .catch(() => null),
      breakers: this.sources.breakers(),
    };
    for (const check of evaluateRules(inputs, this.config)) this.apply(check);
  }

  private apply(check: AlertCheck): void {
    const current = this.activeAlerts.get(check.alert);
    const at = new Date(this.now()).toISOString();
    if (check.firing === true && !current) {
      const alert: ActiveAlert = { alert: check.alert, message: check.message, value: check.value, threshold: check.threshold, since: at };
      this.activeAlerts.set(check.alert, alert);
      this.logger.warn({ alert: alert.alert, value: alert.value, threshold: alert.threshold }, `alert raised: ${alert.alert}: ${alert.message}`);
      this.post({ event: 'raised', at, ...alert });
    } else if (check.firing === true && current) {
      // Still raised: the figures follow the latest evaluation.
      Object.assign(current, { message: check.message, value: check.value });
    } else if (check.firing === false && current) {
      this.activeAlerts.delete(check.alert);
      this.logger.info({ alert: check.alert, value: check.value, threshold: check.threshold }, `alert cleared: ${check.alert}: ${check.message}`);
      this.post({ event: 'cleared', at, ...current, message: check.message, value: check.value });
    }
  }

  /** Hits and reads (hits + misses, all tiers) since the newest snapshot at least a window old. */
  private cacheInWindow(): { hits: number; reads: number } {
    const now = this.now();
    const totals = Object.values(this.sources.cacheStats()).reduce(
      (sum, t) => ({ hits: sum.hits + t.hits, reads: sum.reads + t.hits + t.misses }),
      { hits: 0, reads: 0 },
    );
    const cutoff = now - this.config.windowMs;
    while (this.cacheSnapshots.length > 1 && this.cacheSnapshots[1]!.at <= cutoff) this.cacheSnapshots.shift();
    const base = this.cacheSnapshots[0]!;
    this.cacheSnapshots.push({ at: now, ...totals });
    return { hits: totals.hits - base.hits, reads: totals.reads - base.reads };
  }

  private post(event: AlertEvent): void {
    const url = this.config.webhookUrl;
    if (!url) return;
    this.delivery = this.delivery.then(async () => {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        await response.body?.cancel();
        if (!response.ok) this.logger.warn({ status: response.status, alert: event.alert }, 'alerts: the webhook refused the event');
      } catch (err) {
        this.logger.warn({ err, alert: event.alert }, 'alerts: the webhook could not be reached');
      }
    });
  }
}
