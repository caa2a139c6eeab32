/**
 * One Kysely instance over either embedded SQLite (better-sqlite3) or PostgreSQL (`pg`).
 *
 * Everything above this file is written once, in SQL both engines understand; what differs
 * between them (connection set-up, durability settings, how a write transaction starts) is
 * decided here and in the SQLite thread beside it (`sqlite-worker.ts`), nowhere else.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { DatabaseIntrospector, Dialect, DialectAdapter, Driver, QueryCompiler } from 'kysely';
import pg from 'pg';
import type { DatabaseLocation } from '../config/config.js';
import type { DatabaseSchema } from './schema.js';
import { SqliteThreadDriver } from './sqlite-thread.js';

/** How long a SQLite statement waits for another process's write lock before it fails. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export type Db = Kysely<DatabaseSchema>;

export interface Database {
  db: Db;
  kind: DatabaseLocation['kind'];
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL pool size. */
  poolSize?: number;
}

export function openDatabase(location: DatabaseLocation, options: DatabaseOptions = {}): Database {
  const db =
    location.kind === 'sqlite' ? openSqlite(location.path) : openPostgres(location.url, options);
  return { db, kind: location.kind, close: () => db.destroy() };
}

/** Fails with a short reason when the database does not answer; used by start-up and /readyz. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.executeQuery(CompiledQuery.raw('select 1'));
}

function openSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return new Kysely<DatabaseSchema>({ dialect: new ThreadedSqliteDialect(path) });
}

function openPostgres(url: string, options: DatabaseOptions): Db {
  // A URL may carry `?options=-c search_path=…`, as the tests' do to give each suite a schema.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    // COUNT(*) and BIGINT columns (epoch milliseconds) arrive as strings by default; every value
    // the store keeps in them is far below 2^53, so they are read as numbers.
    types: { getTypeParser: bigintsAsNumbers },
  });
  return new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
}

const INT8_OID = 20;

function bigintsAsNumbers(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID) return (value: string) => Number(value);
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}

/** SQLite on a thread of its own (`sqlite-thread.ts`), with Kysely's SQLite SQL. */
class ThreadedSqliteDialect implements Dialect {
  constructor(private readonly path: string) {}

  createDriver(): Driver {
    return new SqliteThreadDriver({ path: this.path, busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS });
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
}
