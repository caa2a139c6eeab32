/**
 * `/admin/orders/:id`: one order for an admin, with what remains refundable (total − refunded)
 * and a refund form. Each refund is one action with its own Idempotency-Key, kept for a retry
 * of that same refund, so a retry never refunds twice.
 */
import { ActionKey } from './lib/action-key.js';
import { api, ApiError, messageOf } from './lib/api.js';
import { byId, byIdAs, el, idFromPath, notify, say, show } from './lib/dom.js';
import { formatMoney, toMajorText, toMinorUnits } from './lib/money.js';
import { remainingOf, showOrder } from './lib/order-view.js';
import { refundItems } from './lib/refund-history.js';
import { requireUser, startPage } from './lib/session.js';

/** @typedef {import('./lib/types.js').Order} Order */
/** @typedef {{ refund: { id: string, amount: import('./lib/types.js').Money, status: string }, order: Order }} RefundResult */

const REFUNDABLE = ['paid', 'partially_refunded'];

const user = await startPage();
const message = byId('order-message');
const orderId = idFromPath();
const form = byIdAs('refund-form', HTMLFormElement);
const amountInput = byIdAs('amount', HTMLInputElement);
const formError = byId('form-error');
const refundKey = new ActionKey();
/** @type {Order | null} */
let current = null;

if (requireUser(user, message, { admin: true })) {
  try {
    render(await api('GET', `/api/v1/orders/${encodeURIComponent(orderId)}`));
    void showRefunds(orderId);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void refund();
    });
  } catch (error) {
    const missing = error instanceof ApiError && error.status === 404;
    say(message, missing ? 'Order not found.' : messageOf(error), 'error');
  }
}

function render(/** @type {Order} */ order) {
  current = order;
  showOrder(order);
  message.textContent = '';
  const { payment_intent_id: intent, status } = order.payment;
  byId('order-payment').textContent =
    intent === null ? 'none yet' : `${intent} (${status ?? 'unknown'})`;
  const remaining = remainingOf(order);
  byId('order-remaining').textContent = formatMoney(remaining);
  show(form, REFUNDABLE.includes(order.status) && remaining.amount > 0);
  amountInput.value = toMajorText(remaining);
  byId('amount-hint').textContent =
    `In ${remaining.currency.toUpperCase()}, up to ${formatMoney(remaining)} (all that remains).`;
}

async function refund() {
  if (current === null) return;
  const remaining = remainingOf(current);
  const amount = toMinorUnits(amountInput.value, remaining.currency);
  if (amount === null || amount <= 0 || amount > remaining.amount) {
    formError.textContent = `Enter an amount above zero and up to ${formatMoney(remaining)}.`;
    amountInput.focus();
    return;
  }
  const reason = byIdAs('reason', HTMLSelectElement).value;
  const body = reason === '' ? { amount } : { amount, reason };
  const button = byIdAs('refund-button', HTMLButtonElement);
  formError.textContent = '';
  button.disabled = true;
  try {
    const path = `/api/v1/admin/orders/${encodeURIComponent(current.id)}/refunds`;
    /** @type {RefundResult} */
    const result = await api('POST', path, { body, idempotencyKey: refundKey.get() });
    refundKey.settle();
    recordRefund(result);
  } catch (error) {
    refundKey.settle(error);
    formError.textContent = messageOf(error);
  } finally {
    button.disabled = false;
  }
}

function recordRefund(/** @type {RefundResult} */ result) {
  const { refund: made } = result;
  render(result.order);
  notify(
    `${formatMoney(made.amount)} refunded. ${formatMoney(remainingOf(result.order))} remains.`,
  );
  void showRefunds(result.order.id);
}

async function showRefunds(/** @type {string} */ id) {
  const list = byId('refunds');
  try {
    const items = await refundItems(id);
    list.replaceChildren(...(items.length > 0 ? items : [el('li', { text: 'No refunds.' })]));
  } catch (error) {
    list.replaceChildren(el('li', { text: messageOf(error) }));
  }
}
