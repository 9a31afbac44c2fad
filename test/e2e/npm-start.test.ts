import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../live/support/harness.js';
import { deleteKeys, REDIS_URL } from '../support/test-app.js';
import { startProcess, stopProcesses } from '../support/processes.js';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { METRIC } from '../../src/monitoring/metrics.js';

afterEach(stopProcesses);

const start = startProcess;

async function graphql(url: string, query: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: any; errors?: { message: string }[] };
}

describe('npm start (embedded mode)', () => {
  it('serves GraphiQL and /health, crawls the sandbox with progress lines, then answers the shopper query', async () => {
    const app = start({});
    const urlLine = await app.waitFor(/Hexar Gear API \(embedded mode\) on http:\/\/\S+\/graphql/);
    const url = urlLine.match(/(http:\/\/\S+\/graphql)/)![1]!;
    expect(app.lines.join('\n')).toMatch(/sandbox: evo and backcountry served by simulated storefronts/);

    const health = await fetch(url.replace(/\/graphql$/, '/health'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      mode: 'embedded',
      retailers: [
        { id: 'evo', simulated: true },
        { id: 'backcountry', simulated: true },
      ],
    });

    // Embedded mode depends on nothing outside: ready once serving. No ADMIN_TOKEN: loopback may read /admin/*.
    const origin = url.replace(/\/graphql$/, '');
    const ready = await fetch(`${origin}/ready`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { ready: true, checks: { queue: 'ok' } } });
    const metrics = parsePrometheusTextFormat(await (await fetch(`${origin}/metrics`)).text());
    expect(metrics.map((f) => f.name)).toEqual(expect.arrayContaining(Object.values(METRIC)));
    const admin = await fetch(`${origin}/admin/cache-stats`);
    expect(admin.status).toBe(200);

    const graphiql = await fetch(url, { headers: { accept: 'text/html' } });
    const html = await graphiql.text();
    expect(html).toContain('Hexar Gear API');
    expect(html).toContain('BeginnerBoardsWithLivePrices');

    await app.waitFor(/crawl: \w+ \d+\/\d+ product pages/);
    await app.waitFor(/crawl: evo done: \d+ products read, catalog holds \d+/);
    await app.waitFor(/crawl: backcountry done: \d+ products read, catalog holds \d+/);
    const { data, errors } = await graphql(
      url,
      '{ search(query: "beginner snowboard under $400", first: 10) { totalCount edges { node { name category lastKnownPrice { amount } specs { skillLevels } rating { count } } } } }',
    );
    expect(errors).toBeUndefined();
    expect(data.search.totalCount).toBeGreaterThan(0);
    for (const { node } of data.search.edges) {
      expect(node.category).toBe('SNOWBOARD');
      expect(node.specs.skillLevels).toContain('BEGINNER');
      expect(node.lastKnownPrice.amount).toBeLessThanOrEqual(400);
    }
  });

  it('stops at start-up on a bad setting, naming the variable', async () => {
    const app = start({ PORT: 'eighty', LIVE_DEADLINE_MS: '-5' });
    const [code] = await once(app.child, 'exit');
    expect(code).toBe(2);
    const output = app.lines.join('\n');
    expect(output).toMatch(/PORT="eighty"/);
    expect(output).toMatch(/LIVE_DEADLINE_MS="-5"/);
  });
});

describe('production mode never serves simulated data by accident', () => {
  it('without base URLs, exits non-zero naming EVO_BASE_URL and BACKCOUNTRY_BASE_URL', async () => {
    const app = start({ REDIS_URL, CRAWL_ON_START: 'false' });
    const [code] = await once(app.child, 'exit');
    expect(code).toBe(2);
    expect(app.lines.join('\n')).toMatch(/EVO_BASE_URL, BACKCOUNTRY_BASE_URL are not set: production mode/);
  });

  it('with SANDBOX=true, starts with a warning and /health lists both retailers as simulated', async () => {
    const env = { REDIS_URL, REDIS_KEY_PREFIX: `test:e2e:${randomUUID()}:`, SANDBOX: 'true', CRAWL_ON_START: 'false' };
    try {
      const app = start(env);
      const url = (await app.waitFor(/\(production mode\) on http:\/\/\S+\/graphql/)).match(/(http:\/\/\S+\/graphql)/)![1]!;
      expect(app.lines.join('\n')).toMatch(/"level":40.*SANDBOX=true in production mode: evo and backcountry served by simulated storefronts/);
      const health = (await (await fetch(url.replace(/\/graphql$/, '/health'))).json()) as { retailers: unknown[] };
      expect(health.retailers).toEqual([
        expect.objectContaining({ id: 'evo', kind: 'evo', simulated: true, baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) }),
        expect.objectContaining({ id: 'backcountry', kind: 'backcountry', simulated: true }),
      ]);
    } finally {
      await deleteKeys(env.REDIS_KEY_PREFIX);
    }
  });
});

