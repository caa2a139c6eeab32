import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderRow } from '../orders/order-store.js';
import { bindingProblem, sessionBindingProblem } from './payment-binding.js';
import type { CheckoutSessionState, PaymentIntentState } from './payment-gateway.js';

const order: OrderRow = {
  id: 'ord_A',
  user_id: 'usr_1',
  status: 'pending_payment',
  currency: 'usd',
  total_amount: 2500,
  refunded_amount: 0,
  refund_pending_amount: 0,
  payment_flow: 'payment_intent',
  payment_intent_id: 'pi_A',
  checkout_session_id: null,
  payment_status: null,
  dispute_status: null,
  cancel_reason: null,
  created_at: 0,
  updated_at: 0,
  paid_at: null,
  canceled_at: null,
};
const intent: PaymentIntentState = {
  id: 'pi_A',
  status: 'succeeded',
  amount: 2500,
  amountReceived: 2500,
  currency: 'usd',
  orderId: 'ord_A',
  latestChargeId: 'ch_1',
  livemode: false,
};
const sessionOrder: OrderRow = {
  ...order,
  payment_flow: 'checkout_session',
  payment_intent_id: null,
  checkout_session_id: 'cs_A',
};
const session: CheckoutSessionState = {
  id: 'cs_A',
  status: 'complete',
  paymentStatus: 'paid',
  amountTotal: 2500,
  currency: 'usd',
  orderId: 'ord_A',
  clientReferenceId: 'ord_A',
  paymentIntentId: 'pi_A',
  url: null,
  livemode: false,
};

describe('payment binding', () => {
  it('should accept the order’s own PaymentIntent for its amount and currency', () => {
    assert.equal(bindingProblem(order, intent), null);
    assert.equal(
      bindingProblem(order, { ...intent, status: 'requires_payment_method', amountReceived: 0 }),
      null,
    );
  });

  it('should refuse another order’s PaymentIntent, however cheap or well made', () => {
    assert.equal(
      bindingProblem(order, { ...intent, id: 'pi_B' }),
      'payment_intent_not_stored_on_order',
    );
    assert.equal(bindingProblem(order, { ...intent, orderId: 'ord_B' }), 'metadata_order_mismatch');
    assert.equal(bindingProblem(order, { ...intent, orderId: null }), 'metadata_order_mismatch');
  });

  it('should refuse a different amount or currency, and less received than the total', () => {
    assert.equal(bindingProblem(order, { ...intent, amount: 2499 }), 'amount_mismatch');
    assert.equal(bindingProblem(order, { ...intent, amount: 2501 }), 'amount_mismatch');
    assert.equal(bindingProblem(order, { ...intent, currency: 'eur' }), 'currency_mismatch');
    assert.equal(
      bindingProblem(order, { ...intent, amountReceived: 100 }),
      'amount_received_mismatch',
    );
  });

  it('should bind a Checkout Session order through the session, not a stored PaymentIntent', () => {
    assert.equal(bindingProblem(sessionOrder, intent), null);
    assert.equal(
      bindingProblem(sessionOrder, { ...intent, orderId: 'ord_B' }),
      'metadata_order_mismatch',
    );
  });

  it('should refuse a session that is not the order’s, or names another order, amount or currency', () => {
    assert.equal(sessionBindingProblem(sessionOrder, session), null);
    assert.equal(
      sessionBindingProblem(sessionOrder, { ...session, id: 'cs_B' }),
      'session_not_stored_on_order',
    );
    assert.equal(
      sessionBindingProblem(sessionOrder, { ...session, orderId: 'ord_B' }),
      'session_metadata_order_mismatch',
    );
    assert.equal(
      sessionBindingProblem(sessionOrder, { ...session, clientReferenceId: 'ord_B' }),
      'session_metadata_order_mismatch',
    );
    assert.equal(
      sessionBindingProblem(sessionOrder, { ...session, amountTotal: 1 }),
      'amount_mismatch',
    );
    assert.equal(
      sessionBindingProblem(sessionOrder, { ...session, currency: 'gbp' }),
      'currency_mismatch',
    );
  });
});
