/**
 * Stripe's errors, sorted by what the store can do about them: try again later (the provider
 * was unreachable, slow, overloaded or failed inside), or accept a refusal (the request was
 * understood and declined). Anything else (a bad key, a parameter mismatch on an idempotency
 * key) is a fault of the store's own and stays an error.
 */
import Stripe from 'stripe';
import { PaymentProviderRefused, PaymentProviderUnavailable } from '../payment-gateway.js';

export function translateStripeError(error: unknown): Error {
  if (!(error instanceof Stripe.errors.StripeError)) {
    return error instanceof Error ? error : new Error(String(error));
  }
  if (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    (error instanceof Stripe.errors.StripeIdempotencyError && error.statusCode === 409) ||
    (error.statusCode ?? 0) >= 500
  ) {
    return new PaymentProviderUnavailable(`Stripe unavailable: ${error.type}`, { cause: error });
  }
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError ||
    error instanceof Stripe.errors.StripeCardError
  ) {
    return new PaymentProviderRefused(error.message, error.code ?? null);
  }
  return error;
}

/** Runs a Stripe call and rethrows its failure in the store's terms. */
export async function callStripe<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateStripeError(error);
  }
}
