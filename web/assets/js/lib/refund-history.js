/**
 * An order's refunds, from `GET /api/v1/admin/orders/:id/refunds`: those an admin made here
 * and those made at Stripe and found by the store.
 */
import { api } from './api.js';
import { el, formatDate } from './dom.js';
import { formatMoney } from './money.js';

/** @typedef {import('./types.js').Refund} Refund */
/** @typedef {import('./types.js').Page<Refund>} RefundPage */

/** The order's refunds as list items, newest first. */
export async function refundItems(/** @type {string} */ orderId) {
  const page = /** @type {RefundPage} */ (
    await api('GET', `/api/v1/admin/orders/${encodeURIComponent(orderId)}/refunds`)
  );
  return [...page.data].reverse().map(refundItem);
}

function refundItem(/** @type {Refund} */ refund) {
  const where =
    refund.origin === 'external' ? 'made at Stripe' : `by ${refund.requested_by ?? 'the store'}`;
  return el('li', {
    text: `${formatDate(refund.created_at)}: ${formatMoney(refund.amount)} ${refund.id} (${where}), ${refund.status}`,
  });
}
