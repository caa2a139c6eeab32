/**
 * The first step of checkout, in one transaction: price the caller's cart from the catalogue,
 * reserve the stock, write the order and empty the cart. Either all of it happens or none.
 */
import { sql, type Transaction } from 'kysely';
import type { DatabaseSchema, PaymentFlow } from '../db/schema.js';
import { pricedCartLines } from '../cart/priced-lines.js';
import { AppError } from '../http/errors.js';
import type { OrderRow } from '../orders/order-store.js';
import { newId } from '../shared/ids.js';
import { MAX_AMOUNT } from '../shared/money.js';

type Trx = Transaction<DatabaseSchema>;

interface PricedLine {
  product_id: string;
  name: string;
  quantity: number;
  price_amount: number;
  currency: string;
}

export async function placeOrder(
  trx: Trx,
  userId: string,
  flow: PaymentFlow,
  now: number,
): Promise<OrderRow> {
  const lines = await pricedCart(trx, userId);
  const currency = singleCurrency(lines);
  const total = lines.reduce((sum, line) => sum + line.price_amount * line.quantity, 0);
  if (total > MAX_AMOUNT) {
    throw new AppError('amount_too_large', { detail: `the total may be at most ${MAX_AMOUNT}` });
  }

  for (const line of lines) await reserveStock(trx, line, now);

  const order: OrderRow = {
    id: newId('order'),
    user_id: userId,
    status: 'pending_payment',
    currency,
    total_amount: total,
    refunded_amount: 0,
    refund_pending_amount: 0,
    payment_flow: flow,
    payment_intent_id: null,
    checkout_session_id: null,
    payment_status: null,
    dispute_status: null,
    cancel_reason: null,
    created_at: now,
    updated_at: now,
    paid_at: null,
    canceled_at: null,
  };
  await trx.insertInto('orders').values(order).execute();
  await trx
    .insertInto('order_items')
    .values(
      lines.map((line) => ({
        order_id: order.id,
        product_id: line.product_id,
        name: line.name,
        unit_amount: line.price_amount,
        quantity: line.quantity,
        line_amount: line.price_amount * line.quantity,
      })),
    )
    .execute();
  await trx.deleteFrom('cart_items').where('user_id', '=', userId).execute();
  return order;
}

/** The cart with today's catalogue prices; products no longer on sale are left out. */
async function pricedCart(trx: Trx, userId: string): Promise<PricedLine[]> {
  const lines = await pricedCartLines(trx, userId).orderBy('cart_items.product_id').execute();
  if (lines.length === 0) throw new AppError('cart_empty');
  return lines;
}

function singleCurrency(lines: PricedLine[]): string {
  const currencies = new Set(lines.map((line) => line.currency));
  const [currency] = currencies;
  if (currencies.size !== 1 || currency === undefined) throw new AppError('currency_mismatch');
  return currency;
}

/**
 * Takes stock only if there is enough, in one statement: under any concurrency, on either
 * engine, the count can never go below zero. Lines are reserved in product-id order, so two
 * checkouts of the same products cannot deadlock on PostgreSQL's row locks.
 */
async function reserveStock(trx: Trx, line: PricedLine, now: number): Promise<void> {
  const reserved = await trx
    .updateTable('products')
    .set({ stock: sql<number>`stock - ${line.quantity}`, updated_at: now })
    .where('id', '=', line.product_id)
    .where('stock', '>=', line.quantity)
    .executeTakeFirst();
  if (Number(reserved.numUpdatedRows) !== 1) {
    throw new AppError('insufficient_stock', { detail: `not enough stock of ${line.product_id}` });
  }
}
