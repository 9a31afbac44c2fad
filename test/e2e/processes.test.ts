import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROVISIONAL_MESSAGE } from '../../src/catalog/provisional-products.js';
import { BullMqJobQueue } from '../../src/jobs/bullmq-queue.js';
import { createLogger } from '../../src/logger.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { deleteKeys, REDIS_URL } from '../support/test-app.js';
import { graphqlOver, graphqlUrlOf, startProcess, stopProcesses, type Started } from '../support/processes.js';
import { until } from '../live/support/harness.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ host: '127.0.0.1' });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(stopProcesses);

const searchOf = (query: string) =>
  `{ search(query: ${JSON.stringify(query)}, first: 5) { totalCount edges { node { name brand analysis { status message } } } } }`;

async function graphql(url: string, query: string) {
  return (await graphqlOver(url, query)).search as { totalCount: number; edges: { node: { name: string; brand: string; analysis: { message: string | null } } }[] };
}
const linesMatching = (processes: Started[], pattern: RegExp) => processes.flatMap((p) => p.lines.filter((l) => pattern.test(l)));

describe('two API server processes and two worker processes on one Redis', () => {
  it('jobs scheduled by either server run exactly once on some worker; a server started on an empty tier with CRAWL_ON_START=false answers a crawled product without a restart', async () => {
    const keyPrefix = `test:procs:${randomUUID()}:`;
    const env = {
      REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      EVO_BASE_URL: sandbox.evo.baseUrl,
      BACKCOUNTRY_BASE_URL: sandbox.backcountry.baseUrl,
      CRAWL_ON_START: 'false',
      CATALOG_SYNC_INTERVAL_SECONDS: '1',
      LOG_FORMAT: 'json',
    };
    const counts = new BullMqJobQueue({ redisUrl: REDIS_URL, keyPrefix, lockMs: 30_000, logger: createLogger('silent') });
    try {
      const workers = [startProcess(env, 'worker'), startProcess(env, 'worker')];
      await Promise.all(workers.map((w) => w.waitFor(/worker: processing background jobs/)));
      const servers = [startProcess(env), startProcess(env)];
      const [urlA, urlB] = await Promise.all(servers.map(graphqlUrlOf));

      // Each server misses a different query: each schedules its analyze-query job.
      const missA = await graphql(urlA!, searchOf('Burton Custom'));
      const missB = await graphql(urlB!, searchOf('CAPiTA Mercury'));
      for (const miss of [missA, missB]) {
        expect(miss.totalCount).toBeGreaterThan(0);
        expect(miss.edges.every((e) => e.node.analysis.message === PROVISIONAL_MESSAGE)).toBe(true);
      }
      await until(async () => (await counts.stats()).completed === 2, 60_000);
      expect(await counts.stats()).toMatchObject({ completed: 2, failed: 0, active: 0, waiting: 0 });
      // Each job ran exactly once, on one of the two workers. A worker's log line comes through a
      // pipe and the job's state through Redis: which this process reads first is not fixed (under
      // load the state came first), so wait for the lines.
      const burton = /analyze-query: \\"Burton custom\\"/;
      const capita = /analyze-query: \\"CAPiTA mercury\\"/;
      await until(() => linesMatching(workers, burton).length > 0 && linesMatching(workers, capita).length > 0, 10_000);
      expect(linesMatching(workers, burton)).toHaveLength(1);
      expect(linesMatching(workers, capita)).toHaveLength(1);

      // Server B never crawled and was never restarted: it answers server A's query in full.
      await until(async () => {
        const answer = await graphql(urlB!, searchOf('Burton Custom'));
        return answer.edges.length > 0 && answer.edges.every((e) => e.node.analysis.message !== PROVISIONAL_MESSAGE);
      }, 30_000);
      const full = await graphql(urlB!, searchOf('Burton Custom'));
      expect(full.edges.map((e) => e.node.brand)).toEqual(full.edges.map(() => 'Burton'));
      expect(full.edges.map((e) => e.node.name).sort()).toEqual(missA.edges.map((e) => e.node.name).sort());
      expect(linesMatching(servers, /crawl: \w+ done/)).toEqual([]);
    } finally {
      await counts.close();
      await deleteKeys(keyPrefix);
    }
  }, 150_000);
});
