/**
 * The refunds of each order and the order totals they move, changed only together, in one
 * transaction, with conditional updates:
 *
 * - `reserve` holds an amount on the order before Stripe is asked, and only if the order's
 *   captured total still covers it with every other refund, settled or in flight;
 * - `settle` turns a reservation into a refund (or gives it back) once Stripe has answered;
 * - `recordExternal` adds a refund first seen at Stripe (made in its dashboard, say).
 *
 * The database's check constraint (refunded + pending ≤ total) backs the same rule up.
 */
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { DatabaseSchema, RefundsTable, RefundStatus } from '../db/schema.js';
import { statusAfterRefunds } from '../orders/order-states.js';
import { newId } from '../shared/ids.js';

type Trx = Transaction<DatabaseSchema>;
export type RefundRow = Selectable<RefundsTable>;

export class RefundLedger {
  constructor(private readonly db: Db) {}

  /** Holds `amount` for a new refund; null when the order cannot cover it (or is not paid). */
  async reserve(
    trx: Trx,
    request: {
      orderId: string;
      amount: number;
      currency: string;
      reason: string | null;
      requestedBy: string;
    },
    now: number,
  ): Promise<RefundRow | null> {
    const held = await trx
      .updateTable('orders')
      .set({
        refund_pending_amount: sql<number>`refund_pending_amount + ${request.amount}`,
        updated_at: now,
      })
      .where('id', '=', request.orderId)
      .where('status', 'in', ['paid', 'partially_refunded'])
      .where(
        sql<boolean>`refunded_amount + refund_pending_amount + ${request.amount} <= total_amount`,
      )
      .executeTakeFirst();
    if (Number(held.numUpdatedRows) !== 1) return null;

    const refund: RefundRow = {
      id: newId('refund'),
      order_id: request.orderId,
      amount: request.amount,
      currency: request.currency,
      reason: request.reason,
      status: 'pending',
      origin: 'store',
      stripe_refund_id: null,
      requested_by: request.requestedBy,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('refunds').values(refund).execute();
    return refund;
  }

  /**
   * Applies Stripe's answer for a store refund. Only a refund still pending moves, so a second
   * settlement (a webhook after the request, or two processes) changes nothing.
   */
  async settle(
    refundId: string,
    stripeRefundId: string,
    stripeStatus: string,
    now: number,
  ): Promise<boolean> {
    const status = localStatus(stripeStatus);
    if (status === 'pending') {
      await this.db
        .updateTable('refunds')
        .set({ stripe_refund_id: stripeRefundId, updated_at: now })
        .where('id', '=', refundId)
        .where('status', '=', 'pending')
        .execute();
      return false;
    }
    return this.db.transaction().execute(async (trx) => {
      const refund = await trx
        .updateTable('refunds')
        .set({ status, stripe_refund_id: stripeRefundId, updated_at: now })
        .where('id', '=', refundId)
        .where('status', '=', 'pending')
        .returning(['order_id', 'amount'])
        .executeTakeFirst();
      if (!refund) return false;
      const refunded = status === 'succeeded' ? refund.amount : 0;
      await moveOrderTotals(trx, refund.order_id, -refund.amount, refunded, now);
      return true;
    });
  }

  /** Adds a refund made outside the store; false when it is already known. */
  async recordExternal(
    order: { id: string; currency: string },
    stripeRefund: { id: string; amount: number; status: string },
    now: number,
  ): Promise<boolean> {
    const status = localStatus(stripeRefund.status);
    if (status !== 'succeeded') return false;
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('refunds')
        .values({
          id: newId('refund'),
          order_id: order.id,
          amount: stripeRefund.amount,
          currency: order.currency,
          reason: null,
          status,
          origin: 'external',
          stripe_refund_id: stripeRefund.id,
          requested_by: null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('stripe_refund_id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) return false;
      await moveOrderTotals(trx, order.id, 0, stripeRefund.amount, now);
      return true;
    });
  }

  async find(refundId: string): Promise<RefundRow | null> {
    return (
      (await this.db
        .selectFrom('refunds')
        .selectAll()
        .where('id', '=', refundId)
        .executeTakeFirst()) ?? null
    );
  }

  async listForOrder(orderId: string): Promise<RefundRow[]> {
    return this.db
      .selectFrom('refunds')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Store refunds Stripe never answered for, older than `before`; for the completer. */
  async unanswered(before: number, limit: number): Promise<RefundRow[]> {
    return this.db
      .selectFrom('refunds')
      .selectAll()
      .where('status', '=', 'pending')
      .where('origin', '=', 'store')
      .where('created_at', '<', before)
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }
}

/**
 * Moves an order's pending and refunded amounts and derives its status from them. Refunds
 * beyond the total (Stripe counted one we also counted) are capped by the status rule.
 */
async function moveOrderTotals(
  trx: Trx,
  orderId: string,
  pendingDelta: number,
  refundedDelta: number,
  now: number,
) {
  const order = await trx
    .updateTable('orders')
    .set({
      refund_pending_amount: sql<number>`refund_pending_amount + ${pendingDelta}`,
      refunded_amount: sql<number>`refunded_amount + ${refundedDelta}`,
      updated_at: now,
    })
    .where('id', '=', orderId)
    .returning(['total_amount', 'refunded_amount', 'status'])
    .executeTakeFirstOrThrow();
  if (order.status === 'pending_payment' || order.status === 'canceled') return;
  await trx
    .updateTable('orders')
    .set({ status: statusAfterRefunds(order.total_amount, order.refunded_amount) })
    .where('id', '=', orderId)
    .execute();
}

function localStatus(stripeStatus: string): RefundStatus {
  if (stripeStatus === 'succeeded') return 'succeeded';
  if (stripeStatus === 'failed') return 'failed';
  if (stripeStatus === 'canceled') return 'canceled';
  return 'pending';
}
