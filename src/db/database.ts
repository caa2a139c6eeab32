/**
 * One Kysely instance over either embedded SQLite (better-sqlite3) or PostgreSQL (`pg`).
 *
 * Everything above this file is written once, in SQL both engines understand; what differs
 * between them (connection set-up, durability settings, how a write transaction starts) is
 * decided here and nowhere else.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type {
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  QueryCompiler,
  SqliteDialectConfig,
  SqliteDatabase as SqliteDatabaseLike,
} from 'kysely';
import pg from 'pg';
import type { DatabaseLocation } from '../config/config.js';
import type { DatabaseSchema } from './schema.js';

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

  return new Kysely<DatabaseSchema>({
    dialect: new ImmediateSqliteDialect({
      database: () => {
        const sqlite = new SqliteDatabase(path, { timeout: 10_000 });
        // WAL lets readers and one writer work at once, also across processes.
        sqlite.pragma('journal_mode = WAL');
        // FULL syncs the WAL on every commit: a webhook answered 200 is on disk, not in a cache.
        sqlite.pragma('synchronous = FULL');
        sqlite.pragma('foreign_keys = ON');
        return Promise.resolve(withStatementCache(sqlite));
      },
    }),
  });
}

/** Distinct statements kept prepared; batch inserts of every size up to 200 rows fit. */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * Kysely prepares every statement afresh; better-sqlite3 statements can be reused, and
 * preparing was the largest cost of a catalogue read after the query itself (measured: 5% of
 * the route's time). Statements are kept by their SQL text, the least recently used dropped
 * first. Kysely runs one statement at a time on the connection, so no statement is ever in use
 * twice.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDatabaseLike {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (statement === undefined) {
        statement = sqlite.prepare(text);
        if (statements.size >= STATEMENT_CACHE_SIZE) {
          statements.delete(statements.keys().next().value as string);
        }
      } else {
        statements.delete(text);
      }
      statements.set(text, statement);
      return statement;
    },
  };
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

/**
 * SQLite's plain `BEGIN` takes the write lock only at the first write, and a reader that then
 * wants to write fails at once with SQLITE_BUSY when another process holds it, whatever the
 * busy timeout. `BEGIN IMMEDIATE` takes the lock up front, so two server processes queue for it
 * instead of failing.
 */
class ImmediateSqliteDialect implements Dialect {
  constructor(private readonly config: SqliteDialectConfig) {}

  createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config);
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

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
