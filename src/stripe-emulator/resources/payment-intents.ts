/**
 * PaymentIntents and their states: created `requires_payment_method` (or
 * `requires_confirmation` when given a payment method), then `succeeded`, `processing` or back to
 * `requires_payment_method` after a decline; `canceled` from any state that allows it.
 * https://docs.stripe.com/payments/paymentintents/lifecycle
 */
import { nowSeconds, type RequestContext } from '../core/context.js';
import { invalidRequest } from '../core/errors.js';
import { clientSecretFor, stripeId } from '../core/ids.js';
import { applyMetadata, type Metadata, type MetadataUpdate } from '../core/metadata.js';
import type { ResourceDeps } from './deps.js';

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export interface LastPaymentError {
  type: 'card_error' | 'invalid_request_error';
  code: string;
  decline_code?: string;
  message: string;
  charge: string;
  doc_url: string;
  payment_method: unknown;
}

export interface PaymentIntentObject {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_details: { tip: Record<string, never> };
  amount_received: number;
  application: null;
  application_fee_amount: null;
  automatic_payment_methods: { enabled: boolean; allow_redirects: 'always' | 'never' } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: 'automatic_async';
  client_secret: string;
  confirmation_method: 'automatic';
  created: number;
  currency: string;
  customer: null;
  description: string | null;
  last_payment_error: LastPaymentError | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Metadata;
  next_action: null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_configuration_details: null;
  payment_method_options: Record<string, never>;
  payment_method_types: string[];
  processing: null;
  receipt_email: null;
  review: null;
  setup_future_usage: null;
  shipping: null;
  source: null;
  statement_descriptor: null;
  statement_descriptor_suffix: null;
  status: PaymentIntentStatus;
  transfer_data: null;
  transfer_group: null;
}

export interface NewPaymentIntent {
  amount: number;
  currency: string;
  description?: string;
  metadata?: MetadataUpdate;
  automaticPaymentMethods?: { enabled: boolean; allow_redirects?: 'always' | 'never' };
  paymentMethodTypes?: string[];
}

/** States from which Stripe lets a PaymentIntent be canceled. */
const CANCELABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
];

/** States from which a PaymentIntent can be confirmed. */
export const CONFIRMABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
];

/** Fields of features the emulator does not have, at Stripe's values for "not used". */
const UNUSED_FIELDS = {
  amount_capturable: 0,
  amount_details: { tip: {} },
  application: null,
  application_fee_amount: null,
  capture_method: 'automatic_async',
  confirmation_method: 'automatic',
  customer: null,
  livemode: false,
  next_action: null,
  on_behalf_of: null,
  payment_method_configuration_details: null,
  payment_method_options: {},
  processing: null,
  receipt_email: null,
  review: null,
  setup_future_usage: null,
  shipping: null,
  source: null,
  statement_descriptor: null,
  statement_descriptor_suffix: null,
  transfer_data: null,
  transfer_group: null,
} as const satisfies Partial<PaymentIntentObject>;

/** Creates a PaymentIntent awaiting its payment method and emits `payment_intent.created`. */
export function createPaymentIntent(
  deps: ResourceDeps,
  input: NewPaymentIntent,
  context: RequestContext,
): PaymentIntentObject {
  const id = stripeId('pi');
  const automatic = input.automaticPaymentMethods;
  const intent = deps.store.insert<PaymentIntentObject>({
    ...UNUSED_FIELDS,
    id,
    object: 'payment_intent',
    amount: input.amount,
    amount_received: 0,
    automatic_payment_methods:
      automatic === undefined
        ? null
        : { enabled: automatic.enabled, allow_redirects: automatic.allow_redirects ?? 'always' },
    canceled_at: null,
    cancellation_reason: null,
    client_secret: clientSecretFor(id),
    created: nowSeconds(),
    currency: input.currency,
    description: input.description ?? null,
    last_payment_error: null,
    latest_charge: null,
    metadata: applyMetadata({}, input.metadata),
    payment_method: null,
    payment_method_types: input.paymentMethodTypes ?? ['card'],
    status: 'requires_payment_method',
  });
  deps.events.record('payment_intent.created', intent, context);
  return intent;
}

/** Updates metadata and description; Stripe emits no webhook-worthy event the store uses. */
export function updatePaymentIntent(
  deps: ResourceDeps,
  intent: PaymentIntentObject,
  update: { metadata?: MetadataUpdate; description?: string },
): PaymentIntentObject {
  return deps.store.save({
    ...intent,
    metadata: applyMetadata(intent.metadata, update.metadata),
    description: update.description ?? intent.description,
  });
}

/** Cancels the PaymentIntent, or fails with `payment_intent_unexpected_state`. */
export function cancelPaymentIntent(
  deps: ResourceDeps,
  intent: PaymentIntentObject,
  reason: string | undefined,
  context: RequestContext,
): PaymentIntentObject {
  if (!CANCELABLE.includes(intent.status)) {
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. ` +
        'Only a PaymentIntent with one of these statuses may be canceled: ' +
        `${CANCELABLE.join(', ')}.`,
    );
  }
  const canceled = deps.store.save<PaymentIntentObject>({
    ...intent,
    status: 'canceled',
    canceled_at: nowSeconds(),
    cancellation_reason: reason ?? null,
  });
  deps.events.record('payment_intent.canceled', canceled, context);
  return canceled;
}

export function unexpectedState(message: string): Error {
  return invalidRequest(message, { code: 'payment_intent_unexpected_state' });
}
