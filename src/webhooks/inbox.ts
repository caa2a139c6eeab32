/**
 * The webhook inbox: verified events recorded durably, by event id, before Stripe is told 200,
 * then claimed one at a time for processing with a lease, retried with backoff, and set aside
 * as dead letters after repeated failure.
 *
 * Recording uses group commit: deliveries that arrive while a write is in flight are written
 * together in the next single statement, so many concurrent deliveries share one disk sync
 * instead of each paying for its own, and no delivery is answered before its row is on disk.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { WebhookEventsTable, WebhookEventStatus } from '../db/schema.js';
import { decodeCursor, olderThan, toPage, type Page } from '../http/pagination.js';
import type { Clock } from '../shared/clock.js';
import { isHandledType } from './handled-types.js';
import type { InboundEvent } from './inbound-event.js';

export type WebhookEventRow = Selectable<WebhookEventsTable>;
export type RecordOutcome = 'recorded' | 'ignored' | 'duplicate';

/** After this many failed attempts an event becomes a dead letter for an admin to look at. */
export const MAX_ATTEMPTS = 8;
const MAX_BATCH = 200;

interface QueuedRecord {
  row: WebhookEventRow;
  resolve(outcome: RecordOutcome): void;
  reject(error: unknown): void;
}

export class WebhookInbox {
  private queue: QueuedRecord[] = [];
  private flushing = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Resolves once the event is durably stored (or known already); rejects if it cannot be. */
  record(event: InboundEvent, source: 'webhook' | 'recovery'): Promise<RecordOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row: this.newRow(event, source), resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const inserted = await this.insertBatch(batch.map((queued) => queued.row));
        for (const queued of batch) {
          const isNew = inserted.delete(queued.row.event_id);
          queued.resolve(!isNew ? 'duplicate' : queued.row.status === 'ignored' ? 'ignored' : 'recorded');
        }
      } catch (error) {
        for (const queued of batch) queued.reject(error);
      }
    }
    this.flushing = false;
  }

  /** One INSERT for the whole batch; returns the ids that were new. */
  private async insertBatch(rows: WebhookEventRow[]): Promise<Set<string>> {
    const unique = [...new Map(rows.map((row) => [row.event_id, row])).values()];
    const inserted = await this.db
      .insertInto('webhook_events')
      .values(unique)
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('event_id')
      .execute();
    return new Set(inserted.map((row) => row.event_id));
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

  /** Ids of pending events due now, oldest first. */
  async due(limit: number): Promise<string[]> {
    const now = this.clock.now();
    const rows = await this.db
      .selectFrom('webhook_events')
      .select('event_id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where('locked_until', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.event_id);
  }

  /** Takes an event for processing; null when another worker has it or it is done. */
  async claim(eventId: string, leaseMs: number): Promise<WebhookEventRow | null> {
    const now = this.clock.now();
    const row = await this.db
      .updateTable('webhook_events')
      .set((eb) => ({ locked_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
      .where('event_id', '=', eventId)
      .where('status', '=', 'pending')
      .where('locked_until', '<=', now)
      .where('next_attempt_at', '<=', now)
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  async markProcessed(eventId: string): Promise<void> {
    const now = this.clock.now();
    await this.db
      .updateTable('webhook_events')
      .set({ status: 'processed', processed_at: now, locked_until: 0, last_error: null })
      .where('event_id', '=', eventId)
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

  async list(options: { limit: number; cursor?: string; status?: WebhookEventStatus }): Promise<Page<WebhookEventRow>> {
    let query = this.db
      .selectFrom('webhook_events')
      .selectAll()
      .orderBy('received_at', 'desc')
      .orderBy('event_id', 'desc')
      .limit(options.limit + 1);
    if (options.status) query = query.where('status', '=', options.status);
    if (options.cursor) query = query.where(olderThan('received_at', 'event_id', decodeCursor(options.cursor)));
    const rows = await query.execute();
    return toPage(rows, options.limit, (r) => ({ at: r.received_at, id: r.event_id }), (r) => r);
  }
}
