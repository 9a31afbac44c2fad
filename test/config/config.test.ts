import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('config', () => {
  it('defaults to the seed production settings in embedded mode', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('embedded');
    expect(config.port).toBe(4000);
    expect(config.ttl.staticSeconds).toBe(30 * 86400);
    expect(config.ttl.liveSeconds).toBe(15 * 60);
    expect(config.ttl.querySeconds).toBe(60 * 60);
    expect(config.ttl.userSeconds).toBe(7 * 86400);
    expect(config.agents).toEqual({ maxConcurrentHeavy: 3, maxConcurrentLight: 8, queryTimeoutMs: 15_000 });
    expect(config.ai).toEqual({ batchSize: 20, maxConcurrentBatches: 3 });
    expect(config.monitoring).toEqual({ enabled: true, slowQueryMs: 7000, fastQueryMs: 1000 });
    expect(config.retailers.map((r) => [r.id, r.baseUrl])).toEqual([
      ['evo', undefined],
      ['backcountry', undefined],
    ]);
    expect(config.logFormat).toBeUndefined(); // the logger decides: pretty on a terminal
    expect(config.catalogSyncIntervalMs).toBe(5000);
    expect(loadConfig({ CATALOG_SYNC_INTERVAL_SECONDS: '0.2' }).catalogSyncIntervalMs).toBe(200);
  });

  it('switches to production mode when REDIS_URL is set and takes retailer URLs from config', () => {
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', EVO_BASE_URL: 'http://127.0.0.1:9999', BACKCOUNTRY_BASE_URL: 'http://127.0.0.1:9998' });
    expect(config.mode).toBe('production');
    expect(config.retailers[0]).toEqual({ id: 'evo', kind: 'evo', baseUrl: 'http://127.0.0.1:9999' });
    expect(config.sandbox.allowed).toBe(false);
  });

  it('production mode never serves simulated storefronts by accident: a missing base URL is named, unless SANDBOX=true', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/EVO_BASE_URL, BACKCOUNTRY_BASE_URL are not set: production mode/);
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', EVO_BASE_URL: 'http://127.0.0.1:9999' })).toThrow(/BACKCOUNTRY_BASE_URL is not set/);
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', SANDBOX: 'true' }).sandbox.allowed).toBe(true);
  });

  it('embedded mode starts the sandbox by default; SANDBOX=false asks for real base URLs there too', () => {
    expect(loadConfig({}).sandbox.allowed).toBe(true);
    expect(() => loadConfig({ SANDBOX: 'false' })).toThrow(/EVO_BASE_URL, BACKCOUNTRY_BASE_URL are not set: SANDBOX=false/);
    expect(() => loadConfig({ SANDBOX: 'sometimes' })).toThrow(/SANDBOX=/);
  });

  it('rollback switches are on by default; each turns off alone', () => {
    expect(loadConfig({}).switches).toEqual({ queryCache: true, backgroundProcessing: true, splitAgents: true });
    expect(loadConfig({ QUERY_CACHE: 'false' }).switches).toEqual({ queryCache: false, backgroundProcessing: true, splitAgents: true });
    expect(loadConfig({ BACKGROUND_PROCESSING: 'false' }).switches).toEqual({ queryCache: true, backgroundProcessing: false, splitAgents: true });
    expect(loadConfig({ SPLIT_AGENTS: '0' }).switches).toEqual({ queryCache: true, backgroundProcessing: true, splitAgents: false });
  });

  it.each([
    ['PORT', 'eighty'],
    ['LIVE_CACHE_TTL_MINUTES', '-1'],
    ['PERFORMANCE_MONITORING', 'maybe'],
    ['EVO_BASE_URL', 'not a url'],
    ['SANDBOX_FAILURE_RATE', '1.5'],
    ['LOG_FORMAT', 'xml'],
    ['CATALOG_SYNC_INTERVAL_SECONDS', '0'],
    ['SPLIT_AGENTS', 'off'],
  ])('rejects a bad %s with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });

  it('documents every variable in the README and .env.example', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const source = readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8');
    const names = [...source.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      expect(readme, name).toContain(`\`${name}\``);
      expect(example, name).toContain(`${name}=`);
    }
  });
});
