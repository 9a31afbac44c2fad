import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeavyAgent } from '../../src/agents/heavy/index.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { sandboxCatalog, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startFrontServer, type FrontServer } from './support/front-server.js';

/**
 * A backcountry mirror whose listing states a page count it cannot have: the agent must not
 * walk (or even plan) that many pages. The front server rewrites `totalPages` in the sandbox's
 * real `__NEXT_DATA__` and forwards everything else, so the listing format is backcountry's own.
 */
const config = loadConfig({ AGENT_QUERY_TIMEOUT: '5' });
const logger = createLogger('silent');
let sandbox: Sandbox;
let front: FrontServer;
let totalPagesSays: string | null = null;

beforeAll(async () => {
  sandbox = await startSandbox();
  front = await startFrontServer({
    upstream: () => sandbox.backcountry.baseUrl,
    rewrite: (path, body) =>
      totalPagesSays !== null && path.startsWith('/snowboards?') ? body.replace(/"totalPages":\d+/, `"totalPages":${totalPagesSays}`) : body,
  });
});
afterAll(async () => {
  await front.close();
  await sandbox.close();
});

async function crawlSnowboards() {
  const a = createHeavyAgent({ id: 'backcountry', kind: 'backcountry', baseUrl: front.url }, config, logger);
  front.hits.length = 0;
  front.resetInFlight();
  try {
    return await a.crawlCatalog({ categories: ['SNOWBOARD'] });
  } finally {
    a.client.shutdown();
  }
}

describe('backcountry listing with an impossible totalPages', () => {
  it.each([['1e9'], ['2000'], ['2.5'], ['-3'], ['"many"']])('totalPages %s: the listing is MALFORMED, no other page is requested', async (says) => {
    totalPagesSays = says;
    const result = await crawlSnowboards();
    expect(result.records).toEqual([]);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ url: '/snowboards', kind: 'MALFORMED' });
    expect(front.hits.filter((h) => h.startsWith('/snowboards'))).toEqual(['/snowboards?page=1']);
  });

  it('a plausible totalPages (the cap, 1000) is walked page by page, each page once, within the client\'s concurrency', async () => {
    totalPagesSays = '1000';
    const boards = sandboxCatalog().filter((p) => p.category === 'SNOWBOARD' && p.backcountry);
    const result = await crawlSnowboards();
    const listingHits = front.hits.filter((h) => h.startsWith('/snowboards?'));
    expect(listingHits).toHaveLength(1000);
    expect(new Set(listingHits).size).toBe(1000);
    expect(front.maxInFlight).toBeLessThanOrEqual(config.agents.maxConcurrentHeavy);
    // Pages past the sandbox's last one are empty (docs/storefronts.md), so nothing is invented.
    expect(result.failures).toEqual([]);
    expect(result.records.map((r) => r.vendorProductId).sort()).toEqual(boards.map((p) => p.backcountry!.vendorProductId).sort());
  });
});
