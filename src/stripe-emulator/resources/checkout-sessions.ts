/**
 * Checkout Sessions in payment mode: created `open` with their line items; paid on the hosted
 * page (a PaymentIntent is created at that moment, as Stripe does since 2022-08-01), expired by
 * the API or when `expires_at` passes.
 * https://docs.stripe.com/payments/checkout/how-checkout-works
 */
import { PAGE_CONTEXT, nowSeconds, type RequestContext } from '../core/context.js';
import { StripeApiError, invalidRequest } from '../core/errors.js';
import { checkoutSessionId, stripeId } from '../core/ids.js';
import { applyMetadata, type MetadataUpdate } from '../core/metadata.js';
import { checkAmount } from '../core/money.js';
import {
  newSessionObject,
  type CheckoutPaymentData,
  type CheckoutSessionObject,
} from './checkout-session-object.js';
import { newLineItem, type LineItemInput } from './checkout-line-items.js';
import type { ResourceDeps } from './deps.js';
import { payWith } from './payment-attempts.js';
import {
  cancelPaymentIntent,
  createPaymentIntent,
  type PaymentIntentObject,
} from './payment-intents.js';
import type { PaymentMethodObject } from './payment-methods.js';

const MIN_LIFETIME_S = 30 * 60;
const MAX_LIFETIME_S = 24 * 60 * 60;

export interface NewCheckoutSession {
  lineItems: LineItemInput[];
  successUrl?: string;
  cancelUrl?: string;
  clientReferenceId?: string;
  customerEmail?: string;
  expiresAt?: number;
  metadata?: MetadataUpdate;
  paymentIntentData?: { metadata?: MetadataUpdate; description?: string };
  paymentMethodTypes?: string[];
}

/** Checks the request as a whole (one currency, amount and lifetime within limits). */
export function checkNewSession(input: NewCheckoutSession): void {
  if (input.lineItems.length === 0) {
    throw invalidRequest('line_items must contain at least one item.', { param: 'line_items' });
  }
  const currencies = new Set(input.lineItems.map((item) => item.currency));
  if (currencies.size > 1) {
    throw invalidRequest('All line items must have the same currency.', { param: 'line_items' });
  }
  const currency = input.lineItems[0]?.currency ?? 'usd';
  checkAmount(totalOf(input.lineItems), currency, 'line_items');
  const now = nowSeconds();
  if (input.expiresAt !== undefined) {
    if (input.expiresAt < now + MIN_LIFETIME_S || input.expiresAt > now + MAX_LIFETIME_S) {
      throw invalidRequest('expires_at must be between 30 minutes and 24 hours from now.', {
        param: 'expires_at',
      });
    }
  }
  if (currency !== 'usd' && input.paymentMethodTypes?.includes('us_bank_account') === true) {
    throw invalidRequest('us_bank_account takes usd only.', { param: 'payment_method_types' });
  }
}

export function createCheckoutSession(
  deps: ResourceDeps,
  input: NewCheckoutSession,
): CheckoutSessionObject {
  const currency = input.lineItems[0]?.currency ?? 'usd';
  const created = nowSeconds();
  const session = newSessionObject({
    id: checkoutSessionId(),
    created,
    amount: totalOf(input.lineItems),
    currency,
    successUrl: input.successUrl,
    cancelUrl: input.cancelUrl,
    clientReferenceId: input.clientReferenceId,
    customerEmail: input.customerEmail,
    expiresAt: input.expiresAt ?? created + MAX_LIFETIME_S,
    metadata: applyMetadata({}, input.metadata),
    paymentMethodTypes:
      input.paymentMethodTypes ?? (currency === 'usd' ? ['card', 'us_bank_account'] : ['card']),
  });
  deps.store.insert(withUrl(deps, session));
  for (const item of input.lineItems) deps.store.insert(newLineItem(item), session.id);
  deps.store.insert<CheckoutPaymentData>(
    {
      id: stripeId('cspd'),
      object: 'emulator.checkout_payment_data',
      metadata: applyMetadata({}, input.paymentIntentData?.metadata),
      description: input.paymentIntentData?.description ?? null,
    },
    session.id,
  );
  return withUrl(deps, session);
}

