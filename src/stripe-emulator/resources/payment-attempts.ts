/**
 * Paying a PaymentIntent with a test payment method: a charge for the attempt, the
 * PaymentIntent's new state, the events, and for a decline Stripe's 402 `card_error` carrying the
 * PaymentIntent. A bank debit leaves it `processing` until settled.
 * https://docs.stripe.com/payments/paymentintents/lifecycle
 */
import type { RequestContext } from '../core/context.js';
import { StripeApiError, docUrl, invalidRequest } from '../core/errors.js';
import { newCharge, settleCharge, type ChargeFailure, type ChargeObject } from './charges.js';
import type { ResourceDeps } from './deps.js';
import { openDispute } from './disputes.js';
import {
  CONFIRMABLE,
  unexpectedState,
  type LastPaymentError,
  type PaymentIntentObject,
} from './payment-intents.js';
import { outcomeOf, resolvePaymentMethod, type PaymentMethodObject } from './payment-methods.js';

const DECLINE_MESSAGES: Record<string, string> = {
  generic_decline: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
};

const BANK_DEBIT_FAILURE: ChargeFailure = {
  code: 'insufficient_funds',
  message: "The customer's account has insufficient funds to cover this payment.",
};

/** Confirms through the API, checking state, payment method and `return_url` first, as Stripe. */
export function confirmPaymentIntent(
  deps: ResourceDeps,
  intent: PaymentIntentObject,
  input: { paymentMethod?: string; returnUrl?: string },
  context: RequestContext,
): PaymentIntentObject {
  if (!CONFIRMABLE.includes(intent.status)) {
    throw unexpectedState(
      `You cannot confirm this PaymentIntent because it has a status of ${intent.status}.`,
    );
  }
  const methodId = input.paymentMethod ?? intent.payment_method;
  if (methodId === null) {
    throw unexpectedState(
      "You cannot confirm this PaymentIntent because it's missing a payment method. " +
        'Pass payment_method (such as pm_card_visa) with the confirmation.',
    );
  }
  const automatic = intent.automatic_payment_methods;
  if (automatic?.enabled === true && automatic.allow_redirects === 'always' && !input.returnUrl) {
    // As at Stripe: some Dashboard payment methods redirect the customer, who needs a way back.
    throw invalidRequest(
      'This PaymentIntent accepts the payment methods enabled in the Dashboard, some of which ' +
        'redirect the customer, so confirming it needs a return_url. Pass return_url, or create ' +
        'the PaymentIntent with automatic_payment_methods[allow_redirects]=never.',
      { param: 'return_url' },
    );
  }
  return payWith(deps, intent, resolvePaymentMethod(deps.store, methodId), context);
}

/** One payment attempt with `method`; a decline is recorded, then thrown as Stripe's 402. */
export function payWith(
  deps: ResourceDeps,
  intent: PaymentIntentObject,
  method: PaymentMethodObject,
  context: RequestContext,
): PaymentIntentObject {
  const { outcome, declineCode } = outcomeOf(method);
  if (outcome === 'decline') throw decline(deps, intent, method, declineCode, context);
  if (outcome === 'async') return startBankDebit(deps, intent, method, context);

  const charge = deps.store.insert(newCharge(intent, method, 'succeeded'));
  deps.events.record('charge.succeeded', charge, context);
  const succeeded = deps.store.save<PaymentIntentObject>({
    ...intent,
    status: 'succeeded',
    amount_received: intent.amount,
    latest_charge: charge.id,
    payment_method: method.id,
    last_payment_error: null,
  });
  deps.events.record('payment_intent.succeeded', succeeded, context);
  if (outcome === 'dispute') openDispute(deps, charge, context);
  return succeeded;
}

/** Settles a `processing` bank debit: the charge and the PaymentIntent succeed or fail. */
export function settleBankDebit(
  deps: ResourceDeps,
  intent: PaymentIntentObject,
  outcome: 'success' | 'failure',
  context: RequestContext,
): PaymentIntentObject {
  const charge = deps.store.get<ChargeObject>('charge', intent.latest_charge ?? '');
  const method = deps.store.get<PaymentMethodObject>('payment_method', charge.payment_method);
  if (outcome === 'success') {
    const paid = deps.store.save(settleCharge(charge));
    deps.events.record('charge.succeeded', paid, context);
    const succeeded = deps.store.save<PaymentIntentObject>({
      ...intent,
      status: 'succeeded',
      amount_received: intent.amount,
    });
    deps.events.record('payment_intent.succeeded', succeeded, context);
    return succeeded;
  }
  const failed = deps.store.save(settleCharge(charge, BANK_DEBIT_FAILURE));
  deps.events.record('charge.failed', failed, context);
  const error = lastPaymentError('invalid_request_error', BANK_DEBIT_FAILURE, failed, method);
  return failIntent(deps, intent, failed, error, context);
}

function startBankDebit(
  deps: ResourceDeps,
  intent: PaymentIntentObject,
  method: PaymentMethodObject,
  context: RequestContext,
): PaymentIntentObject {
  const charge = deps.store.insert(newCharge(intent, method, 'pending'));
  deps.events.record('charge.pending', charge, context);
  const processing = deps.store.save<PaymentIntentObject>({
    ...intent,
    status: 'processing',
    latest_charge: charge.id,
    payment_method: method.id,
    last_payment_error: null,
  });
  deps.events.record('payment_intent.processing', processing, context);
  return processing;
}

function decline(
  deps: ResourceDeps,
  intent: PaymentIntentObject,
  method: PaymentMethodObject,
  declineCode = 'generic_decline',
  context: RequestContext,
): StripeApiError {
  const message = DECLINE_MESSAGES[declineCode] ?? 'Your card was declined.';
  const failure: ChargeFailure = { code: 'card_declined', message, declineCode };
  const charge = deps.store.insert(newCharge(intent, method, 'failed', failure));
  deps.events.record('charge.failed', charge, context);
  const error = lastPaymentError('card_error', failure, charge, method);
  const failed = failIntent(deps, intent, charge, error, context);
  return new StripeApiError(402, { ...error, payment_intent: failed, payment_method: method });
}

/** Back to `requires_payment_method` with the error, as after any failed attempt. */
function failIntent(
  deps: ResourceDeps,
  intent: PaymentIntentObject,
  charge: ChargeObject,
  error: LastPaymentError,
  context: RequestContext,
): PaymentIntentObject {
  const failed = deps.store.save<PaymentIntentObject>({
    ...intent,
    status: 'requires_payment_method',
    latest_charge: charge.id,
    payment_method: null,
    last_payment_error: error,
  });
  deps.events.record('payment_intent.payment_failed', failed, context);
  return failed;
}

function lastPaymentError(
  type: LastPaymentError['type'],
  failure: ChargeFailure,
  charge: ChargeObject,
  method: PaymentMethodObject,
): LastPaymentError {
  return {
    type,
    code: failure.code,
    doc_url: docUrl(failure.code),
    ...(failure.declineCode === undefined ? {} : { decline_code: failure.declineCode }),
    message: failure.message,
    charge: charge.id,
    payment_method: method,
  };
}
