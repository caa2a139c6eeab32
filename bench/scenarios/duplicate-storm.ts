/**
 * The duplicate storm: 1,000 events, each delivered 10 times (each time signed afresh, as
 * Stripe's retries are), all at once, spread over two store processes on one database. The
 * answer to "exactly once" is read from the database afterwards: 1,000 inbox rows, each
 * processed, each claimed by exactly one attempt, and 9,000 deliveries seen as replays.
 */
import { sql } from 'kysely';
import type { BenchDatabase } from '../bench-database.js';
import { runAmount, type LoadSpec } from '../load.js';
import { eventBody, newEventId, signedDelivery } from '../signed-events.js';

export const STORM_EVENTS = 1_000;
export const STORM_COPIES = 10;

export interface StormResult {
  deliveriesPerSecond: number;
  failedDeliveries: number;
  recorded: number;
  processed: number;
  /** Processing attempts over all events: equal to `recorded` when each was applied once. */
  attempts: number;
  replaysSeen: number;
}

export async function runDuplicateStorm(
  bench: BenchDatabase,
  storeUrls: string[],
  secret: string,
  connections: number,
): Promise<StormResult> {
  const bodies = Array.from({ length: STORM_EVENTS }, () => eventBody(newEventId()));
  const deliveries = shuffled(bodies.flatMap((body) => Array<string>(STORM_COPIES).fill(body)));
  let next = 0;
  const load = (url: string): LoadSpec => ({
    url,
    path: '/webhooks/stripe',
    method: 'POST',
    connections,
    nextRequest: () => {
      const signed = signedDelivery(deliveries[next++ % deliveries.length] ?? '', secret);
      const headers = { 'content-type': 'application/json', 'stripe-signature': signed.signature };
      return { body: signed.body, headers };
    },
  });

  const share = deliveries.length / storeUrls.length;
  const started = performance.now();
  const runs = await Promise.all(storeUrls.map((url) => runAmount(load(url), share)));
  const seconds = (performance.now() - started) / 1000;

  await waitUntilProcessed(bench, 60_000);
  return {
    deliveriesPerSecond: deliveries.length / seconds,
    failedDeliveries: runs.reduce((sum, run) => sum + run.failed, 0),
    ...(await countEffects(bench)),
  };
}

async function countEffects(bench: BenchDatabase) {
  const db = bench.database.db;
  const inbox = await db
    .selectFrom('webhook_events')
    .select([
      sql<number>`count(*)`.as('recorded'),
      sql<number>`sum(case when status = 'processed' then 1 else 0 end)`.as('processed'),
      sql<number>`sum(attempts)`.as('attempts'),
    ])
    .executeTakeFirstOrThrow();
  const replays = await db
    .selectFrom('security_events')
    .select(sql<number>`count(*)`.as('count'))
    .where('type', '=', 'webhook_replayed')
    .executeTakeFirstOrThrow();
  return {
    recorded: Number(inbox.recorded),
    processed: Number(inbox.processed),
    attempts: Number(inbox.attempts),
    replaysSeen: Number(replays.count),
  };
}

async function waitUntilProcessed(bench: BenchDatabase, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pending = await bench.database.db
      .selectFrom('webhook_events')
      .select(sql<number>`count(*)`.as('count'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    if (Number(pending.count) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Fisher–Yates, so the copies of one event arrive interleaved with the others'. */
function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
