/** `/products/:id`: one product, with a quantity to add to the cart. */
import { api, ApiError, messageOf } from './lib/api.js';
import { addToCart, MAX_QUANTITY } from './lib/cart.js';
import { byId, byIdAs, idFromPath, notify, show } from './lib/dom.js';
import { formatMoney } from './lib/money.js';
import { startPage } from './lib/session.js';

/** @typedef {import('./lib/types.js').Product} Product */

const user = await startPage();
const status = byId('list-status');

try {
  const product = /** @type {Product} */ (
    await api('GET', `/api/v1/products/${encodeURIComponent(idFromPath())}`)
  );
  showProduct(product);
} catch (error) {
  const missing = error instanceof ApiError && error.status === 404;
  status.textContent = missing
    ? 'This product does not exist or is no longer for sale.'
    : messageOf(error);
}

function showProduct(/** @type {Product} */ product) {
  document.title = `${product.name} · Webstore`;
  byId('product-name').textContent = product.name;
  byId('product-description').textContent = product.description;
  byId('product-price').textContent = formatMoney(product.price);
  byId('product-stock').textContent =
    product.stock > 0 ? `${product.stock} in stock` : 'Out of stock';
  status.textContent = '';

  if (user === null) return show(byId('sign-in-to-buy'));
  if (product.stock === 0) return;
  const form = byIdAs('add-form', HTMLFormElement);
  const quantity = byIdAs('quantity', HTMLInputElement);
  quantity.max = String(Math.min(product.stock, MAX_QUANTITY));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void add(product, quantity.valueAsNumber);
  });
  show(form);
}

async function add(/** @type {Product} */ product, /** @type {number} */ quantity) {
  try {
    await addToCart(product.id, quantity);
    notify(`${quantity} × ${product.name} added to your cart.`);
  } catch (error) {
    notify(messageOf(error));
  }
}