/** The session, with its hosted page URL under the current public URL while it is open. */
export function loadSession(
  deps: ResourceDeps,
  id: string,
  param = 'session',
): CheckoutSessionObject {
  return withUrl(deps, deps.store.get<CheckoutSessionObject>('checkout.session', id, param));
}

export function saveSession(
  deps: ResourceDeps,
  session: CheckoutSessionObject,
): CheckoutSessionObject {
  return deps.store.save(withUrl(deps, session));
}

/** Expires an open session (and cancels its unpaid PaymentIntent, if a payment was tried). */
export function expireSession(
  deps: ResourceDeps,
  session: CheckoutSessionObject,
  context: RequestContext,
): CheckoutSessionObject {
  if (session.status !== 'open') {
    throw invalidRequest(
      `Only Checkout Sessions with a status of open can be expired; this one is ${session.status}.`,
    );
  }
  if (session.payment_intent !== null) {
    const intent = deps.store.get<PaymentIntentObject>('payment_intent', session.payment_intent);
    if (intent.status === 'requires_payment_method') {
      cancelPaymentIntent(deps, intent, 'abandoned', context);
    }
  }
  const expired = saveSession(deps, { ...session, status: 'expired' });
  deps.events.record('checkout.session.expired', expired, context);
  return expired;
}

/** Expires every open session whose `expires_at` has passed. */
export function expireDueSessions(deps: ResourceDeps): void {
  const now = nowSeconds();
  for (const session of deps.store.all<CheckoutSessionObject>('checkout.session', {
    status: 'open',
  })) {
    if (session.expires_at <= now) expireSession(deps, withUrl(deps, session), PAGE_CONTEXT);
  }
}

/**
 * Pays an open session with `method` from the hosted page. A decline leaves it open, with the
 * message to show; a bank debit completes it unpaid, to be settled later.
 */
export function payCheckoutSession(
  deps: ResourceDeps,
  session: CheckoutSessionObject,
  method: PaymentMethodObject,
): { session: CheckoutSessionObject; declineMessage: string | null } {
  let intent = paymentIntentFor(deps, session);
  session = saveSession(deps, { ...session, payment_intent: intent.id });
  try {
    intent = payWith(deps, intent, method, PAGE_CONTEXT);
  } catch (error) {
    if (error instanceof StripeApiError && error.status === 402) {
      return { session, declineMessage: error.body.message };
    }
    throw error;
  }
  const completed = saveSession(deps, {
    ...session,
    status: 'complete',
    payment_status: intent.status === 'succeeded' ? 'paid' : 'unpaid',
    customer_details: { email: session.customer_email, name: null, phone: null, address: null },
  });
  deps.events.record('checkout.session.completed', completed, PAGE_CONTEXT);
  return { session: completed, declineMessage: null };
}

function paymentIntentFor(deps: ResourceDeps, session: CheckoutSessionObject): PaymentIntentObject {
  if (session.payment_intent !== null) {
    return deps.store.get<PaymentIntentObject>('payment_intent', session.payment_intent);
  }
  const [data] = deps.store.owned<CheckoutPaymentData>(
    'emulator.checkout_payment_data',
    session.id,
  );
  return createPaymentIntent(
    deps,
    {
      amount: session.amount_total,
      currency: session.currency,
      description: data?.description ?? undefined,
      metadata: { clearAll: false, set: data?.metadata ?? {}, unset: [] },
      paymentMethodTypes: session.payment_method_types,
    },
    PAGE_CONTEXT,
  );
}

function withUrl(deps: ResourceDeps, session: CheckoutSessionObject): CheckoutSessionObject {
  const url = session.status === 'open' ? `${deps.publicUrl()}/test/checkout/${session.id}` : null;
  return { ...session, url };
}

function totalOf(items: LineItemInput[]): number {
  return items.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
}
