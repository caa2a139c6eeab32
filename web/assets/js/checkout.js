/**
 * `/checkout`: the cart as an order summary, then "Place order and pay": the cart becomes an
 * order (`POST /api/v1/checkout`, one Idempotency-Key per attempt at this action, kept for a
 * retry) and the customer pays for it on the payment page.
 */
import { ActionKey } from './lib/action-key.js';
import { api, messageOf } from './lib/api.js';
import { byId, byIdAs, el, show } from './lib/dom.js';
import { formatMoney } from './lib/money.js';
import { pay } from './lib/payment.js';
import { requireUser, startPage } from './lib/session.js';

/** @typedef {import('./lib/types.js').Cart} Cart */
/** @typedef {import('./lib/types.js').CheckoutResult} CheckoutResult */
/** @typedef {import('./lib/types.js').StorefrontConfig} StorefrontConfig */

// Coming "Back" to a page restored from the back-forward cache would show a stale checkout.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) location.reload();
});

const user = await startPage();
const status = byId('list-status');
const placeOrder = byIdAs('place-order', HTMLButtonElement);
const orderKey = new ActionKey();

if (requireUser(user, status)) {
  try {
    const [cart, config] = await Promise.all([
      /** @type {Promise<Cart>} */ (api('GET', '/api/v1/cart')),
      /** @type {Promise<StorefrontConfig>} */ (api('GET', '/api/v1/storefront/config')),
    ]);
    showSummary(cart, config);
  } catch (error) {
    status.textContent = messageOf(error);
  }
}

/**
 * @param {Cart} cart
 * @param {StorefrontConfig} config
 */
function showSummary(cart, config) {
  if (cart.items.length === 0 || cart.subtotal === null) {
    status.replaceChildren(
      'Your cart is empty. ',
      el('a', { href: '/', text: 'Browse the catalogue' }),
      '.',
    );
    return;
  }
  status.textContent = '';
  byId('summary-lines').replaceChildren(
    ...cart.items.map((line) =>
      el('li', { text: `${line.quantity} × ${line.name}: ${formatMoney(line.line_total)}` }),
    ),
  );
  byId('summary-total').textContent = formatMoney(cart.subtotal);
  byId('payment-note').textContent =
    config.payment_page === 'emulator'
      ? 'Test mode: you pay on the Stripe emulator’s page and no money moves. ' +
        'Card 4242 4242 4242 4242 is accepted; 4000 0000 0000 0002 is declined.'
      : 'You enter your card details on the next step, in a form from Stripe.';
  show(byId('summary'));
  placeOrder.addEventListener('click', () => void checkout(config));
}

async function checkout(/** @type {StorefrontConfig} */ config) {
  const error = byId('checkout-error');
  error.textContent = '';
  placeOrder.disabled = true;
  /** @type {CheckoutResult} */
  let result;
  try {
    result = await api('POST', '/api/v1/checkout', { body: {}, idempotencyKey: orderKey.get() });
    orderKey.settle();
  } catch (failure) {
    orderKey.settle(failure);
    error.textContent = messageOf(failure);
    placeOrder.disabled = false;
    return;
  }
  status.textContent = 'Order placed. Taking you to the payment…';
  try {
    await pay(result, config);
  } catch (failure) {
    error.replaceChildren(
      `The payment page could not be opened (${String(failure)}). Your order awaits payment: `,
      el('a', { href: `/orders/${result.order.id}`, text: 'see the order' }),
      '.',
    );
  }
}
