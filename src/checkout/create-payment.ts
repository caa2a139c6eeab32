/**
 * Step 2 of checkout: the payment at Stripe for an order, in the order's flow, with an
 * idempotency key derived from the order, and what the order's owner is shown of it.
 */
import type { Db } from '../db/database.js';
import type { OrderRow } from '../orders/order-store.js';
import type { OrderPaymentRequest, PaymentGateway } from '../payments/payment-gateway.js';

export type PaymentView =
  | {
      flow: 'payment_intent';
      payment_intent_id: string;
      status: string;
      /** For the owner's browser to confirm this one payment; shown only in this answer. */
      client_secret: string;
      publishable_key: string;
    }
  | { flow: 'checkout_session'; checkout_session_id: string; url: string };

/** The Stripe idempotency key of an order's payment; the same for every attempt, by design. */
export function paymentKeyFor(orderId: string): string {
  return `webstore:checkout:${orderId}`;
}

export async function createPayment(
  deps: { db: Db; gateway: PaymentGateway; publicUrl: string },
  order: OrderRow,
): Promise<PaymentView> {
  const request = await paymentRequest(deps.db, order);

  if (order.payment_flow === 'checkout_session') {
    const orderPage = `${deps.publicUrl}/orders/${order.id}`;
    const session = await deps.gateway.createCheckoutSession({
      ...request,
      successUrl: `${orderPage}?checkout=success`,
      cancelUrl: `${orderPage}?checkout=canceled`,
    });
    if (session.url === null) throw new Error(`Checkout Session ${session.id} has no URL`);
    return { flow: 'checkout_session', checkout_session_id: session.id, url: session.url };
  }

  const intent = await deps.gateway.createPaymentIntent(request);
  return {
    flow: 'payment_intent',
    payment_intent_id: intent.id,
    status: intent.status,
    client_secret: intent.clientSecret,
    publishable_key: deps.gateway.publishableKey,
  };
}

async function paymentRequest(db: Db, order: OrderRow): Promise<OrderPaymentRequest> {
  const lines = await db
    .selectFrom('order_items')
    .select(['name', 'unit_amount', 'quantity'])
    .where('order_id', '=', order.id)
    .orderBy('product_id')
    .execute();
  return {
    orderId: order.id,
    amount: order.total_amount,
    currency: order.currency,
    lines: lines.map((line) => ({
      name: line.name,
      unitAmount: line.unit_amount,
      quantity: line.quantity,
    })),
    idempotencyKey: paymentKeyFor(order.id),
  };
}
