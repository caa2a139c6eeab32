/** `/cart`: the lines of the caller's cart, with quantities to change and lines to remove. */
import { api, messageOf } from './lib/api.js';
import { MAX_QUANTITY, setQuantity } from './lib/cart.js';
import { byId, el, notify, show } from './lib/dom.js';
import { formatMoney } from './lib/money.js';
import { requireUser, startPage } from './lib/session.js';

/** @typedef {import('./lib/types.js').Cart} Cart */
/** @typedef {import('./lib/types.js').Line} Line */

const user = await startPage();
const status = byId('list-status');

if (requireUser(user, status)) {
  try {
    showCart(/** @type {Cart} */ (await api('GET', '/api/v1/cart')));
  } catch (error) {
    status.textContent = messageOf(error);
  }
}

function showCart(/** @type {Cart} */ cart) {
  byId('cart-lines').replaceChildren(...cart.items.map(cartRow));
  byId('subtotal').textContent = cart.subtotal === null ? '' : formatMoney(cart.subtotal);
  const empty = cart.items.length === 0;
  status.textContent = empty ? 'Your cart is empty.' : '';
  show(byId('cart-table'), !empty);
  show(byId('to-checkout'), !empty);
}

function cartRow(/** @type {Line} */ line) {
  const inputId = `quantity-${line.product_id}`;
  const quantity = el('input', {
    id: inputId,
    type: 'number',
    min: '1',
    max: String(MAX_QUANTITY),
    value: String(line.quantity),
  });
  quantity.addEventListener('change', () => {
    if (quantity instanceof HTMLInputElement) void change(line, quantity.valueAsNumber);
  });
  const remove = el('button', { type: 'button', class: 'secondary', text: 'Remove' });
  remove.setAttribute('aria-label', `Remove ${line.name}`);
  remove.addEventListener('click', () => void change(line, 0));

  return el(
    'tr',
    {},
    el('td', {}, el('a', { href: `/products/${line.product_id}`, text: line.name })),
    el('td', { class: 'num', text: formatMoney(line.unit_price) }),
    el(
      'td',
      {},
      el('label', { for: inputId, class: 'visually-hidden', text: `Quantity of ${line.name}` }),
      quantity,
    ),
    el('td', { class: 'num', text: formatMoney(line.line_total) }),
    el('td', {}, remove),
  );
}

async function change(/** @type {Line} */ line, /** @type {number} */ quantity) {
  if (!Number.isInteger(quantity) || quantity < 0) return;
  // Rebuilding the rows replaces the focused control; put focus back on its successor.
  const focused = document.activeElement?.id ?? '';
  try {
    showCart(await setQuantity(line.product_id, Math.min(quantity, MAX_QUANTITY)));
    (document.getElementById(focused) ?? byId('main')).focus();
    notify(quantity === 0 ? `${line.name} removed.` : `${line.name}: quantity ${quantity}.`);
  } catch (error) {
    notify(messageOf(error));
  }
}
