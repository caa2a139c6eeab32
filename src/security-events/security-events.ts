/**
 * The security-event trail: what happened, when, to or by whom, from where, in which request.
 *
 * Event types follow the OWASP Logging Vocabulary where it has a name (`authn_login_fail`,
 * `authz_fail`, `excess_rate_limit_exceeded`, …) and the same style where it does not. The
 * detail holds small, known facts (ids, reasons, amounts), never a secret, token, payload or
 * email. Events are written outside any request transaction, so a request that fails still
 * leaves its trace; events recorded at the same moment (a storm of replayed webhooks, say) are
 * written together, one statement and one disk sync for the lot.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import { GroupCommit } from '../db/group-commit.js';
import type { SecurityEventsTable } from '../db/schema.js';
import { decodeCursor, olderThan, toPage, type Page } from '../http/pagination.js';
import { toIso } from '../shared/clock.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { Logger } from '../logging/logger.js';

export const SECURITY_EVENT_TYPES = [
  'authn_login_success',
  'authn_login_fail',
  'authn_rate_limited',
  'authn_register',
  'authn_register_rate_limited',
  'authn_logout',
  'authn_token_invalid',
  'authz_fail',
  'authz_admin_created',
  'authz_role_changed',
  'csrf_fail',
  'input_validation_fail',
  'excess_rate_limit_exceeded',
  'webhook_signature_invalid',
  'webhook_timestamp_expired',
  'webhook_livemode_mismatch',
  'webhook_replayed',
  'idempotency_key_reused',
  'idempotency_request_in_progress',
  'payment_mismatch',
  'payment_confirmed',
  'refund_created',
  'refund_external',
  'dispute_created',
] as const;

export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

/** Events that record normal use; the rest are warnings worth a look. */
const ROUTINE_EVENTS: ReadonlySet<SecurityEventType> = new Set([
  'authn_login_success',
  'authn_register',
  'authn_logout',
  'payment_confirmed',
  'refund_created',
]);

export type EventDetail = Record<string, string | number | boolean | null>;

/** Where an event came from: the request that caused it, when there was one. */
export interface EventContext {
  actorId?: string | null;
  ip?: string | null;
  requestId?: string | null;
}

export interface SecurityEventView {
  id: string;
  type: string;
  occurred_at: string;
  actor_id: string | null;
  ip: string | null;
  request_id: string | null;
  detail: EventDetail;
}

type SecurityEventRow = Selectable<SecurityEventsTable>;

/** Rows of one statement: 7 bind parameters each. */
const MAX_BATCH = 200;

export class SecurityEvents {
  private readonly writer = new GroupCommit(
    (rows: SecurityEventRow[]) => this.insert(rows),
    MAX_BATCH,
  );

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * Records an event. A failure to record is logged and swallowed: the trail must not turn a
   * refused request into a 500, and the log line still carries the event.
   */
  async record(
    type: SecurityEventType,
    context: EventContext,
    detail: EventDetail = {},
  ): Promise<void> {
    const id = newId('securityEvent');
    const fields = {
      security_event: type,
      security_event_id: id,
      user_id: context.actorId ?? null,
      request_id: context.requestId ?? null,
      ...detail,
    };
    if (ROUTINE_EVENTS.has(type)) this.logger.info(fields, 'security event');
    else this.logger.warn(fields, 'security event');
    try {
      await this.writer.submit({
        id,
        type,
        occurred_at: this.clock.now(),
        actor_id: context.actorId ?? null,
        ip: context.ip ?? null,
        request_id: context.requestId ?? null,
        detail: JSON.stringify(detail),
      });
    } catch (err) {
      this.logger.error(
        { err, security_event: type, security_event_id: id },
        'security event not stored',
      );
    }
  }

  private async insert(rows: SecurityEventRow[]): Promise<void[]> {
    await this.db.insertInto('security_events').values(rows).execute();
    return [];
  }

  /** Newest first, optionally of one type; for the admin route. */
  async list(options: {
    limit: number;
    cursor?: string;
    type?: string;
  }): Promise<Page<SecurityEventView>> {
    let query = this.db
      .selectFrom('security_events')
      .selectAll()
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit + 1);
    if (options.type) query = query.where('type', '=', options.type);
    if (options.cursor)
      query = query.where(olderThan('occurred_at', 'id', decodeCursor(options.cursor)));
    const rows = await query.execute();
    return toPage(rows, options.limit, (r) => ({ at: r.occurred_at, id: r.id }), eventView);
  }
}

function eventView(row: Selectable<SecurityEventsTable>): SecurityEventView {
  return {
    id: row.id,
    type: row.type,
    occurred_at: toIso(row.occurred_at),
    actor_id: row.actor_id,
    ip: row.ip,
    request_id: row.request_id,
    detail: JSON.parse(row.detail) as EventDetail,
  };
}
