/**
 * The databases every storage and HTTP test runs against: SQLite always, PostgreSQL too when
 * `TEST_DATABASE_URL` names a server. Each test database is private: a fresh SQLite file, or a
 * fresh PostgreSQL schema (selected through the URL's `options`, so child processes see it
 * too), dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'node:test';
import pg from 'pg';
import type { DatabaseLocation } from '../../src/config/config.js';
import { randomBase62 } from '../../src/shared/ids.js';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface TestDatabase {
  kind: DatabaseKind;
  /** The `DATABASE_URL` that reaches it. */
  url: string;
  location: DatabaseLocation;
  drop(): Promise<void>;
}

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? '';

export function databaseKinds(): DatabaseKind[] {
  return POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** `describe` once per database kind, named after it. */
export function describeEachDatabase(name: string, suite: (kind: DatabaseKind) => void): void {
  for (const kind of databaseKinds()) describe(`${name} [${kind}]`, () => suite(kind));
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  return kind === 'sqlite' ? createSqlite() : createPostgres();
}

function createSqlite(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'webstore-test-'));
  const path = join(dir, 'webstore.db');
  return {
    kind: 'sqlite',
    url: `sqlite:${path}`,
    location: { kind: 'sqlite', path },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function createPostgres(): Promise<TestDatabase> {
  const schema = `t_${randomBase62(12).toLowerCase()}`;
  await adminQuery(`create schema ${schema}`);
  const url = withSearchPath(POSTGRES_URL, schema);
  return {
    kind: 'postgres',
    url,
    location: { kind: 'postgres', url },
    drop: () => adminQuery(`drop schema if exists ${schema} cascade`),
  };
}

function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
