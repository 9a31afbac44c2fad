import type { TierName, TierStats } from '../cache/tiers.js';
import type { ReviewAnalysisStats } from '../analysis/analysis-service.js';
import type { QueueStats } from '../jobs/job-queue.js';
import type { ActiveAlert } from './alerts.js';
import type { RollingReport } from './performance-monitor.js';
import type { MinutePoint } from './stats.js';

/** Everything the /admin page shows, gathered by the route. */
export interface DashboardData {
  generatedAt: string;
  /** null when PERFORMANCE_MONITORING=false. */
  report: RollingReport | null;
  chart: MinutePoint[];
  cache: Record<TierName, TierStats>;
  queue: QueueStats | { error: string };
  retailers: { id: string; simulated: boolean; breakerOpen: boolean; requests: number; errors: number; errorRate: number | null }[];
  alerts: ActiveAlert[];
  /** AI_BATCH_SIZE as configured; no AI call is made yet, so there is no measured batch size or cost. */
  aiBatchSizeConfigured: number;
  /** The review analysis figures measured in this process (shown once a call was made). */
  ai?: ReviewAnalysisStats;
  refreshSeconds: number;
}

/** HTML-escape text for element content and quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const ms = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${Math.round(v)} ms`);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${Math.round(v * 1000) / 10} %`);

/** The /admin page: one self-contained HTML document (inline CSS and SVG, no script), every value escaped. */
export function renderDashboard(d: DashboardData): string {
  const l = d.report?.latency;
  const kpi = (id: string, label: string, value: string) =>
    `<div class="kpi"><div class="label">${escapeHtml(label)}</div><div class="value" data-kpi="${escapeHtml(id)}">${escapeHtml(value)}</div></div>`;
  const kpis = l
    ? [
        kpi('operations', 'Operations (last hour)', String(l.operations)),
        kpi('avg', 'Average', ms(l.avgMs)),
        kpi('median', 'Median', ms(l.medianMs)),
        kpi('p95', 'p95', ms(l.p95Ms)),
        kpi('p99', 'p99', ms(l.p99Ms)),
        kpi('first-payload', 'Median first payload', ms(l.medianFirstPayloadMs)),
        kpi('error-rate', 'Operations with errors', pct(l.errorRate)),
        kpi('fast', 'Fast share', pct(l.fastShare)),
        kpi('slow', 'Slow share', pct(l.slowShare)),
      ].join('')
    : '<p>Performance monitoring is off (PERFORMANCE_MONITORING=false).</p>';
  const tiers = Object.entries(d.cache)
    .map(
      ([tier, s]) =>
        `<tr><td>${escapeHtml(tier)}</td><td data-hit-rate="${escapeHtml(tier)}">${escapeHtml(pct(s.hitRate))}</td><td>${s.hits}</td><td>${s.misses}</td><td>${s.corrupt}</td><td>${s.errors}</td></tr>`,
    )
    .join('');
  const queue =
    'error' in d.queue
      ? `<p class="bad">The queue cannot be read: ${escapeHtml(d.queue.error)}</p>`
      : `<table><tr><th>waiting</th><th>delayed</th><th>active</th><th>completed</th><th>failed</th><th>oldest waiting</th></tr><tr><td data-queue="waiting">${d.queue.waiting}</td><td>${d.queue.delayed}</td><td>${d.queue.active}</td><td>${d.queue.completed}</td><td>${d.queue.failed}</td><td>${escapeHtml(ms(d.queue.oldestWaitingMs))}</td></tr></table>`;
  const retailers = d.retailers
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.id)}${r.simulated ? ' (sandbox)' : ''}</td><td data-retailer-requests="${escapeHtml(r.id)}">${r.requests}</td><td>${r.errors}</td><td>${escapeHtml(pct(r.errorRate))}</td><td class="${r.breakerOpen ? 'bad' : 'ok'}">${r.breakerOpen ? 'open' : 'closed'}</td></tr>`,
    )
    .join('');
  const alerts =
    d.alerts.length === 0
      ? '<p class="ok" data-alerts="none">No active alerts.</p>'
      : `<ul data-alerts="active">${d.alerts.map((a) => `<li class="bad"><b>${escapeHtml(a.alert)}</b> since ${escapeHtml(a.since)}: ${escapeHtml(a.message)}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="${d.refreshSeconds}">
<title>Hexar Gear API: operations</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}h1{font-size:1.3rem}h2{font-size:1.05rem;margin-top:1.5rem}
.kpis{display:flex;flex-wrap:wrap;gap:.75rem}.kpi{border:1px solid #ccc;border-radius:6px;padding:.5rem .8rem;min-width:8rem}
.label{color:#666;font-size:.8rem}.value{font-size:1.2rem;font-weight:600}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .6rem;text-align:right}
td:first-child{text-align:left}.bad{color:#b00020}.ok{color:#1b5e20}small{color:#666}
</style></head><body>
<h1>Hexar Gear API: operations</h1>
<small>Generated ${escapeHtml(d.generatedAt)}; refreshes every ${d.refreshSeconds} s.</small>
<h2>Active alerts</h2>${alerts}
<h2>Response times (last hour)</h2><div class="kpis">${kpis}</div>
<h2>Latency per minute (last hour)</h2>${latencyChartSvg(d.chart)}
<h2>Cache hit rates per tier</h2><table><tr><th>tier</th><th>hit rate</th><th>hits</th><th>misses</th><th>corrupt</th><th>errors</th></tr>${tiers}</table>
<h2>Background queue</h2>${queue}
<h2>Retailers (last hour)</h2><table><tr><th>retailer</th><th>requests</th><th>errors</th><th>error rate</th><th>breaker</th></tr>${retailers}</table>
<h2>AI analysis</h2>${aiFigures(d)}
</body></html>`;
}

function aiFigures(d: DashboardData): string {
  const ai = d.ai;
  if (!ai || ai.calls === 0) {
    return `<p data-ai="none">No AI calls yet: no batch size, tokens or cost per query measured (AI_BATCH_SIZE is ${escapeHtml(d.aiBatchSizeConfigured)}).</p>`;
  }
  const perProduct = ai.costPerProductUsd === null ? 'n/a' : `$${ai.costPerProductUsd.toFixed(6)}`;
  return `<p data-ai="figures">${escapeHtml(ai.analyzer)} analyzer (${escapeHtml(ai.model)}): ${ai.calls} calls of up to ${ai.batchSize} products (${ai.productsSent} sent), ${ai.analysedProducts} products analysed, ${ai.failedProducts} failed, ${ai.unchangedProducts} unchanged (no call); tokens ${ai.tokens.input} in, ${ai.tokens.output} out; estimated cost $${ai.costUsd.toFixed(4)} (${perProduct} per product).</p>`;
}

const W = 720;
const H = 200;
const PAD = 36;
/** Room for the y-axis label ("12345 ms"). */
const LEFT = 64;

/** An inline SVG of p50 and p95 per minute; minutes without operations leave gaps in the lines. */
export function latencyChartSvg(points: readonly MinutePoint[]): string {
  const max = Math.max(1, ...points.flatMap((p) => [p.p95Ms ?? 0, p.p50Ms ?? 0]));
  const x = (i: number) => LEFT + (points.length <= 1 ? 0 : (i * (W - LEFT - PAD)) / (points.length - 1));
  const y = (v: number) => H - PAD - (v / max) * (H - 2 * PAD);
  const path = (pick: (p: MinutePoint) => number | null) => {
    let d = '';
    let pen = false;
    points.forEach((p, i) => {
      const v = pick(p);
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
      pen = true;
    });
    return d.trim();
  };
  const dots = (pick: (p: MinutePoint) => number | null, color: string) =>
    points
      .map((p, i) => (pick(p) === null ? '' : `<circle cx="${x(i).toFixed(1)}" cy="${y(pick(p)!).toFixed(1)}" r="2" fill="${color}"/>`))
      .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="p50 and p95 latency per minute">
<line x1="${LEFT}" y1="${H - PAD}" x2="${W - PAD}" y2="${H - PAD}" stroke="#999"/><line x1="${LEFT}" y1="${PAD}" x2="${LEFT}" y2="${H - PAD}" stroke="#999"/>
<text x="${LEFT - 4}" y="${PAD}" text-anchor="end" font-size="10">${Math.round(max)} ms</text><text x="${LEFT - 4}" y="${H - PAD}" text-anchor="end" font-size="10">0</text>
<text x="${LEFT}" y="${H - PAD + 14}" font-size="10">-${points.length} min</text><text x="${W - PAD}" y="${H - PAD + 14}" text-anchor="end" font-size="10">now</text>
<path d="${path((p) => p.p95Ms)}" fill="none" stroke="#b00020" stroke-width="1.5" data-series="p95"/>${dots((p) => p.p95Ms, '#b00020')}
<path d="${path((p) => p.p50Ms)}" fill="none" stroke="#1565c0" stroke-width="1.5" data-series="p50"/>${dots((p) => p.p50Ms, '#1565c0')}
<text x="${W - PAD}" y="${PAD - 8}" text-anchor="end" font-size="11"><tspan fill="#1565c0">p50</tspan> <tspan fill="#b00020">p95</tspan></text>
</svg>`;
}
