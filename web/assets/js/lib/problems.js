/**
 * What a customer or an admin reads when the API refuses: a sentence per stable problem `code`
 * (see the contract), the server's own detail where it says more, and the request id of a
 * server error, so that a report can be matched to the logs.
 */

/** @type {Record<string, string>} */
const MESSAGES = {
  unauthenticated: 'Please sign in to continue.',
  invalid_credentials: 'The email or password is wrong.',
  forbidden: 'Your account may not do this.',
  csrf_failed: 'Your session could not be verified. Reload the page and try again.',
  not_found: 'Not found.',
  email_taken: 'An account with this email exists already. Sign in instead.',
  insufficient_stock: 'There is not enough stock for an item in your cart. Lower the quantity.',
  cart_empty: 'Your cart is empty.',
  currency_mismatch: 'One order takes one currency: check out items of one currency at a time.',
  amount_too_large: 'The total is above what one payment may be. Split your order.',
  invalid_transition: 'The order cannot make this change in its current state.',
  refund_exceeds_captured: 'That is more than remains to refund.',
  payment_provider_unavailable:
    'The payment provider did not answer. Nothing was charged; please try again.',
  idempotency_request_in_progress: 'The same request is still running. Wait a moment, then retry.',
  idempotency_key_reused: 'This action was already sent with other values. Reload and try again.',
};

/**
 * @param {number} status
 * @param {unknown} payload the parsed body, a problem details object when the store sent one
 * @param {Headers} headers
 * @returns {{ code: string, message: string }}
 */
export function problemMessage(status, payload, headers) {
  const problem = isRecord(payload) ? payload : {};
  const code = typeof problem.code === 'string' ? problem.code : `http_${status}`;
  const detail = typeof problem.detail === 'string' ? problem.detail : null;
  const title = typeof problem.title === 'string' ? problem.title : null;

  if (code === 'rate_limited') {
    const wait = headers.get('retry-after');
    return {
      code,
      message: `Too many attempts. Try again${wait ? ` in ${wait} seconds` : ' later'}.`,
    };
  }
  if (code === 'validation_failed') {
    return {
      code,
      message: detail ? `Please check the form: ${detail}.` : 'Please check the form.',
    };
  }
  const known = MESSAGES[code];
  if (known !== undefined) return { code, message: known };
  const requestId = typeof problem.request_id === 'string' ? problem.request_id : null;
  const reference = status >= 500 && requestId ? ` (reference ${requestId})` : '';
  return { code, message: `${detail ?? title ?? `The store answered ${status}.`}${reference}` };
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isRecord(value) {
  return typeof value === 'object' && value !== null;
}
