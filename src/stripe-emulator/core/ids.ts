/**
 * Identifiers shaped like Stripe's: a type prefix and random base62 (`pi_3N…`, `cs_test_a1…`,
 * `req_…`). Randomness comes from the operating system's CSPRNG, so ids and client secrets
 * cannot be guessed.
 */
import { randomBase62 } from '../../shared/ids.js';

/** A new id with Stripe's prefix for the kind of object, e.g. `stripeId('pi')` → `pi_…`. */
export function stripeId(prefix: string): string {
  return `${prefix}_${randomBase62(24)}`;
}

/** Checkout Session ids carry the mode and are longer than most: `cs_test_…`. */
export function checkoutSessionId(): string {
  return `cs_test_${randomBase62(58)}`;
}

/** `Request-Id` values, as Stripe puts them on every response. */
export function requestId(): string {
  return `req_${randomBase62(14)}`;
}

/** A PaymentIntent's client secret: its id, `_secret_`, and random characters. */
export function clientSecretFor(paymentIntentId: string): string {
  return `${paymentIntentId}_secret_${randomBase62(25)}`;
}

/** Test keys and secrets use base62 only, so they survive any config format unquoted. */
export function publishableKey(): string {
  return `pk_test_${randomBase62(32)}`;
}

/** Marked `whsec_test_` so that the store can refuse to pair it with a live key. */
export function webhookSecret(): string {
  return `whsec_test_${randomBase62(32)}`;
}
