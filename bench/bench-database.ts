/**
 * A private, migrated database for one run of a store: a fresh SQLite file, or a fresh schema on
 * the PostgreSQL server (selected through the URL, so the store's processes see it too),
 * removed afterwards. The bench reads and seeds it through the store's own Kysely set-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseLocation } from '../src/config/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { randomBase62 } from '../src/shared/ids.js';

export type Engine = 'sqlite' | 'postgres';

export interface BenchDatabase {
  engine: Engine;
  /** The store's `DATABASE_URL`. */
  url: string;
  database: Database;
  drop(): Promise<void>;
}

export async function createBenchDatabase(engine: Engine, postgresUrl: string | null) {
  const made = engine === 'sqlite' ? sqliteFile() : await postgresSchema(postgresUrl ?? '');
  const database = openDatabase(made.location);
  await migrateToLatest(database);
  return {
    engine,
    url: made.url,
    database,
    async drop() {
      await database.close();
      await made.remove();
    },
  } satisfies BenchDatabase;
}

/** True when the server answers; the PostgreSQL half of the bench is skipped otherwise. */
export async function postgresAnswers(url: string): Promise<boolean> {
  try {
    await adminQuery(url, 'select 1');
    return true;
  } catch {
    return false;
  }
}

function sqliteFile() {
  const dir = mkdtempSync(join(tmpdir(), 'webstore-bench-'));
  const path = join(dir, 'webstore.db');
  const location: DatabaseLocation = { kind: 'sqlite', path };
  return { url: `sqlite:${path}`, location, remove: async () => rmSync(dir, { recursive: true }) };
}

async function postgresSchema(serverUrl: string) {
  const schema = `bench_${randomBase62(10).toLowerCase()}`;
  await adminQuery(serverUrl, `create schema ${schema}`);
  const parsed = new URL(serverUrl);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  const url = parsed.toString();
  const location: DatabaseLocation = { kind: 'postgres', url };
  return { url, location, remove: () => adminQuery(serverUrl, `drop schema ${schema} cascade`) };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
