/**
 * Every change of an order's status, each a conditional update on the status it leaves
 * (see `order-states.ts`), with the stock it holds released in the same transaction. Whoever
 * loses a race (a second webhook, a second process, the expiry job against the customer)
 * changes nothing and is told so.
 */
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { CancelReason, DatabaseSchema } from '../db/schema.js';
import { MAX_QUANTITY } from '../cart/cart-service.js';
import { statusesLeadingTo } from './order-states.js';

type Trx = Transaction<DatabaseSchema>;

/**
 * Cancels a pending order and puts its stock back. With `restoreCart`, the lines go back into
 * the owner's cart too, for a checkout that failed before the customer could pay.
 */
export async function cancelPendingOrder(
  db: Db | Trx,
  orderId: string,
  reason: CancelReason,
  now: number,
  options: { restoreCart?: boolean } = {},
): Promise<boolean> {
  const run = async (trx: Trx | Db): Promise<boolean> => {
    const canceled = await trx
      .updateTable('orders')
      .set({ status: 'canceled', cancel_reason: reason, canceled_at: now, updated_at: now })
      .where('id', '=', orderId)
      .where('status', 'in', statusesLeadingTo('canceled'))
      .returning('user_id')
      .executeTakeFirst();
    if (!canceled) return false;

    const lines = await trx
      .selectFrom('order_items')
      .select(['product_id', 'quantity'])
      .where('order_id', '=', orderId)
      .execute();
    for (const line of lines) {
      await trx
        .updateTable('products')
        .set({ stock: sql<number>`stock + ${line.quantity}`, updated_at: now })
        .where('id', '=', line.product_id)
        .execute();
      if (options.restoreCart) await restoreCartLine(trx, canceled.user_id, line, now);
    }
    return true;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

async function restoreCartLine(
  trx: Trx | Db,
  userId: string,
  line: { product_id: string; quantity: number },
  now: number,
): Promise<void> {
  await trx
    .insertInto('cart_items')
    .values({
      user_id: userId,
      product_id: line.product_id,
      quantity: line.quantity,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'product_id']).doUpdateSet({
        // CASE rather than min()/least(): the one spelling both engines accept.
        quantity: sql<number>`case when cart_items.quantity + ${line.quantity} > ${MAX_QUANTITY}
          then ${MAX_QUANTITY} else cart_items.quantity + ${line.quantity} end`,
        updated_at: now,
      }),
    )
    .execute();
}

/** Marks a pending order paid by the PaymentIntent the server itself confirmed. */
export async function markOrderPaid(
  db: Db,
  orderId: string,
  paymentIntentId: string,
  paymentStatus: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('orders')
    .set({
      status: 'paid',
      payment_intent_id: paymentIntentId,
      payment_status: paymentStatus,
      paid_at: now,
      updated_at: now,
    })
    .where('id', '=', orderId)
    .where('status', 'in', statusesLeadingTo('paid'))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Keeps the last PaymentIntent status seen at Stripe, for the order view. */
export async function recordPaymentStatus(
  db: Db,
  orderId: string,
  paymentStatus: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('orders')
    .set({ payment_status: paymentStatus, updated_at: now })
    .where('id', '=', orderId)
    .execute();
}
