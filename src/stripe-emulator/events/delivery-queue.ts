/**
 * The webhook deliveries still owed, one row per event, kept in the database so that a restart
 * resumes them; and the log of every attempt, so that tests and `delivery_success` can see what
 * happened.
 *
 * States: `pending` (due at `due_at`), `sending` (an attempt under way), `held` (kept back to be
 * sent out of order), `delivered`, `failed` (every attempt failed) and `dropped` (lost on purpose
 * by a fault; never sent).
 */
import type { Db } from '../store/database.js';

export type DeliveryState = 'pending' | 'sending' | 'held' | 'delivered' | 'failed' | 'dropped';

export interface DeliveryRow {
  id: number;
  event_id: string;
  state: DeliveryState;
  attempts: number;
  due_at: number;
  duplicate: number;
  hold_group: string | null;
}

/** How a new delivery starts, as decided by the delivery faults. */
export interface DeliveryPlan {
  state: 'pending' | 'held' | 'dropped';
  dueAt: number;
  duplicate: boolean;
  holdGroup: string | null;
}

/** One attempt to deliver an event, as the public `deliveryAttempts()` reports it. */
export interface DeliveryAttempt {
  eventId: string;
  type: string;
  status: number | null;
  ok: boolean;
  at: number;
}

const UNSETTLED = "('pending', 'sending', 'held')";

export class DeliveryQueue {
  constructor(private readonly db: Db) {}

  enqueue(eventId: string, plan: DeliveryPlan): void {
    this.db
      .prepare(
        'INSERT INTO deliveries (event_id, state, due_at, duplicate, hold_group) ' +
          'VALUES (?, ?, ?, ?, ?)',
      )
      .run(eventId, plan.state, plan.dueAt, plan.duplicate ? 1 : 0, plan.holdGroup);
  }

  /** Pending deliveries due by `now`, oldest first. */
  due(now: number): DeliveryRow[] {
    return this.db
      .prepare(
        "SELECT * FROM deliveries WHERE state = 'pending' AND due_at <= ? ORDER BY due_at, id",
      )
      .all(now) as DeliveryRow[];
  }

  nextDueAt(): number | null {
    const row = this.db
      .prepare("SELECT MIN(due_at) AS due FROM deliveries WHERE state = 'pending'")
      .get() as { due: number | null };
    return row.due;
  }

  /** Deliveries not yet settled: pending, sending or held. */
  outstanding(): number {
    const row = this.db
      .prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE state IN ${UNSETTLED}`)
      .get() as { n: number };
    return row.n;
  }

  /** Marks a delivery as being sent, so no other pass picks it up meanwhile. */
  claim(id: number): void {
    this.db.prepare("UPDATE deliveries SET state = 'sending' WHERE id = ?").run(id);
  }

  /**
   * After a restart: an attempt that was under way never finished, and held deliveries can no
   * longer complete their group (armed faults live in memory), so both become pending again.
   */
  resumeAfterRestart(now: number): void {
    this.db
      .prepare(
        "UPDATE deliveries SET state = 'pending', due_at = ?, hold_group = NULL " +
          "WHERE state IN ('sending', 'held')",
      )
      .run(now);
  }

  held(group?: string): DeliveryRow[] {
    const rows = this.db
      .prepare("SELECT * FROM deliveries WHERE state = 'held' ORDER BY id")
      .all() as DeliveryRow[];
    return group === undefined ? rows : rows.filter((row) => row.hold_group === group);
  }

  settle(id: number, state: 'delivered' | 'failed', attempts: number): void {
    this.db
      .prepare('UPDATE deliveries SET state = ?, attempts = ?, duplicate = 0 WHERE id = ?')
      .run(state, attempts, id);
  }

  retryAt(id: number, attempts: number, dueAt: number): void {
    this.db
      .prepare(
        "UPDATE deliveries SET state = 'pending', attempts = ?, due_at = ?, duplicate = 0 " +
          'WHERE id = ?',
      )
      .run(attempts, dueAt, id);
  }

  recordAttempt(attempt: DeliveryAttempt): void {
    this.db
      .prepare(
        'INSERT INTO delivery_attempts (event_id, event_type, status, ok, at) ' +
          'VALUES (?, ?, ?, ?, ?)',
      )
      .run(attempt.eventId, attempt.type, attempt.status, attempt.ok ? 1 : 0, attempt.at);
  }

  attempts(): DeliveryAttempt[] {
    const rows = this.db
      .prepare('SELECT event_id, event_type, status, ok, at FROM delivery_attempts ORDER BY id')
      .all() as {
      event_id: string;
      event_type: string;
      status: number | null;
      ok: number;
      at: number;
    }[];
    return rows.map((row) => ({
      eventId: row.event_id,
      type: row.event_type,
      status: row.status,
      ok: row.ok === 1,
      at: row.at,
    }));
  }

  /** Endpoints still to be reached for an event, as Stripe's `pending_webhooks` counts them. */
  pendingFor(eventId: string): number {
    const row = this.db
      .prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE event_id = ? AND state IN ${UNSETTLED}`)
      .get(eventId) as { n: number };
    return row.n;
  }
}
