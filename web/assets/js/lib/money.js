/**
 * Money as the API has it, `{amount, currency}` in minor units, shown in the reader's locale;
 * and amounts typed by people (major units, "12.50") read back into minor units exactly, with
 * no floating-point arithmetic.
 */

/** @typedef {import('./types.js').Money} Money */

/** How many minor-unit digits a currency has (2 for usd, 0 for jpy). */
export function minorDigits(/** @type {string} */ currency) {
  const format = new Intl.NumberFormat('en', {
    style: 'currency',
    currency: currency.toUpperCase(),
  });
  return format.resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(/** @type {Money} */ money) {
  const currency = money.currency.toUpperCase();
  const digits = minorDigits(currency);
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  return format.format(money.amount / 10 ** digits);
}

/** Minor units as a major-unit string for a form field: 1250 usd → "12.50". */
export function toMajorText(/** @type {Money} */ money) {
  const digits = minorDigits(money.currency);
  if (digits === 0) return String(money.amount);
  const text = String(money.amount).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * A typed major-unit amount as minor units, or null when it is not a plain positive number
 * with at most the currency's digits after the point.
 */
export function toMinorUnits(/** @type {string} */ text, /** @type {string} */ currency) {
  const digits = minorDigits(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) return null;
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
