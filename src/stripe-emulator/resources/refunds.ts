/**
 * Refunds of a succeeded charge, whole or in parts, never above what remains unrefunded. Card
 * refunds succeed at once in test mode; each updates the charge's `amount_refunded` and
 * `refunded` and emits `refund.created` and `charge.refunded`.
 * https://docs.stripe.com/api/refunds
 */
import { nowSeconds, type RequestContext } from '../core/context.js';
import { invalidRequest } from '../core/errors.js';
import { stripeId } from '../core/ids.js';
import { applyMetadata, type Metadata, type MetadataUpdate } from '../core/metadata.js';
import { formatAmount } from '../core/money.js';
import type { ChargeObject } from './charges.js';
import type { ResourceDeps } from './deps.js';
import type { PaymentIntentObject } from './payment-intents.js';

export const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

export interface RefundObject {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: string;
  charge: string;
  created: number;
  currency: string;
  destination_details: { type: string; card?: { type: 'refund'; reference_status: 'pending' } };
  metadata: Metadata;
  payment_intent: string;
  reason: (typeof REFUND_REASONS)[number] | null;
  receipt_number: null;
  source_transfer_reversal: null;
  status: 'succeeded';
  transfer_reversal: null;
}

export interface NewRefund {
  paymentIntent?: string;
  charge?: string;
  amount?: number;
  reason?: (typeof REFUND_REASONS)[number];
  metadata?: MetadataUpdate;
}

export function createRefund(
  deps: ResourceDeps,
  input: NewRefund,
  context: RequestContext,
): RefundObject {
  const charge = refundableCharge(deps, input);
  const amount = refundAmount(charge, input.amount);
  const refund = deps.store.insert<RefundObject>({
    id: stripeId('re'),
    object: 'refund',
    amount,
    balance_transaction: stripeId('txn'),
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    destination_details: destinationDetails(charge),
    metadata: applyMetadata({}, input.metadata),
    payment_intent: charge.payment_intent,
    reason: input.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  });
  deps.events.record('refund.created', refund, context);

  const refunded = deps.store.save<ChargeObject>({
    ...charge,
    amount_refunded: charge.amount_refunded + amount,
    refunded: charge.amount_refunded + amount === charge.amount,
  });
  deps.events.record('charge.refunded', refunded, context, {
    amount_refunded: charge.amount_refunded,
    refunded: charge.refunded,
  });
  return refund;
}

/** The amount to refund: what was asked, or all that remains; never more than remains. */
function refundAmount(charge: ChargeObject, asked: number | undefined): number {
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining === 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
      code: 'charge_already_refunded',
    });
  }
  const amount = asked ?? remaining;
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded ` +
        `amount on charge (${formatAmount(remaining, charge.currency)})`,
      { code: 'amount_too_large', param: 'amount' },
    );
  }
  return amount;
}

/** Updates a refund's metadata and emits `refund.updated` with what it was before. */
export function updateRefund(
  deps: ResourceDeps,
  refund: RefundObject,
  metadata: MetadataUpdate | undefined,
  context: RequestContext,
): RefundObject {
  const updated = deps.store.save({
    ...refund,
    metadata: applyMetadata(refund.metadata, metadata),
  });
  deps.events.record('refund.updated', updated, context, { metadata: refund.metadata });
  return updated;
}

/** The charge a refund request names, directly or through its PaymentIntent, if refundable. */
function refundableCharge(deps: ResourceDeps, input: NewRefund): ChargeObject {
  if (input.paymentIntent === undefined && input.charge === undefined) {
    throw invalidRequest('One of these parameters is required: payment_intent or charge.', {
      code: 'parameter_missing',
    });
  }
  const named =
    input.charge === undefined
      ? null
      : deps.store.get<ChargeObject>('charge', input.charge, 'charge');
  const charge =
    input.paymentIntent === undefined ? named : chargeOfIntent(deps, input.paymentIntent, named);
  if (charge === null || charge.status !== 'succeeded') {
    throw invalidRequest(
      `Charge ${charge?.id ?? ''} has not succeeded, so it cannot be refunded.`,
      {
        param: 'charge',
      },
    );
  }
  if (charge.disputed) {
    throw invalidRequest(`Charge ${charge.id} has been charged back; it cannot be refunded.`, {
      code: 'charge_disputed',
    });
  }
  return charge;
}

/** The succeeded charge of a PaymentIntent, which must be `named` if a charge was named too. */
function chargeOfIntent(deps: ResourceDeps, id: string, named: ChargeObject | null): ChargeObject {
  const intent = deps.store.get<PaymentIntentObject>('payment_intent', id, 'payment_intent');
  if (intent.status !== 'succeeded' || intent.latest_charge === null) {
    throw invalidRequest(
      `PaymentIntent ${intent.id} has a status of ${intent.status}; only a succeeded ` +
        'PaymentIntent has a charge to refund.',
      { code: 'payment_intent_unexpected_state', param: 'payment_intent' },
    );
  }
  if (named !== null && named.id !== intent.latest_charge) {
    throw invalidRequest(`Charge ${named.id} does not belong to PaymentIntent ${intent.id}.`, {
      param: 'charge',
    });
  }
  return deps.store.get<ChargeObject>('charge', intent.latest_charge);
}

function destinationDetails(charge: ChargeObject): RefundObject['destination_details'] {
  const recorded = charge.payment_method_details.type;
  const type = typeof recorded === 'string' ? recorded : 'card';
  return type === 'card'
    ? { type, card: { type: 'refund', reference_status: 'pending' } }
    : { type };
}
