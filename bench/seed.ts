/**
 * Fast bulk seeding in SQL, never through the API: a catalogue with stock for every checkout of
 * a run, and for the growth scenario N paid orders (one line each) and N processed webhook
 * events, as a store that has been selling for a while would hold them.
 */
import { sql } from 'kysely';
import { newId } from '../src/shared/ids.js';
import type { BenchDatabase } from './bench-database.js';

export const CATALOG_SIZE = 20;
/** As much as the catalogue allows (1,000,000), so no checkout of a run runs out. */
const STOCK = 1_000_000;

/** A full first page of the catalogue (the list's default limit is 20); returns product ids. */
export async function seedCatalog(bench: BenchDatabase): Promise<string[]> {
  const now = Date.now();
  const rows = Array.from({ length: CATALOG_SIZE }, (_, i) => ({
    id: newId('product'),
    name: `Bench product ${i + 1}`,
    description: 'A product of the benchmark catalogue, with a sentence of description.',
    price_amount: 1000 + i * 150,
    currency: 'usd',
    stock: STOCK,
    active: 1,
    created_at: now + i,
    updated_at: now + i,
  }));
  await bench.database.db.insertInto('products').values(rows).execute();
  return rows.map((row) => row.id);
}

/** `count` paid orders of one line each, and `count` processed events pointing at them. */
export async function seedHistory(bench: BenchDatabase, productId: string, count: number) {
  if (count === 0) return;
  const db = bench.database.db;
  const now = Date.now();
  const userId = newId('user');
  await db
    .insertInto('users')
    .values({
      id: userId,
      email: `seed-${userId.toLowerCase()}@example.test`,
      password_hash: 'not a hash: this account cannot sign in',
      role: 'customer',
      created_at: now,
      updated_at: now,
    })
    .execute();

  const n = series(bench.engine, count);
  const pad = (prefix: string) => padded(bench.engine, prefix);
  await sql
    .raw(
      `insert into orders (id, user_id, status, currency, total_amount, refunded_amount,
         refund_pending_amount, payment_flow, payment_intent_id, checkout_session_id,
         payment_status, dispute_status, cancel_reason, created_at, updated_at, paid_at,
         canceled_at)
       select ${pad('ord_')}, '${userId}', 'paid', 'usd', 1000, 0, 0, 'payment_intent',
         ${pad('pi_')}, null, 'succeeded', null, null, ${now} - i, ${now} - i, ${now} - i, null
       from ${n}`,
    )
    .execute(db);
  await sql
    .raw(
      `insert into order_items (order_id, product_id, name, unit_amount, quantity, line_amount)
       select ${pad('ord_')}, '${productId}', 'Bench product 1', 1000, 1, 1000 from ${n}`,
    )
    .execute(db);
  await sql
    .raw(
      `insert into webhook_events (event_id, type, object_id, payment_intent_id, livemode,
         created, source, status, attempts, next_attempt_at, locked_until, last_error,
         received_at, processed_at)
       select ${pad('evt_')}, 'payment_intent.succeeded', ${pad('pi_')}, ${pad('pi_')}, 0,
         ${Math.floor(now / 1000)} - i, 'webhook', 'processed', 1, ${now} - i, 0, null,
         ${now} - i, ${now} - i
       from ${n}`,
    )
    .execute(db);
  // Autovacuum would have analysed tables this size long ago; the planner needs the numbers.
  await sql.raw('analyze').execute(db);
}

/** The integers 1..count as a row source `n(i)`. */
function series(engine: BenchDatabase['engine'], count: number): string {
  if (engine === 'postgres') return `generate_series(1, ${count}) as n(i)`;
  return `(with recursive s(i) as (select 1 union all select i + 1 from s where i < ${count})
    select i from s) as n`;
}

/** A typed id from the row number, shaped as the store's own (prefix and 22 base62 digits). */
function padded(engine: BenchDatabase['engine'], prefix: string): string {
  if (engine === 'postgres') return `'${prefix}' || lpad(i::text, 22, '0')`;
  return `'${prefix}' || printf('%022d', i)`;
}
