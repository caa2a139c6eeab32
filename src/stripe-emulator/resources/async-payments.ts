/**
 * Settling bank debits that are `processing`: in live mode the bank answers days later; here a
 * test says when, and how. The PaymentIntent and charge succeed or fail, and a Checkout Session
 * paid this way emits `checkout.session.async_payment_succeeded` or `…_failed`.
 * https://docs.stripe.com/payments/checkout/fulfill-orders#delayed-notification
 */
import { PAGE_CONTEXT } from '../core/context.js';
import type { CheckoutSessionObject } from './checkout-session-object.js';
import { saveSession } from './checkout-sessions.js';
import type { ResourceDeps } from './deps.js';
import { settleBankDebit } from './payment-attempts.js';
import type { PaymentIntentObject } from './payment-intents.js';

export type SettlementOutcome = 'success' | 'failure';

/** Settles every processing payment (or only `paymentIntentId`); returns the ids settled. */
export function settleAsyncPayments(
  deps: ResourceDeps,
  outcome: SettlementOutcome,
  paymentIntentId?: string,
): string[] {
  const processing = deps.store
    .all<PaymentIntentObject>('payment_intent', { status: 'processing' })
    .filter((intent) => paymentIntentId === undefined || intent.id === paymentIntentId);

  for (const intent of processing) {
    settleBankDebit(deps, intent, outcome, PAGE_CONTEXT);
    const sessions = deps.store.all<CheckoutSessionObject>('checkout.session', {
      payment_intent: intent.id,
    });
    for (const session of sessions) settleSession(deps, session, outcome);
  }
  return processing.map((intent) => intent.id);
}

function settleSession(
  deps: ResourceDeps,
  session: CheckoutSessionObject,
  outcome: SettlementOutcome,
): void {
  if (outcome === 'success') {
    const paid = saveSession(deps, { ...session, payment_status: 'paid' });
    deps.events.record('checkout.session.async_payment_succeeded', paid, PAGE_CONTEXT);
  } else {
    const unpaid = saveSession(deps, session);
    deps.events.record('checkout.session.async_payment_failed', unpaid, PAGE_CONTEXT);
  }
}
