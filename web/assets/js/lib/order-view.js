/** An order as the customer's and the admin's order pages show it: facts, lines, status. */
import { byId, el, formatDate } from './dom.js';
import { formatMoney } from './money.js';

/** @typedef {import('./types.js').Order} Order */

/** @type {Record<Order['status'], string>} */
export const STATUS_LABELS = {
  pending_payment: 'Awaiting payment',
  paid: 'Paid',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
  canceled: 'Canceled',
};

/** @type {Record<Order['status'], string>} */
const STATUS_TONES = {
  pending_payment: 'warn',
  paid: 'ok',
  partially_refunded: 'ok',
  refunded: '',
  canceled: '',
};

/**
 * A status as a badge.
 * @param {Order['status']} status
 * @param {string} [id]
 */
export function statusBadge(status, id) {
  const tone = STATUS_TONES[status];
  const className = tone === '' ? 'badge' : `badge is-${tone}`;
  return el('span', { id, class: className, text: STATUS_LABELS[status] });
}

/** What remains refundable: total − refunded. */
export function remainingOf(/** @type {Order} */ order) {
  return {
    amount: order.total.amount - order.refunded_amount.amount,
    currency: order.total.currency,
  };
}

/** Fills the page's order section (`#order-status`, `#order-lines`, …) and shows it. */
export function showOrder(/** @type {Order} */ order) {
  byId('order-heading').textContent = `Order ${order.id}`;
  byId('order-status').replaceWith(statusBadge(order.status, 'order-status'));
  byId('order-created').textContent = formatDate(order.created_at);
  byId('order-total').textContent = formatMoney(order.total);
  byId('order-refunded').textContent = formatMoney(order.refunded_amount);
  byId('order-lines').replaceChildren(...order.items.map(lineRow));
  byId('order').hidden = false;
}

/** The order's row in a list: id (a link), date, status, total. */
export function orderRow(/** @type {Order} */ order, /** @type {string} */ href, extra = false) {
  return el(
    'tr',
    {},
    el('td', {}, el('a', { href, text: order.id })),
    el('td', { text: formatDate(order.created_at) }),
    el('td', {}, statusBadge(order.status)),
    el('td', { class: 'num', text: formatMoney(order.total) }),
    ...(extra ? [el('td', { class: 'num', text: formatMoney(order.refunded_amount) })] : []),
  );
}

function lineRow(/** @type {import('./types.js').Line} */ line) {
  return el(
    'tr',
    {},
    el('td', { text: line.name }),
    el('td', { class: 'num', text: formatMoney(line.unit_price) }),
    el('td', { class: 'num', text: String(line.quantity) }),
    el('td', { class: 'num', text: formatMoney(line.line_total) }),
  );
}
