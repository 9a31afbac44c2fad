import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import type { HexarYoga } from '../../src/server.js';

/** A parsed `/metrics` scrape: families by name. */
export type Scrape = Map<string, PrometheusFamily>;

/** GET /metrics in-process and parse it with a real Prometheus text parser (which throws on a bad line). */
export async function scrapeMetrics(yoga: HexarYoga): Promise<{ scrape: Scrape; contentType: string | null }> {
  const response = await yoga.fetch('http://yoga/metrics');
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  const families = parsePrometheusTextFormat(await response.text());
  return { scrape: new Map(families.map((f) => [f.name, f])), contentType: response.headers.get('content-type') };
}

/** The value of the sample of `name` whose labels include `labels`; null when there is none. */
export function sampleValue(scrape: Scrape, name: string, labels: Record<string, string> = {}): number | null {
  const match = scrape.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return match?.value === undefined ? null : Number(match.value);
}

/** A histogram's observation count (no labels); null when the family is absent. */
export function histogramCount(scrape: Scrape, name: string): number | null {
  const sample = scrape.get(name)?.metrics[0];
  return sample?.count === undefined ? null : Number(sample.count);
}
