import { readdirSync, readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { DurableTables } from './database.js';

/** The migration files: `NNN_name.sql`, run in name order, each once. */
const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
/** Applied migrations, by file name. */
const MIGRATIONS_TABLE = 'hexar_migrations';
/** pg_advisory_xact_lock key: servers starting together run the migrations one at a time. */
const MIGRATION_LOCK = 727_001;

/** The migration files in order, with their statements (split on `;` at a line's end). */
export function migrationFiles(): { name: string; statements: string[] }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => ({
      name,
      statements: readFileSync(new URL(name, MIGRATIONS_DIR), 'utf8')
        .split(/;\s*$/m)
        .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
        .filter(Boolean),
    }));
}

/**
 * Apply every migration not applied yet, each in a transaction of its own, under an advisory lock
 * so two servers starting at once never run one twice. The same SQL on PostgreSQL and PGlite.
 * Resolves with the names applied now.
 */
export async function runMigrations(db: Kysely<DurableTables>): Promise<string[]> {
  await db.transaction().execute(async (tx) => {
    // Under the lock too: two servers creating the table at once would collide.
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(tx);
    await sql`CREATE TABLE IF NOT EXISTS ${sql.table(MIGRATIONS_TABLE)} (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)`.execute(tx);
  });
  const applied: string[] = [];
  for (const migration of migrationFiles()) {
    const ran = await db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(tx);
      const done = await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATIONS_TABLE)} WHERE name = ${migration.name}`.execute(tx);
      if (done.rows.length > 0) return false;
      for (const statement of migration.statements) await sql.raw(statement).execute(tx);
      await sql`INSERT INTO ${sql.table(MIGRATIONS_TABLE)} (name, applied_at) VALUES (${migration.name}, now())`.execute(tx);
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}