const STARTED = /Hexar Gear API \(embedded mode\) on http:\/\/\S+\/graphql/;
const isJson = (line: string) => {
  try {
    return typeof JSON.parse(line) === 'object';
  } catch {
    return false;
  }
};
// eslint-disable-next-line no-control-regex
const withoutColors = (line: string) => line.replace(/\u001b\[[0-9;]*m/g, '');

describe('LOG_FORMAT: logs a person can read, or a machine', () => {
  it.each([
    ['LOG_FORMAT=json', { LOG_FORMAT: 'json' }],
    ['unset, stdout a pipe', {}],
  ])('%s: one JSON object per line, with level and message', async (_name, env) => {
    const app = start({ ...env, CRAWL_ON_START: 'false' });
    await app.waitFor(STARTED);
    expect(app.lines.filter((l) => !isJson(l))).toEqual([]);
    const started = app.lines.map((l) => JSON.parse(l)).find((entry) => STARTED.test(entry.msg));
    expect(started).toMatchObject({ level: 30 });
  });

  it.each([
    ['LOG_FORMAT=pretty', { LOG_FORMAT: 'pretty' }, false],
    ['unset, stdout a terminal', {}, true],
  ])('%s: human lines with time, level and message, no JSON', async (_name, env, terminal) => {
    const app = start({ ...env, CRAWL_ON_START: 'false' }, 'serve', terminal);
    const line = withoutColors(await app.waitFor(STARTED));
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Hexar Gear API \(embedded mode\) on http:/);
    expect(app.lines.filter(isJson)).toEqual([]);
  });

  it('a bad LOG_FORMAT stops start-up, naming it', async () => {
    const app = start({ LOG_FORMAT: 'xml' });
    const [code] = await once(app.child, 'exit');
    expect(code).toBe(2);
    expect(app.lines.join('\n')).toMatch(/LOG_FORMAT="xml"/);
  });
});

describe('production mode with Redis down', () => {
  it('keeps serving: /health answers and a search says the catalog is UNAVAILABLE, not empty, and does not crash', async () => {
    const app = start({ REDIS_URL: 'redis://127.0.0.1:1', SANDBOX: 'true', CRAWL_ON_START: 'false' });
    const urlLine = await app.waitFor(/Hexar Gear API \(production mode\) on http:\/\/\S+\/graphql/);
    const url = urlLine.match(/(http:\/\/\S+\/graphql)/)![1]!;
    const health = await fetch(url.replace(/\/graphql$/, '/health'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ catalog: { state: 'UNAVAILABLE' }, queue: { error: expect.stringMatching(/did not answer/) } });
    const { data, errors } = await graphql(url, '{ search(query: "snowboard") { totalCount catalog { state message } } }');
    expect(errors).toBeUndefined();
    expect(data.search).toMatchObject({ totalCount: 0, catalog: { state: 'UNAVAILABLE', message: expect.stringMatching(/static tier cannot be read/) } });
    expect(app.child.exitCode).toBeNull();
  });
});

describe('production mode on Redis', () => {
  it('warm-cache fills the shared static tier; a server started after it serves from it without crawling', async () => {
    const env = { REDIS_URL, REDIS_KEY_PREFIX: `test:e2e:${randomUUID()}:`, SANDBOX: 'true' };
    try {
      const warm = start(env, 'warm-cache');
      const [code] = await once(warm.child, 'exit');
      expect(code).toBe(0);
      expect(warm.lines.join('\n')).toMatch(/warm-cache: \d+ products in the static tier/);

      const app = start(env);
      const loaded = await app.waitFor(/catalog: \d+ products from the static tier; no start-up crawl/);
      const url = (await app.waitFor(/\(production mode\) on http:\/\/\S+\/graphql/)).match(/(http:\/\/\S+\/graphql)/)![1]!;
      const { data, errors } = await graphql(url, '{ search(query: "Burton Custom", first: 1) { edges { node { brand } } catalog { state productCount } } }');
      expect(errors).toBeUndefined();
      expect(data.search.edges[0].node.brand).toBe('Burton');
      expect(String(data.search.catalog.productCount)).toBe(loaded.match(/catalog: (\d+) products/)![1]);
      expect(app.lines.join('\n')).not.toMatch(/crawl: filling the catalog/);
    } finally {
      await deleteKeys(env.REDIS_KEY_PREFIX);
    }
  });

  it('a server started on an empty tier with CRAWL_ON_START=false answers once warm-cache fills it, without a restart', async () => {
    const env = { REDIS_URL, REDIS_KEY_PREFIX: `test:e2e:${randomUUID()}:`, SANDBOX: 'true' };
    try {
      const app = start({ ...env, CRAWL_ON_START: 'false' });
      const url = (await app.waitFor(/\(production mode\) on http:\/\/\S+\/graphql/)).match(/(http:\/\/\S+\/graphql)/)![1]!;
      const query = '{ search(query: "Burton Custom", first: 1) { edges { node { brand } } catalog { state productCount } } }';
      expect((await graphql(url, query)).data.search.catalog).toMatchObject({ state: 'EMPTY', productCount: 0 });

      const warm = start(env, 'warm-cache');
      const [code] = await once(warm.child, 'exit');
      expect(code).toBe(0);
      const filled = Number(warm.lines.join('\n').match(/warm-cache: (\d+) products in the static tier/)![1]);

      // warm-cache announced its writes before it exited; the server follows them.
      await until(async () => (await graphql(url, query)).data.search.catalog.productCount === filled);
      const { data } = await graphql(url, query);
      expect(data.search.edges[0].node.brand).toBe('Burton');
      expect(data.search.catalog.state).toBe('READY');
      expect(app.lines.join('\n')).not.toMatch(/crawl: /);
      expect(app.child.exitCode).toBeNull();
    } finally {
      await deleteKeys(env.REDIS_KEY_PREFIX);
    }
  });
});
