/**
 * The webhook inbox: verified events recorded durably, by event id, before Stripe is told 200,
 * then claimed one at a time for processing with a lease, retried with backoff, and set aside
 * as dead letters after repeated failure.
 *
 * Recording uses group commit (`db/group-commit.ts`): deliveries that arrive together are
 * written in one statement, so many concurrent deliveries share one disk sync instead of each
 * paying for its own, and no delivery is answered before its row is on disk. Processing claims
 * and completes events in batches too, for the same reason.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import { GroupCommit } from '../db/group-commit.js';
import type { WebhookEventsTable, WebhookEventStatus } from '../db/schema.js';
import { decodeCursor, olderThan, toPage, type Page } from '../http/pagination.js';
import type { Clock } from '../shared/clock.js';
import { isHandledType } from './handled-types.js';
import type { InboundEvent } from './inbound-event.js';

export type WebhookEventRow = Selectable<WebhookEventsTable>;
export type RecordOutcome = 'recorded' | 'ignored' | 'duplicate';

/** After this many failed attempts an event becomes a dead letter for an admin to look at. */
export const MAX_ATTEMPTS = 8;
/** Longer than Stripe's 30 days of resending and listing events, so no duplicate gets through. */
export const EVENT_RETENTION_MS = 35 * 24 * 3_600_000;
/** Rows of one recording statement: 14 bind parameters each, far below SQLite's limit. */
const MAX_BATCH = 200;

export class WebhookInbox {
  private readonly recorder = new GroupCommit(
    (rows: WebhookEventRow[]) => this.insert(rows),
    MAX_BATCH,
  );

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Resolves once the event is durably stored (or known already); rejects if it cannot be. */
  record(event: InboundEvent, source: 'webhook' | 'recovery'): Promise<RecordOutcome> {
    return this.recorder.submit(this.newRow(event, source));
  }

  /** One INSERT for the whole batch; the same id twice in a batch is new once, then a duplicate. */
  private async insert(rows: WebhookEventRow[]): Promise<RecordOutcome[]> {
    const unique = [...new Map(rows.map((row) => [row.event_id, row])).values()];
    const inserted = await this.db
      .insertInto('webhook_events')
      .values(unique)
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('event_id')
      .execute();
    const isNew = new Set(inserted.map((row) => row.event_id));
    return rows.map((row) => {
      if (!isNew.delete(row.event_id)) return 'duplicate';
      return row.status === 'ignored' ? 'ignored' : 'recorded';
    });
  }

  private newRow(event: InboundEvent, source: 'webhook' | 'recovery'): WebhookEventRow {
    const now = this.clock.now();
    return {
      event_id: event.id,
      type: event.type,
      object_id: event.objectId,
      payment_intent_id: event.paymentIntentId,
      livemode: event.livemode ? 1 : 0,
      created: event.created,
      source,
      status: isHandledType(event.type) ? 'pending' : 'ignored',
      attempts: 0,
      next_attempt_at: now,
      locked_until: 0,
      last_error: null,
      received_at: now,
      processed_at: null,
    };
  }

