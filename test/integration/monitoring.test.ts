import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { LiveSearchDocument } from '../gql/graphql.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function health(a: TestApp) {
  const response = await a.yoga.fetch('http://yoga/health');
  expect(response.status).toBe(200);
  return (await response.json()) as any;
}

describe('performance monitor', () => {
  it('counts operations and flags those past SLOW_QUERY_THRESHOLD_MS, reported on /health', async () => {
    // A retailer that takes 50 ms makes a cold live query slower than a 1 ms threshold.
    app = await startTestApp({ env: { SLOW_QUERY_THRESHOLD_MS: '1', FAST_QUERY_THRESHOLD_MS: '1' } });
    app.sandbox.evo.configure({ latencyMs: 50 });
    const { errors } = await app.execute(LiveSearchDocument, { query: 'beginner snowboard', first: 2 });
    expect(errors).toBeUndefined();
    const { performance, catalog, cache, queue } = await health(app);
    expect(catalog.state).toBe('READY');
    // The crawl's two ingests (one per retailer) were announced to the other servers.
    expect(catalog.events).toMatchObject({ published: 2, rebuilds: 1 });
    expect(queue).toMatchObject({ waiting: 0, active: 0, failed: 0, oldestWaitingMs: null });
    expect(performance.operations).toBe(1);
    expect(performance.slow).toBe(1);
    expect(performance.fast).toBe(0);
    expect(cache.live.misses).toBeGreaterThan(0);
  });

  it('is off with PERFORMANCE_MONITORING=false', async () => {
    app = await startTestApp({ env: { PERFORMANCE_MONITORING: 'false' } });
    await app.execute(LiveSearchDocument, { query: 'beginner snowboard', first: 1 });
    expect((await health(app)).performance).toBeNull();
  });
});
