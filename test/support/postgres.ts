import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';

/** The PostgreSQL the tests use (trust auth on 127.0.0.1:5432); each test gets a database of its own. */
export const POSTGRES_ADMIN_URL = process.env.POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Create a database with a random name; resolves with its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hexar_test_${randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * The two durable backends for `describe.each`: each entry's function makes an environment of its
 * own (a real PostgreSQL database in production mode, or a PGlite directory in embedded mode),
 * removed after the file's tests. Call at the top of a test file.
 */
export function durableBackends(): [string, () => Promise<Record<string, string>>][] {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return [
    [
      'PostgreSQL',
      async () => {
        const db = await createTestDatabase();
        cleanups.push(db.drop);
        return { DATABASE_URL: db.url };
      },
    ],
    [
      'PGlite',
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'hexar-pglite-'));
        cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
        return { REDIS_URL: '', DATA_DIR: dir };
      },
    ],
  ];
}
