/**
 * Paying as a customer's browser would, against the bundled emulator: the official SDK for a
 * PaymentIntent (the emulator takes the secret key where Stripe.js would use the publishable
 * key and client secret), or the hosted Checkout page for a Checkout Session.
 */
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import type { StripeEmulator } from '../../src/stripe-emulator/index.js';
import { randomBase62 } from '../../src/shared/ids.js';
import { idempotencyKey, putInCart, type SignedInUser } from './fixtures.js';
import type { TestStore } from './test-store.js';

export function stripeFor(emulator: StripeEmulator): Stripe {
  return new Stripe(`sk_test_${randomBase62(16)}`, {
    host: emulator.host,
    port: emulator.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
}

export type TestCard = 'pm_card_visa' | 'pm_card_chargeDeclined' | 'pm_card_createDispute';

/** Confirms a PaymentIntent with a test payment method; returns the PaymentIntent's status. */
export async function confirmPayment(
  emulator: StripeEmulator,
  paymentIntentId: string,
  card: TestCard = 'pm_card_visa',
): Promise<string> {
  try {
    const intent = await stripeFor(emulator).paymentIntents.confirm(paymentIntentId, {
      payment_method: card,
      return_url: 'http://127.0.0.1/return',
    });
    return intent.status;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeCardError) return 'declined';
    throw error;
  }
}

/** Lets the emulator deliver what it owes, and the store apply what it received. */
export async function settleWebhooks(store: TestStore): Promise<void> {
  await store.emulator.waitForDeliveries(10_000);
  await store.ctx.webhooks.processor.drain();
}

export interface Checkout {
  order: any;
  payment: any;
}

/** Fills the cart with one product and checks out; asserts the 201. */
export async function checkoutOne(
  store: TestStore,
  customer: SignedInUser,
  productId: string,
  options: { quantity?: number; flow?: 'payment_intent' | 'checkout_session'; key?: string } = {},
): Promise<Checkout> {
  await putInCart(store.api, customer, productId, options.quantity ?? 1);
  const response = await store.api.post('/api/v1/checkout', {
    token: customer.token,
    idempotencyKey: options.key ?? idempotencyKey(),
    body: options.flow ? { flow: options.flow } : {},
  });
  assert.equal(response.status, 201, response.text);
  return response.body;
}

/**
 * Pays a Checkout Session on the emulator's hosted page, as a person would: reads the page,
 * posts its form with a test card (or the test bank debit), and returns where it redirects.
 */
export async function payOnCheckoutPage(
  url: string,
  method: { card: string } | { bankDebit: true } = { card: '4242424242424242' },
): Promise<{ status: number; location: string | null; html: string }> {
  const page = await fetch(url);
  assert.equal(page.status, 200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  assert.ok(action, 'the checkout page has a payment form');

  const fields = new URLSearchParams(
    'card' in method ? { method: 'card', card_number: method.card } : { method: 'bank_debit' },
  );
  const paid = await fetch(new URL(action, url), {
    method: 'POST',
    body: fields,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  return { status: paid.status, location: paid.headers.get('location'), html: await paid.text() };
}
