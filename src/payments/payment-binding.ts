/**
 * Does this payment belong to this order? Answered from the values Stripe returned and the
 * ones the store stored at checkout, never from anything a client or an event sent. Each check
 * answers a known attack: paying another, cheaper order's PaymentIntent; changing the amount or
 * the currency; reusing a session of another order.
 */
import type { OrderRow } from '../orders/order-store.js';
import type { CheckoutSessionState, PaymentIntentState } from './payment-gateway.js';

/** Why the PaymentIntent is not this order's payment, or null when it is. */
export function bindingProblem(order: OrderRow, intent: PaymentIntentState): string | null {
  if (order.payment_flow === 'payment_intent' && order.payment_intent_id !== intent.id) {
    return 'payment_intent_not_stored_on_order';
  }
  if (intent.orderId !== order.id) return 'metadata_order_mismatch';
  if (intent.currency !== order.currency) return 'currency_mismatch';
  if (intent.amount !== order.total_amount) return 'amount_mismatch';
  if (intent.status === 'succeeded' && intent.amountReceived !== order.total_amount) {
    return 'amount_received_mismatch';
  }
  return null;
}

/** Why the Checkout Session is not this order's, or null when it is. */
export function sessionBindingProblem(
  order: OrderRow,
  session: CheckoutSessionState,
): string | null {
  if (order.checkout_session_id !== session.id) return 'session_not_stored_on_order';
  if (session.orderId !== order.id || session.clientReferenceId !== order.id) {
    return 'session_metadata_order_mismatch';
  }
  if (session.currency !== order.currency) return 'currency_mismatch';
  if (session.amountTotal !== order.total_amount) return 'amount_mismatch';
  return null;
}
