/** What the API shows of an order: money as `{amount, currency}`, times as ISO 8601. */
import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { OrdersTable, OrderStatus, PaymentFlow } from '../db/schema.js';
import { toIso } from '../shared/clock.js';
import type { Money } from '../shared/money.js';

export interface OrderLineView {
  product_id: string;
  name: string;
  quantity: number;
  unit_price: Money;
  line_total: Money;
}

export interface OrderView {
  id: string;
  status: OrderStatus;
  items: OrderLineView[];
  total: Money;
  refunded_amount: Money;
  created_at: string;
  paid_at: string | null;
  canceled_at: string | null;
  payment: {
    flow: PaymentFlow | null;
    payment_intent_id: string | null;
    checkout_session_id: string | null;
    status: string | null;
    dispute_status: string | null;
  };
}

/** Views of several orders with their lines, in one query for all the lines. */
export async function orderViews(db: Db, rows: Selectable<OrdersTable>[]): Promise<OrderView[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .selectFrom('order_items')
    .selectAll()
    .where(
      'order_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('order_id')
    .orderBy('product_id')
    .execute();

  return rows.map((row) => {
    const money = (amount: number): Money => ({ amount, currency: row.currency });
    return {
      id: row.id,
      status: row.status,
      items: lines
        .filter((line) => line.order_id === row.id)
        .map((line) => ({
          product_id: line.product_id,
          name: line.name,
          quantity: line.quantity,
          unit_price: money(line.unit_amount),
          line_total: money(line.line_amount),
        })),
      total: money(row.total_amount),
      refunded_amount: money(row.refunded_amount),
      created_at: toIso(row.created_at),
      paid_at: row.paid_at === null ? null : toIso(row.paid_at),
      canceled_at: row.canceled_at === null ? null : toIso(row.canceled_at),
      payment: {
        flow: row.payment_flow,
        payment_intent_id: row.payment_intent_id,
        checkout_session_id: row.checkout_session_id,
        status: row.payment_status,
        dispute_status: row.dispute_status,
      },
    };
  });
}
