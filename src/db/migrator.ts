/**
 * Versioned migrations, applied in name order by `webstore migrate` and at start-up.
 *
 * Kysely's migrator takes a lock, so two processes starting together apply each migration once.
 */
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import * as foundation from './migrations/001-foundation.js';
import type { Database, Db } from './database.js';

const MIGRATIONS: Record<string, Migration> = {
  '001-foundation': foundation,
};

class BundledMigrations implements MigrationProvider {
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(MIGRATIONS);
  }
}

/** Applies every pending migration; returns the names applied now. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const { db } = database;
  const migrator = new Migrator({
    db,
    provider: new BundledMigrations(),
    // Kysely looks for its bookkeeping tables in every schema it can see; on PostgreSQL it must
    // look in ours only, or another schema's tables (another app's, another test's) mislead it.
    ...(database.kind === 'postgres' ? { migrationTableSchema: await currentSchema(db) } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error instanceof Error) throw error;
  if (error !== undefined) throw new Error('migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function currentSchema(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: check the search_path');
  return schema;
}
