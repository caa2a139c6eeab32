/**
 * Events: one for every state change, with a snapshot of the object as it stood, stored for the
 * Events API and queued for delivery to the webhook URL, if one is set when the event happens
 * (as a Stripe endpoint receives only events created after it was added).
 * https://docs.stripe.com/api/events/object
 */
import { API_VERSION, nowSeconds, type RequestContext } from '../core/context.js';
import { resourceMissing } from '../core/errors.js';
import { stripeId } from '../core/ids.js';
import type { PageRequest } from '../core/list.js';
import type { RangeFilter } from '../core/params.js';
import type { Db } from '../store/database.js';
import { paginate, rangeConditions } from '../store/paginate.js';
import type { DeliveryFaults } from './delivery-faults.js';
import type { DeliveryQueue } from './delivery-queue.js';

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** The Events API's filters; `type` may end in `*` (`payment_intent.*`). */
export interface EventFilter {
  type?: string;
  types?: string[];
  created?: RangeFilter;
  deliverySuccess?: boolean;
}

/** What the event log needs from the rest of the emulator. */
export interface EventLogHooks {
  webhookUrl(): string | null;
  /** Called once a delivery row is written; `completedGroup` names a reorder group now full. */
  deliveryQueued(completedGroup: string | null): void;
}

export class EventLog {
  constructor(
    private readonly db: Db,
    private readonly queue: DeliveryQueue,
    private readonly faults: DeliveryFaults,
    private readonly hooks: EventLogHooks,
  ) {}

  /** Records `type` for `object` (snapshotted now) and queues its delivery. */
  record(
    type: string,
    object: object,
    context: RequestContext,
    previousAttributes?: Record<string, unknown>,
  ): StripeEvent {
    const delivering = this.hooks.webhookUrl() !== null;
    const event: StripeEvent = {
      id: stripeId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: nowSeconds(),
      data: {
        object: structuredClone(object),
        ...(previousAttributes === undefined ? {} : { previous_attributes: previousAttributes }),
      },
      livemode: false,
      pending_webhooks: delivering ? 1 : 0,
      request: { id: context.requestId, idempotency_key: context.idempotencyKey },
      type,
    };
    this.db
      .prepare('INSERT INTO events (id, type, created, data) VALUES (?, ?, ?, ?)')
      .run(event.id, event.type, event.created, JSON.stringify(event));
    if (delivering) this.queueDelivery(event.id);
    return event;
  }

  get(id: string): StripeEvent {
    const row = this.db.prepare('SELECT data FROM events WHERE id = ?').get(id) as
      { data: string } | undefined;
    if (row === undefined) throw resourceMissing('event', id);
    return this.withPendingWebhooks(JSON.parse(row.data) as StripeEvent);
  }

  list(filter: EventFilter, page: PageRequest): { data: StripeEvent[]; hasMore: boolean } {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.type !== undefined) {
      // A prefix compared with substr, not LIKE: `_` in event types is a LIKE wildcard.
      if (filter.type.endsWith('*')) {
        const prefix = filter.type.slice(0, -1);
        where.push('substr(type, 1, ?) = ?');
        args.push(prefix.length, prefix);
      } else {
        where.push('type = ?');
        args.push(filter.type);
      }
    }
    if (filter.types !== undefined) {
      where.push(`type IN (${filter.types.map(() => '?').join(', ')})`);
      args.push(...filter.types);
    }
    const created = rangeConditions('created', filter.created);
    where.push(...created.where, ...deliveryCondition(filter.deliverySuccess));
    args.push(...created.args);

    const { rows, hasMore } = paginate(this.db, {
      table: 'events',
      where,
      args,
      page,
      kind: 'event',
    });
    const data = rows.map((row) => this.withPendingWebhooks(JSON.parse(row) as StripeEvent));
    return { data, hasMore };
  }

  private queueDelivery(eventId: string): void {
    const { plan, completedGroup } = this.faults.plan(Date.now());
    this.queue.enqueue(eventId, plan);
    this.hooks.deliveryQueued(completedGroup);
  }

  private withPendingWebhooks(event: StripeEvent): StripeEvent {
    return { ...event, pending_webhooks: this.queue.pendingFor(event.id) };
  }
}

/**
 * `delivery_success=true`: delivered to the endpoint. `false`: owed to an endpoint but not
 * delivered yet, or never to be (failed every attempt, or dropped). Events that happened while
 * no webhook URL was set match neither.
 */
function deliveryCondition(deliverySuccess: boolean | undefined): string[] {
  if (deliverySuccess === undefined) return [];
  const delivered =
    "EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = events.id AND d.state = 'delivered')";
  if (deliverySuccess) return [delivered];
  return [`EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = events.id)`, `NOT ${delivered}`];
}
