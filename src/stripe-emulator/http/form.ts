/**
 * Stripe's wire format for parameters: `application/x-www-form-urlencoded` bodies and query
 * strings with bracketed nested keys (`metadata[order_id]=…`, `line_items[0][quantity]=1`,
 * `expand[]=latest_charge`).
 */
import qs from 'qs';
import type { RawParams } from '../core/params.js';

const OPTIONS: qs.IParseOptions = {
  depth: 10,
  // Stripe takes up to 100 line items; past qs's default of 20 indexes it would build objects.
  arrayLimit: 100,
  parameterLimit: 2000,
  // Objects without a prototype: a key such as `__proto__` or `toString` is just a key.
  plainObjects: true,
  allowPrototypes: false,
};

/** Parses a form body or query string into nested parameters. */
export function parseForm(text: string): RawParams {
  return qs.parse(text, OPTIONS);
}
