/**
 * The Checkout Session object in payment mode, as the pinned API version shows it. Fields of
 * features the emulator does not have (tax, discounts, shipping, subscriptions) hold Stripe's
 * values for "not used".
 * https://docs.stripe.com/api/checkout/sessions/object
 */
import type { Metadata } from '../core/metadata.js';

export type CheckoutSessionStatus = 'open' | 'complete' | 'expired';

export interface CheckoutSessionObject {
  id: string;
  object: 'checkout.session';
  adaptive_pricing: null;
  after_expiration: null;
  allow_promotion_codes: null;
  amount_subtotal: number;
  amount_total: number;
  automatic_tax: { enabled: false; liability: null; provider: null; status: null };
  billing_address_collection: null;
  cancel_url: string | null;
  client_reference_id: string | null;
  client_secret: null;
  collected_information: null;
  consent: null;
  consent_collection: null;
  created: number;
  currency: string;
  currency_conversion: null;
  custom_fields: never[];
  custom_text: Record<string, null>;
  customer: null;
  customer_creation: 'if_required';
  customer_details: { email: string | null; name: null; phone: null; address: null } | null;
  customer_email: string | null;
  discounts: never[];
  expires_at: number;
  invoice: null;
  invoice_creation: null;
  livemode: false;
  locale: null;
  metadata: Metadata;
  mode: 'payment';
  payment_intent: string | null;
  payment_link: null;
  payment_method_collection: 'if_required';
  payment_method_configuration_details: null;
  payment_method_options: Record<string, never>;
  payment_method_types: string[];
  payment_status: 'paid' | 'unpaid';
  phone_number_collection: { enabled: false };
  recovered_from: null;
  saved_payment_method_options: null;
  setup_intent: null;
  shipping_address_collection: null;
  shipping_cost: null;
  shipping_options: never[];
  status: CheckoutSessionStatus;
  submit_type: null;
  subscription: null;
  success_url: string | null;
  total_details: { amount_discount: number; amount_shipping: number; amount_tax: number };
  ui_mode: 'hosted';
  url: string | null;
  wallet_options: null;
}

/** What the session keeps for the PaymentIntent it creates on payment; not part of the object. */
export interface CheckoutPaymentData {
  id: string;
  object: 'emulator.checkout_payment_data';
  metadata: Metadata;
  description: string | null;
}

export interface SessionFields {
  id: string;
  created: number;
  amount: number;
  currency: string;
  successUrl?: string;
  cancelUrl?: string;
  clientReferenceId?: string;
  customerEmail?: string;
  expiresAt: number;
  metadata: Metadata;
  paymentMethodTypes: string[];
}

/** Fields of features the emulator does not have, at Stripe's values for "not used". */
const UNUSED_FIELDS = {
  adaptive_pricing: null,
  after_expiration: null,
  allow_promotion_codes: null,
  automatic_tax: { enabled: false, liability: null, provider: null, status: null },
  billing_address_collection: null,
  client_secret: null,
  collected_information: null,
  consent: null,
  consent_collection: null,
  currency_conversion: null,
  custom_text: { after_submit: null, shipping_address: null, submit: null },
  customer: null,
  customer_creation: 'if_required',
  invoice: null,
  invoice_creation: null,
  livemode: false,
  locale: null,
  payment_link: null,
  payment_method_collection: 'if_required',
  payment_method_configuration_details: null,
  payment_method_options: {},
  phone_number_collection: { enabled: false },
  recovered_from: null,
  saved_payment_method_options: null,
  setup_intent: null,
  shipping_address_collection: null,
  shipping_cost: null,
  submit_type: null,
  subscription: null,
  total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
  ui_mode: 'hosted',
  wallet_options: null,
} as const satisfies Partial<CheckoutSessionObject>;

/** A new open, unpaid session. */
export function newSessionObject(fields: SessionFields): CheckoutSessionObject {
  return {
    ...UNUSED_FIELDS,
    // Mutable empty lists, which `as const` above would make read-only.
    custom_fields: [],
    discounts: [],
    shipping_options: [],
    id: fields.id,
    object: 'checkout.session',
    amount_subtotal: fields.amount,
    amount_total: fields.amount,
    cancel_url: fields.cancelUrl ?? null,
    client_reference_id: fields.clientReferenceId ?? null,
    created: fields.created,
    currency: fields.currency,
    customer_details: null,
    customer_email: fields.customerEmail ?? null,
    expires_at: fields.expiresAt,
    metadata: fields.metadata,
    mode: 'payment',
    payment_intent: null,
    payment_method_types: fields.paymentMethodTypes,
    payment_status: 'unpaid',
    status: 'open',
    success_url: fields.successUrl ?? null,
    url: null,
  };
}
