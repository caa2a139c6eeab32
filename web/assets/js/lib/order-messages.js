/** What the customer's order page says about an order's payment, in plain words. */

/** @typedef {import('./types.js').Order} Order */

/**
 * @param {Order} order as the store confirmed it
 * @param {{ redirectStatus: string | null } | null} afterPayment set when the customer has just
 *   come back from the payment page (or checked the payment again)
 * @returns {{ text: string, tone: '' | 'ok' | 'warn' | 'error' }}
 */
export function explainOrder(order, afterPayment) {
  switch (order.status) {
    case 'paid':
      return afterPayment === null
        ? { text: 'Paid. Thank you for your order.', tone: 'ok' }
        : { text: 'Payment confirmed. Thank you for your order!', tone: 'ok' };
    case 'partially_refunded':
      return { text: 'Paid; part of it has been refunded.', tone: 'ok' };
    case 'refunded':
      return { text: 'Refunded in full.', tone: '' };
    case 'canceled':
      return { text: 'This order was canceled. Nothing was charged for it.', tone: '' };
    case 'pending_payment':
      return explainPending(order, afterPayment);
  }
}

/**
 * @param {Order} order
 * @param {{ redirectStatus: string | null } | null} afterPayment
 * @returns {{ text: string, tone: '' | 'ok' | 'warn' | 'error' }}
 */
function explainPending(order, afterPayment) {
  if (order.payment.status === 'processing') {
    return {
      text: 'Your payment is being processed. This page shows the order as paid once it is confirmed.',
      tone: 'warn',
    };
  }
  if (afterPayment !== null) {
    return {
      text:
        'No payment has gone through, so this order is still awaiting payment. ' +
        'If your card was declined, nothing was charged.',
      tone: 'error',
    };
  }
  return {
    text:
      'This order is awaiting payment: no payment has been confirmed for it yet. ' +
      'If your card was declined, nothing was charged.',
    tone: 'warn',
  };
}
