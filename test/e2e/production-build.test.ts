import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildClientSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema, type IntrospectionQuery } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnLogged, stopProcesses } from '../support/processes.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

// A directory of this run's own (parallel runs never share one) inside the repository, so the
// compiled modules resolve their packages from its node_modules as dist/ does.
const OUT = join(ROOT, 'node_modules/.cache/hexar-production-build', randomUUID());

afterEach(stopProcesses);
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

beforeAll(async () => {
  // The two steps of `npm run build`, into OUT instead of dist/.
  await run(process.execPath, [TSC, '-p', 'tsconfig.build.json', '--outDir', OUT], { cwd: ROOT });
  await run(process.execPath, ['scripts/copy-assets.mjs', OUT], { cwd: ROOT });
}, 180_000);

async function post(url: string, query: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: any; errors?: { message: string }[] };
}

describe('the production build (npm run build, node dist/main.js)', () => {
  it('builds from src alone and carries the files the code reads at run time', () => {
    const files = readdirSync(OUT, { recursive: true, encoding: 'utf8' });
    expect(files).toContain('main.js');
    expect(files.some((f) => f.startsWith('test') || f.endsWith('.ts'))).toBe(false);
    for (const seed of readdirSync(join(ROOT, 'src/sandbox/data'))) {
      expect(existsSync(join(OUT, 'sandbox/data', seed))).toBe(true);
    }
  });

  it('runs as plain node, serves the committed schema.graphql and answers a search', async () => {
    const mainJs = join(OUT, 'main.js');
    const app = spawnLogged(process.execPath, [mainJs, 'serve'], { CRAWL_ON_START: 'false', LOG_FORMAT: 'json' });
    const line = await app.waitFor(/Hexar Gear API \(embedded mode\) on http:\/\/\S+\/graphql/);
    const url = line.match(/(http:\/\/[^\s"]+\/graphql)/)![1]!.replace('localhost', '127.0.0.1');

    // The serving process is node running the compiled file: no tsx CLI, no loader in its flags or environment.
    const pid = app.child.pid!;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(argv).toEqual([process.execPath, mainJs, 'serve']);
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    expect(environ.some((v) => v.startsWith('NODE_OPTIONS='))).toBe(false);

    const introspection = await post(url, getIntrospectionQuery({ descriptions: true, directiveIsRepeatable: true, specifiedByUrl: true, inputValueDeprecation: true }));
    expect(introspection.errors).toBeUndefined();
    const served = `${printSchema(lexicographicSortSchema(buildClientSchema(introspection.data as IntrospectionQuery)))}\n`;
    expect(served).toBe(readFileSync(join(ROOT, 'schema.graphql'), 'utf8'));

    // An empty catalog (no start-up crawl): a miss answered from the sandbox storefronts' search
    // pages, whose catalog the compiled sandbox loads from the copied seed data.
    const { data, errors } = await post(url, '{ search(query: "capita snowboard", first: 5) { edges { node { name brand analysis { status } } } } }');
    expect(errors).toBeUndefined();
    expect(data.search.edges.length).toBeGreaterThan(0);
    for (const { node } of data.search.edges) {
      expect(node.brand).toMatch(/capita/i);
      expect(node.analysis.status).toBe('PENDING');
    }
  });
});
