import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

// No Docker engine runs tests here, so these read the deployment files as data: the compose file
// through a YAML parser (anchors and merge keys resolved as compose does), the Dockerfile by line.
const ROOT = new URL('../../', import.meta.url);
const compose = parse(readFileSync(new URL('compose.yaml', ROOT), 'utf8'), { merge: true }) as {
  services: Record<string, any>;
};
const dockerfile = readFileSync(new URL('Dockerfile', ROOT), 'utf8');

/** `${VAR:-default}` as compose interpolates it when VAR is unset. */
function interpolate(env: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')]),
  );
}

describe('compose.yaml', () => {
  const { redis, postgres, api, worker } = compose.services;

  it('runs Redis, PostgreSQL, two API servers and two workers from one image', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
    expect(redis.image).toMatch(/^redis:/);
    expect(postgres.image).toMatch(/^postgres:/);
    expect(api.deploy.replicas).toBe(2);
    expect(worker.deploy.replicas).toBe(2);
    expect(api.command).toEqual(['serve']);
    expect(worker.command).toEqual(['worker']);
    expect(worker.image).toBe(api.image);
    expect(worker.build).toBe(api.build);
    expect(api.ports).toEqual(['4000-4001:4000']);
  });

  it('gives servers and workers one Redis and one key prefix, and a configuration Hexar accepts', () => {
    const apiEnv = interpolate(api.environment);
    const workerEnv = interpolate(worker.environment);
    expect(apiEnv.REDIS_URL).toBe('redis://redis:6379');
    expect(workerEnv.REDIS_URL).toBe(apiEnv.REDIS_URL);
    expect(workerEnv.REDIS_KEY_PREFIX).toBe(apiEnv.REDIS_KEY_PREFIX);
    // One durable store for all: compose's own PostgreSQL, under the credentials it creates.
    expect(apiEnv.DATABASE_URL).toBe(`postgres://${postgres.environment.POSTGRES_USER}:hexar-demo-only@postgres:5432/${postgres.environment.POSTGRES_DB}`);
    expect(workerEnv.DATABASE_URL).toBe(apiEnv.DATABASE_URL);
    for (const env of [apiEnv, workerEnv]) {
      // Production mode on the demo default: simulated storefronts allowed on purpose, said so.
      const config = loadConfig(env);
      expect(config.mode).toBe('production');
      expect(config.retailers.every((r) => r.baseUrl === undefined)).toBe(true);
    }
    expect(loadConfig(apiEnv).port).toBe(4000);
    // Without SANDBOX=true the same file refuses to start on simulated storefronts.
    expect(() => loadConfig({ ...apiEnv, SANDBOX: 'false' })).toThrow(/EVO_BASE_URL, BACKCOUNTRY_BASE_URL are not set/);
  });

  it('checks the API servers through the image, and not the workers, which serve no HTTP', () => {
    expect(api.healthcheck).toBeUndefined();
    expect(worker.healthcheck).toEqual({ disable: true });
    expect(redis.healthcheck.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(api.depends_on.redis.condition).toBe('service_healthy');
    expect(api.depends_on.postgres.condition).toBe('service_healthy');
  });
});

describe('Dockerfile', () => {
  const lines = dockerfile.split('\n').filter((l) => l.trim() && !l.trimStart().startsWith('#'));
  const stages = lines.filter((l) => l.startsWith('FROM '));
  const runtime = lines.slice(lines.indexOf(stages.at(-1)!));

  it('builds on node:24-slim in two stages and runs the compiled entry point as a non-root user', () => {
    expect(stages).toEqual(['FROM node:24-slim AS build', 'FROM node:24-slim AS runtime']);
    expect(lines).toContain('RUN npm run build');
    expect(runtime).toContain('RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force');
    expect(runtime).toContain('COPY --from=build /app/dist ./dist');
    expect(runtime).toContain('USER node');
    expect(runtime).toContain('ENTRYPOINT ["node", "dist/main.js"]');
    expect(runtime).toContain('CMD ["serve"]');
    expect(runtime.find((l) => l.startsWith('HEALTHCHECK'))).toMatch(/CMD \["node", "dist\/main.js", "health"\]$/);
    // The build stage copies what `npm run build` reads.
    const script = (JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { scripts: Record<string, string> }).scripts.build;
    expect(script).toBe('tsc -p tsconfig.build.json && node scripts/copy-assets.mjs dist');
    for (const copied of ['COPY tsconfig.json tsconfig.build.json ./', 'COPY scripts ./scripts', 'COPY src ./src']) {
      expect(lines).toContain(copied);
    }
  });

  it('runs no TypeScript loader: tsx is a development dependency only', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as Record<string, Record<string, string>>;
    expect(pkg.dependencies!.tsx).toBeUndefined();
    expect(pkg.devDependencies!.tsx).toBeDefined();
    expect(pkg.scripts!['start:prod']).toBe('node dist/main.js serve');
    expect(pkg.scripts!['worker:prod']).toBe('node dist/main.js worker');
  });
});

