/**
 * The thread that owns the store's SQLite connection (see `sqlite-thread.ts`). better-sqlite3
 * is synchronous: every statement, and the disk sync of every commit, holds the thread that
 * runs it. Here that thread is this one, so the server's event loop goes on answering requests
 * while a commit waits for the disk.
 *
 * Requests arrive one at a time on the parent port and are answered in the order they came.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import type { SqliteReply, SqliteRequest, SqliteWorkerData } from './sqlite-thread.js';

/** Distinct statements kept prepared; batch inserts of every size up to 200 rows fit. */
const STATEMENT_CACHE_SIZE = 1_000;

const port = parentPort;
if (port === null) throw new Error('sqlite-worker runs only as a worker thread');

/** Opens the database as the store runs it. */
function open({ path, busyTimeoutMs }: SqliteWorkerData): SqliteDatabase.Database {
  const database = new SqliteDatabase(path, { timeout: busyTimeoutMs });
  // WAL lets readers and one writer work at once, also across processes.
  database.pragma('journal_mode = WAL');
  // FULL syncs the WAL on every commit: a webhook answered 200 is on disk, not in a cache.
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  return database;
}

/**
 * Kysely prepares every statement afresh; better-sqlite3 statements can be reused, and
 * preparing was the largest cost of a catalogue read after the query itself (measured: 5% of
 * the route's time). Statements are kept by their SQL text, the least recently used dropped
 * first. One statement runs at a time on this thread, so none is ever in use twice.
 */
const statements = new Map<string, SqliteDatabase.Statement>();

function prepare(text: string): SqliteDatabase.Statement {
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
}

function execute(request: Extract<SqliteRequest, { kind: 'query' }>): SqliteReply {
  const statement = prepare(request.sql);
  if (statement.reader) {
    return { id: request.id, rows: statement.all(request.parameters) };
  }
  const { changes, lastInsertRowid } = statement.run(request.parameters);
  return { id: request.id, rows: [], changes, lastInsertRowid: BigInt(lastInsertRowid) };
}

/** Only what the caller needs to tell failures apart; the error object itself cannot cross. */
function failure(id: number, error: unknown): SqliteReply {
  const { name, message, code } = error as { name?: string; message?: string; code?: unknown };
  return {
    id,
    error: {
      name: name ?? 'Error',
      message: message ?? 'unknown SQLite error',
      code: typeof code === 'string' ? code : null,
    },
  };
}

let sqlite: SqliteDatabase.Database;
try {
  sqlite = open(workerData as SqliteWorkerData);
} catch (error) {
  // Answered as the reply to "ready" (id 0), so that start-up can say why in one line.
  port.postMessage(failure(0, error));
  port.close();
  process.exit(1);
}

port.on('message', (request: SqliteRequest) => {
  if (request.kind === 'close') {
    sqlite.close();
    port.close();
    return;
  }
  let reply: SqliteReply;
  try {
    reply = execute(request);
  } catch (error) {
    reply = failure(request.id, error);
  }
  port.postMessage(reply);
});

port.postMessage({ id: 0, rows: [] } satisfies SqliteReply);
