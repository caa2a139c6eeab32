/**
 * Currencies and amount limits as Stripe applies them: amounts are integers in the currency's
 * minor unit, at least the currency's minimum charge and at most eight digits.
 * https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts
 */
import { invalidRequest } from './errors.js';

/** Stripe's largest amount: eight digits of the minor unit. */
export const MAX_AMOUNT = 99_999_999;

/** Currencies without a minor unit: an amount of 500 JPY is ¥500. */
const ZERO_DECIMAL = new Set(
  'bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' '),
);

/** The smallest charge in each supported currency, in its minor unit. */
const MINIMUM_AMOUNT: Record<string, number> = {
  usd: 50,
  eur: 50,
  gbp: 30,
  cad: 50,
  aud: 50,
  nzd: 50,
  chf: 50,
  sgd: 50,
  jpy: 50,
  brl: 50,
  inr: 50,
  sek: 300,
  nok: 300,
  dkk: 250,
  pln: 200,
  czk: 1500,
  huf: 17500,
  hkd: 400,
  mxn: 1000,
  ron: 200,
  bgn: 100,
  thb: 1000,
  myr: 200,
  aed: 200,
  krw: 1000,
  clp: 1000,
  xof: 1000,
};

/** The currency, lower-cased, or Stripe's invalid-currency error. */
export function parseCurrency(value: string, param = 'currency'): string {
  const currency = value.toLowerCase();
  if (MINIMUM_AMOUNT[currency] === undefined && !ZERO_DECIMAL.has(currency)) {
    throw invalidRequest(
      `Invalid currency: ${currency}. The emulator supports ${supportedCurrencies().join(', ')}.`,
      { param },
    );
  }
  return currency;
}

export function supportedCurrencies(): string[] {
  return Object.keys(MINIMUM_AMOUNT).sort();
}

/** Refuses an amount outside Stripe's limits with `amount_too_small` or `amount_too_large`. */
export function checkAmount(amount: number, currency: string, param = 'amount'): void {
  const minimum = MINIMUM_AMOUNT[currency] ?? 50;
  if (amount < minimum) {
    throw invalidRequest(`Amount must be at least ${formatAmount(minimum, currency)}`, {
      code: 'amount_too_small',
      param,
    });
  }
  if (amount > MAX_AMOUNT) {
    throw invalidRequest(`Amount must be no more than ${formatAmount(MAX_AMOUNT, currency)}`, {
      code: 'amount_too_large',
      param,
    });
  }
}

/** `1999, 'usd'` → `19.99 USD`; `500, 'jpy'` → `500 JPY`. For messages and hosted pages. */
export function formatAmount(amount: number, currency: string): string {
  const major = ZERO_DECIMAL.has(currency) ? String(amount) : (amount / 100).toFixed(2);
  return `${major} ${currency.toUpperCase()}`;
}
