/**
 * Reading orders, always through a scope: the owner's own, or any for an admin. There is no
 * unscoped read for routes to reach for; background work (webhooks, jobs) uses the
 * `…ForSystem` reads, which no route calls.
 */
import type { Selectable } from 'kysely';
import type { Actor } from '../accounts/sessions.js';
import type { Db } from '../db/database.js';
import type { OrdersTable, OrderStatus } from '../db/schema.js';
import { decodeCursor, olderThan, toPage, type Page } from '../http/pagination.js';
import { isId } from '../shared/ids.js';
import { orderViews, type OrderView } from './order-view.js';

export type OrderRow = Selectable<OrdersTable>;

export interface OrderListOptions {
  limit: number;
  cursor?: string;
  status?: OrderStatus;
}

export class OrderStore {
  constructor(private readonly db: Db) {}

  /** The order if the actor may see it (owner or admin); null reads as 404. */
  async findVisibleTo(actor: Actor, id: string): Promise<OrderRow | null> {
    if (!isId('order', id)) return null;
    let query = this.db.selectFrom('orders').selectAll().where('id', '=', id);
    if (actor.role !== 'admin') query = query.where('user_id', '=', actor.userId);
    return (await query.executeTakeFirst()) ?? null;
  }

  /** The order if it is the actor's own, whatever their role. */
  async findOwnedBy(actor: Actor, id: string): Promise<OrderRow | null> {
    if (!isId('order', id)) return null;
    const row = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    return row ?? null;
  }

  async findForSystem(id: string): Promise<OrderRow | null> {
    if (!isId('order', id)) return null;
    return (
      (await this.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst()) ??
      null
    );
  }

  async findByPaymentIntentForSystem(paymentIntentId: string): Promise<OrderRow | null> {
    const row = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('payment_intent_id', '=', paymentIntentId)
      .executeTakeFirst();
    return row ?? null;
  }

  async findByCheckoutSessionForSystem(sessionId: string): Promise<OrderRow | null> {
    const row = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('checkout_session_id', '=', sessionId)
      .executeTakeFirst();
    return row ?? null;
  }

  /** The actor's own orders, newest first. */
  async listOwn(actor: Actor, options: OrderListOptions): Promise<Page<OrderView>> {
    return this.list(options, actor.userId);
  }

  /** Every order, for admins; optionally one status. */
  async listAll(options: OrderListOptions): Promise<Page<OrderView>> {
    return this.list(options, null);
  }

  async view(row: OrderRow): Promise<OrderView> {
    const [view] = await orderViews(this.db, [row]);
    if (!view) throw new Error(`order ${row.id} vanished while being shown`);
    return view;
  }

  private async list(options: OrderListOptions, ownerId: string | null): Promise<Page<OrderView>> {
    let query = this.db
      .selectFrom('orders')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit + 1);
    if (ownerId !== null) query = query.where('user_id', '=', ownerId);
    if (options.status) query = query.where('status', '=', options.status);
    if (options.cursor)
      query = query.where(olderThan('created_at', 'id', decodeCursor(options.cursor)));

    const rows = await query.execute();
    const page = toPage(
      rows,
      options.limit,
      (r) => ({ at: r.created_at, id: r.id }),
      (r) => r,
    );
    return { data: await orderViews(this.db, page.data), next_cursor: page.next_cursor };
  }
}
