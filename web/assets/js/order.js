/**
 * `/orders/:id`: one of the customer's orders, in the state the store has confirmed. Coming
 * back from the payment page (`?checkout=…`), it asks the store once to check the payment with
 * Stripe (`refresh-payment`) and says what came of it. A redirect proves nothing: only the
 * store's answer marks an order paid.
 */
import { ActionKey } from './lib/action-key.js';
import { api, ApiError, messageOf } from './lib/api.js';
import { byId, byIdAs, idFromPath, say, show } from './lib/dom.js';
import { explainOrder } from './lib/order-messages.js';
import { showOrder } from './lib/order-view.js';
import { requireUser, startPage } from './lib/session.js';

/** @typedef {import('./lib/types.js').Order} Order */

// First, before anything can be slow: the return from the payment page carries the
// PaymentIntent's client secret in the address; it must not stay in the address bar, the
// history or a bookmark.
const returned = takeReturnParameters();

const user = await startPage();
const message = byId('order-message');
const orderPath = `/api/v1/orders/${encodeURIComponent(idFromPath())}`;
const checkAgain = byIdAs('check-payment', HTMLButtonElement);
const cancel = byIdAs('cancel-order', HTMLButtonElement);
const cancelKey = new ActionKey();
const NOT_FOUND =
  'Order not found. Check the link, and that you are signed in with the account that placed it.';

if (requireUser(user, message)) await load();

async function load() {
  /** @type {Order} */
  let order;
  try {
    order = await api('GET', orderPath);
  } catch (error) {
    const missing = error instanceof ApiError && error.status === 404;
    say(message, missing ? NOT_FOUND : messageOf(error), 'error');
    return;
  }
  render(order, null);
  if (returned !== null) await refresh(order);
  checkAgain.addEventListener('click', () => void refresh(order));
  cancel.addEventListener('click', () => void cancelOrder());
}

/** Asks the store to check the payment with Stripe now; shows what it answers. */
async function refresh(/** @type {Order} */ shown) {
  say(message, 'Checking your payment…');
  try {
    /** @type {Order} */
    const order = await api('POST', `${orderPath}/refresh-payment`);
    render(order, returned ?? { redirectStatus: null });
  } catch (error) {
    render(shown, null);
    say(message, `${messageOf(error)} The order shows its last confirmed state.`, 'error');
  }
}

async function cancelOrder() {
  cancel.disabled = true;
  try {
    /** @type {Order} */
    const order = await api('POST', `${orderPath}/cancel`, { idempotencyKey: cancelKey.get() });
    cancelKey.settle();
    render(order, null);
  } catch (error) {
    cancelKey.settle(error);
    say(message, messageOf(error), 'error');
    cancel.disabled = false;
  }
}

/**
 * @param {Order} order
 * @param {{ redirectStatus: string | null } | null} afterPayment
 */
function render(order, afterPayment) {
  showOrder(order);
  const { text, tone } = explainOrder(order, afterPayment);
  say(message, text, tone);
  const pending = order.status === 'pending_payment';
  show(checkAgain, pending);
  show(cancel, pending);
  cancel.disabled = false;
}

/** Reads the payment page's return parameters and removes every query parameter. */
function takeReturnParameters() {
  const params = new URLSearchParams(location.search);
  if (location.search !== '') history.replaceState(history.state, '', location.pathname);
  if (!params.has('checkout')) return null;
  return { redirectStatus: params.get('redirect_status') };
}
