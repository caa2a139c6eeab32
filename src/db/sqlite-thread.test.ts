import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Database } from './database.js';
import { SqliteThreadError } from './sqlite-thread.js';

describe('SQLite on its own thread', () => {
  let dir: string;
  let database: Database;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webstore-sqlite-thread-'));
    database = openDatabase({ kind: 'sqlite', path: join(dir, 'store.db') });
    await sql`create table counters (name text primary key, value integer not null)`.execute(
      database.db,
    );
  });

  after(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should open the database as the store runs it: WAL, every commit synced, foreign keys', async () => {
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`pragma ${name}`).execute(database.db)).rows[0] ?? {})[0];

    assert.equal(await pragma('journal_mode'), 'wal');
    // 2 is FULL: the WAL is synced on every commit, so a webhook answered 200 is on disk.
    assert.equal(await pragma('synchronous'), 2);
    assert.equal(await pragma('foreign_keys'), 1);
  });

  it('should keep the event loop running while a statement runs', async () => {
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 5);
    const started = Date.now();
    // A statement that keeps SQLite busy for a good fraction of a second.
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000000)
      select count(*) as c from n`.execute(database.db);
    const tookMs = Date.now() - started;
    clearInterval(ticker);

    assert.ok(tookMs > 50, `the statement should take a while (${tookMs} ms)`);
    assert.ok(ticks >= Math.floor(tookMs / 5 / 4), `${ticks} timer ticks in ${tookMs} ms`);
  });

  it('should hand back SQLite errors with their code, and go on', async () => {
    await sql`insert into counters (name, value) values ('a', 1)`.execute(database.db);
    const failed = await sql`insert into counters (name, value) values ('a', 2)`
      .execute(database.db)
      .then(
        () => null,
        (error: unknown) => error,
      );

    assert.ok(failed instanceof SqliteThreadError, String(failed));
    assert.equal(failed.code, 'SQLITE_CONSTRAINT_PRIMARYKEY');
    const rows = await database.db
      .selectFrom('counters' as never)
      .selectAll()
      .execute();
    assert.deepEqual(rows, [{ name: 'a', value: 1 }]);
  });

  it('should run transactions one at a time, and roll a failed one back', async () => {
    await sql`insert into counters (name, value) values ('b', 0)`.execute(database.db);
    const increment = () =>
      database.db.transaction().execute(async (trx) => {
        const row = await sql<{ value: number }>`select value from counters where name = 'b'`
          .execute(trx)
          .then((result) => result.rows[0]);
        await new Promise((resolve) => setTimeout(resolve, 2));
        await sql`update counters set value = ${(row?.value ?? 0) + 1} where name = 'b'`.execute(
          trx,
        );
      });
    await Promise.all(Array.from({ length: 20 }, increment));

    const failing = database.db.transaction().execute(async (trx) => {
      await sql`update counters set value = 1000 where name = 'b'`.execute(trx);
      throw new Error('changed its mind');
    });
    await assert.rejects(failing, /changed its mind/);

    const after = await sql<{ value: number }>`select value from counters where name = 'b'`.execute(
      database.db,
    );
    assert.equal(after.rows[0]?.value, 20, 'no increment lost, the failed one undone');
  });

  it('should say why when the database cannot be opened', async () => {
    // A directory is no database file: SQLite refuses it when the thread opens it.
    const unopenable = openDatabase({ kind: 'sqlite', path: dir });
    await assert.rejects(sql`select 1`.execute(unopenable.db), /unable to open database file/);
    await unopenable.close();
  });

  it('should fail queries at once after the database is closed, not wait for ever', async () => {
    const closing = openDatabase({ kind: 'sqlite', path: join(dir, 'closing.db') });
    await sql`select 1`.execute(closing.db);
    await closing.close();
    await assert.rejects(sql`select 1`.execute(closing.db), /destroyed/);
  });
});
