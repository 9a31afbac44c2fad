import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

export interface Started {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first log line matching the pattern. */
  waitFor(pattern: RegExp): Promise<string>;
}

const running: ChildProcess[] = [];
/** Each process's own PGlite directory (embedded mode), so processes never share one; removed by stopProcesses. */
const dataDirs: string[] = [];

/** Stop every process startProcess started (SIGTERM, then wait for it); for afterEach. */
export async function stopProcesses(): Promise<void> {
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * `tsx src/main.ts <command>` (its arguments separated by spaces) exactly as `npm start` / `npm run worker` run it, with a clean environment of our choosing.
 * `terminal`: stdout is a terminal (util-linux `script` gives the process a pseudo-terminal).
 * `singleProcess`: `node --import tsx` instead of the tsx CLI (which runs the program in a child
 * of its own), so a SIGKILL kills the program itself, as a crash would.
 */
export function startProcess(env: Record<string, string>, command = 'serve', terminal = false, singleProcess = false): Started {
  const [file, args]: [string, string[]] = terminal
    ? ['script', ['-qec', `${TSX} src/main.ts ${command}`, '/dev/null']]
    : singleProcess
      ? [process.execPath, ['--import', 'tsx', 'src/main.ts', ...command.split(' ')]]
      : [TSX, ['src/main.ts', ...command.split(' ')]];
  return spawnLogged(file, args, env);
}

/**
 * Any program run from the repository root with the same clean environment as startProcess
 * (PORT=0, HOST=127.0.0.1, plus `env`), its output collected line by line; stopProcesses stops it.
 */
export function spawnLogged(file: string, args: string[], env: Record<string, string>): Started {
  const child = spawn(file, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  // Whole lines (readline), never a pipe's chunks: a line the pipe delivers in two chunks matches as one.
  const onLine = (line: string) => {
    if (line === '') return;
    lines.push(line);
    for (const w of waiters.filter((w) => w.pattern.test(line))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  };
  for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
  return {
    child,
    lines,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((l) => pattern.test(l));
        if (seen) return resolve(seen);
        waiters.push({ pattern, resolve });
        child.once('exit', (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${lines.join('\n')}`)));
      }),
  };
}

function dataDir(): string {
  const dir = join(tmpdir(), `hexar-test-data-${randomUUID()}`);
  dataDirs.push(dir);
  return dir;
}

/** The GraphQL URL a production-mode server process prints once it listens. */
export async function graphqlUrlOf(server: Started): Promise<string> {
  return (await server.waitFor(/\(production mode\) on http:\/\/\S+\/graphql/)).match(/(http:\/\/\S+\/graphql)/)![1]!;
}

/** POST a query to a server process over HTTP; fails the test on GraphQL errors; the data. */
export async function graphqlOver(url: string, query: string): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}
