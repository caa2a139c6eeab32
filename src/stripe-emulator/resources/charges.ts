/**
 * Charges: one per payment attempt on a PaymentIntent, succeeded, failed or (for a bank debit)
 * pending. Refunds and disputes change them; the API only reads them.
 * https://docs.stripe.com/api/charges/object
 */
import { nowSeconds } from '../core/context.js';
import { stripeId } from '../core/ids.js';
import type { Metadata } from '../core/metadata.js';
import type { PaymentMethodObject } from './payment-methods.js';

export type ChargeStatus = 'succeeded' | 'failed' | 'pending';

export interface ChargeFailure {
  code: string;
  message: string;
  declineCode?: string;
}

export interface ChargeObject {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application: null;
  application_fee: null;
  application_fee_amount: null;
  balance_transaction: string | null;
  billing_details: PaymentMethodObject['billing_details'];
  calculated_statement_descriptor: string;
  captured: boolean;
  created: number;
  currency: string;
  customer: null;
  description: string | null;
  disputed: boolean;
  failure_balance_transaction: null;
  failure_code: string | null;
  failure_message: string | null;
  fraud_details: Record<string, never>;
  livemode: false;
  metadata: Metadata;
  on_behalf_of: null;
  outcome: ChargeOutcome | null;
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  payment_method_details: Record<string, unknown>;
  receipt_email: null;
  receipt_number: null;
  receipt_url: null;
  refunded: boolean;
  review: null;
  shipping: null;
  source: null;
  source_transfer: null;
  statement_descriptor: null;
  statement_descriptor_suffix: null;
  status: ChargeStatus;
  transfer_data: null;
  transfer_group: null;
}

interface ChargeOutcome {
  network_status: 'approved_by_network' | 'declined_by_network';
  reason: string | null;
  risk_level: 'normal';
  seller_message: string;
  type: 'authorized' | 'issuer_declined';
}

/** What a charge is made for: the PaymentIntent's amount, currency, description and metadata. */
export interface ChargeSubject {
  id: string;
  amount: number;
  currency: string;
  description: string | null;
  metadata: Metadata;
}

/** Fields of features the emulator does not have, at Stripe's values for "not used". */
const UNUSED_FIELDS = {
  application: null,
  application_fee: null,
  application_fee_amount: null,
  calculated_statement_descriptor: 'WEBSTORE TEST',
  customer: null,
  failure_balance_transaction: null,
  fraud_details: {},
  livemode: false,
  on_behalf_of: null,
  receipt_email: null,
  receipt_number: null,
  receipt_url: null,
  review: null,
  shipping: null,
  source: null,
  source_transfer: null,
  statement_descriptor: null,
  statement_descriptor_suffix: null,
  transfer_data: null,
  transfer_group: null,
} as const satisfies Partial<ChargeObject>;

/** A new charge of `subject` with `method`; `failure` makes it a declined one. */
export function newCharge(
  subject: ChargeSubject,
  method: PaymentMethodObject,
  status: ChargeStatus,
  failure?: ChargeFailure,
): ChargeObject {
  return {
    ...UNUSED_FIELDS,
    id: stripeId('ch'),
    object: 'charge',
    amount: subject.amount,
    amount_captured: status === 'succeeded' ? subject.amount : 0,
    amount_refunded: 0,
    balance_transaction: status === 'succeeded' ? stripeId('txn') : null,
    billing_details: method.billing_details,
    captured: status === 'succeeded',
    created: nowSeconds(),
    currency: subject.currency,
    description: subject.description,
    disputed: false,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    metadata: subject.metadata,
    outcome: status === 'pending' ? null : outcomeFor(failure),
    paid: status === 'succeeded',
    payment_intent: subject.id,
    payment_method: method.id,
    payment_method_details: paymentMethodDetails(method),
    refunded: false,
    status,
  };
}

/** Settles a pending charge (a bank debit) as succeeded or failed. */
export function settleCharge(charge: ChargeObject, failure?: ChargeFailure): ChargeObject {
  const succeeded = failure === undefined;
  return {
    ...charge,
    status: succeeded ? 'succeeded' : 'failed',
    paid: succeeded,
    captured: succeeded,
    amount_captured: succeeded ? charge.amount : 0,
    balance_transaction: succeeded ? stripeId('txn') : null,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    outcome: outcomeFor(failure),
  };
}

function outcomeFor(failure: ChargeFailure | undefined): ChargeOutcome {
  if (failure === undefined) {
    return {
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      seller_message: 'Payment complete.',
      type: 'authorized',
    };
  }
  return {
    network_status: 'declined_by_network',
    reason: failure.declineCode ?? failure.code,
    risk_level: 'normal',
    seller_message: 'The bank did not return any further details with this decline.',
    type: 'issuer_declined',
  };
}

function paymentMethodDetails(method: PaymentMethodObject): Record<string, unknown> {
  if (method.type === 'us_bank_account') {
    return { type: 'us_bank_account', us_bank_account: method.us_bank_account };
  }
  return { type: 'card', card: { ...method.card, country: 'US', network: method.card?.brand } };
}
