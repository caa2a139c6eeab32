/**
 * An order's refunds, as the security-event trail records them: `refund_created` for those an
 * admin made here, `refund_external` for those made at Stripe and found by the store.
 * TODO: the API has no list of an order's refunds, so this reads the newest 100 events of each
 * type and keeps the order's; refunds older than that are counted in the order's refunded
 * amount but not listed here.
 */
import { api } from './api.js';
import { el, formatDate } from './dom.js';
import { formatMoney } from './money.js';

/** @typedef {import('./types.js').SecurityEvent} SecurityEvent */
/** @typedef {import('./types.js').Page<SecurityEvent>} EventPage */

const TYPES = ['refund_created', 'refund_external'];

/** The order's refunds as list items, newest first. */
export async function refundItems(/** @type {string} */ orderId) {
  const pages = await Promise.all(
    TYPES.map(
      (type) =>
        /** @type {Promise<EventPage>} */ (
          api('GET', `/api/v1/admin/security-events?type=${type}&limit=100`)
        ),
    ),
  );
  return pages
    .flatMap((page) => page.data)
    .filter((event) => event.detail.order_id === orderId)
    .sort((a, b) => b.occurred_at.localeCompare(a.occurred_at))
    .map(refundItem);
}

function refundItem(/** @type {SecurityEvent} */ event) {
  const { detail } = event;
  const money = { amount: Number(detail.amount ?? 0), currency: String(detail.currency ?? 'usd') };
  const id = String(detail.refund_id ?? detail.stripe_refund_id ?? '');
  const where =
    event.type === 'refund_external' ? 'made at Stripe' : `by ${event.actor_id ?? 'the store'}`;
  return el('li', {
    text: `${formatDate(event.occurred_at)}: ${formatMoney(money)} ${id} (${where})`,
  });
}