  /**
   * Takes up to `limit` due events for processing, oldest first: each is leased to the caller
   * and its attempt counted. An event another worker holds, or that is done, is not taken; the
   * update checks the conditions again on each row it locks, so two processes racing for one
   * event cannot both take it.
   *
   * Two statements, not an `UPDATE … WHERE event_id IN (SELECT … LIMIT n)`: with statistics
   * taken while no event was pending (a quiet store; a burst of 10% of the table does not make
   * autovacuum look again), PostgreSQL planned that as a nested loop that re-ran the subquery
   * for every pending row, and a backlog of 80,000 events made each claim take seconds. A
   * list of ids is looked up by primary key whatever the statistics say.
   */
  async claimDue(limit: number, leaseMs: number): Promise<WebhookEventRow[]> {
    const now = this.clock.now();
    const due = await this.db
      .selectFrom('webhook_events')
      .select('event_id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where('locked_until', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
    if (due.length === 0) return [];

    const rows = await this.db
      .updateTable('webhook_events')
      .set((eb) => ({ locked_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
      .where(
        'event_id',
        'in',
        due.map((row) => row.event_id),
      )
      .where('status', '=', 'pending')
      .where('locked_until', '<=', now)
      .where('next_attempt_at', '<=', now)
      .returningAll()
      .execute();
    return rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at);
  }

  /** Marks claimed events done, in one statement. */
  async markProcessed(eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    const now = this.clock.now();
    await this.db
      .updateTable('webhook_events')
      .set({ status: 'processed', processed_at: now, locked_until: 0, last_error: null })
      .where('event_id', 'in', eventIds)
      .where('status', '=', 'pending')
      .execute();
  }

  /** Hands back claimed events that were not attempted after all, uncounted. */
  async release(eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await this.db
      .updateTable('webhook_events')
      .set((eb) => ({ locked_until: 0, attempts: eb('attempts', '-', 1) }))
      .where('event_id', 'in', eventIds)
      .where('status', '=', 'pending')
      .execute();
  }

  /** Schedules a retry with exponential backoff, or makes the event a dead letter. */
  async markFailed(row: WebhookEventRow, error: string): Promise<WebhookEventStatus> {
    const now = this.clock.now();
    const dead = row.attempts >= MAX_ATTEMPTS;
    const backoffMs = Math.min(2 ** row.attempts * 5_000, 3_600_000);
    await this.db
      .updateTable('webhook_events')
      .set({
        status: dead ? 'dead' : 'pending',
        next_attempt_at: now + backoffMs,
        locked_until: 0,
        last_error: error.slice(0, 300),
      })
      .where('event_id', '=', row.event_id)
      .where('status', '=', 'pending')
      .execute();
    return dead ? 'dead' : 'pending';
  }

  /** Puts a dead letter back in line, for an admin who fixed its cause. */
  async retry(eventId: string): Promise<WebhookEventRow | null> {
    const row = await this.db
      .updateTable('webhook_events')
      .set({ status: 'pending', attempts: 0, next_attempt_at: this.clock.now(), locked_until: 0 })
      .where('event_id', '=', eventId)
      .where('status', '=', 'dead')
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  /**
   * Forgets events applied or ignored longer ago than Stripe resends or lists them (its events
   * API keeps 30 days), so the inbox does not grow for ever; pending events and dead letters
   * stay until they are dealt with.
   */
  async prune(): Promise<number> {
    const result = await this.db
      .deleteFrom('webhook_events')
      .where('status', 'in', ['processed', 'ignored'])
      .where('received_at', '<', this.clock.now() - EVENT_RETENTION_MS)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async find(eventId: string): Promise<WebhookEventRow | null> {
    const row = await this.db
      .selectFrom('webhook_events')
      .selectAll()
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    return row ?? null;
  }

  /** Which of these event ids are already recorded. */
  async known(eventIds: string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('webhook_events')
      .select('event_id')
      .where('event_id', 'in', eventIds)
      .execute();
    return new Set(rows.map((row) => row.event_id));
  }

  async list(options: {
    limit: number;
    cursor?: string;
    status?: WebhookEventStatus;
  }): Promise<Page<WebhookEventRow>> {
    let query = this.db
      .selectFrom('webhook_events')
      .selectAll()
      .orderBy('received_at', 'desc')
      .orderBy('event_id', 'desc')
      .limit(options.limit + 1);
    if (options.status) query = query.where('status', '=', options.status);
    if (options.cursor)
      query = query.where(olderThan('received_at', 'event_id', decodeCursor(options.cursor)));
    const rows = await query.execute();
    return toPage(
      rows,
      options.limit,
      (r) => ({ at: r.received_at, id: r.event_id }),
      (r) => r,
    );
  }
}
