/**
 * The emulator's SQLite database: objects, events, webhook deliveries and idempotency keys, so a
 * file database keeps every payment, and every delivery still owed, across a restart.
 *
 * better-sqlite3 is synchronous, so each API request's changes run in one transaction on the
 * event loop: no other request can see half of them, and a crash leaves none of them behind.
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS objects (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  owner TEXT,
  created INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS objects_by_type ON objects (type, seq);
CREATE INDEX IF NOT EXISTS objects_by_owner ON objects (owner, seq);

CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  created INTEGER NOT NULL,
  data TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  due_at INTEGER NOT NULL,
  duplicate INTEGER NOT NULL DEFAULT 0,
  hold_group TEXT
);
CREATE INDEX IF NOT EXISTS deliveries_by_state ON deliveries (state, due_at);
CREATE INDEX IF NOT EXISTS deliveries_by_event ON deliveries (event_id);

CREATE TABLE IF NOT EXISTS delivery_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  status INTEGER,
  ok INTEGER NOT NULL,
  at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS idempotency_keys (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  params_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  request_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
);

CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/** Opens (and creates, when new) the database at `path`; `:memory:` for a throwaway one. */
export function openDatabase(path: string): Db {
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}

/** A value kept beside the data, such as the generated webhook secret of a file database. */
export function readMeta(db: Db, name: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE name = ?').get(name) as
    { value: string } | undefined;
  return row?.value ?? null;
}

export function writeMeta(db: Db, name: string, value: string): void {
  db.prepare(
    'INSERT INTO meta (name, value) VALUES (?, ?) ' +
      'ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  ).run(name, value);
}
