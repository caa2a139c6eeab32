/**
 * Money as the API shows it: integer minor units and a lower-case ISO 4217 currency.
 *
 * Amounts are never floats anywhere in the store; they are computed on the server from
 * catalogue prices and compared as integers.
 */

export interface Money {
  amount: number;
  currency: string;
}

/** Stripe's largest amount: eight digits of minor units. */
export const MAX_AMOUNT = 99_999_999;

export function money(amount: number, currency: string): Money {
  return { amount, currency };
}
