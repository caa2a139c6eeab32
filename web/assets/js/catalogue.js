/** `/`: the active products, each with a link to its page and an "Add to cart" button. */
import { api, messageOf } from './lib/api.js';
import { addToCart } from './lib/cart.js';
import { byId, el, notify } from './lib/dom.js';
import { formatMoney } from './lib/money.js';
import { pagePath, startPager } from './lib/pager.js';
import { signInLink, startPage } from './lib/session.js';

/** @typedef {import('./lib/types.js').Product} Product */
/** @typedef {import('./lib/types.js').Page<Product>} ProductPage */

const user = await startPage();

await startPager({
  fetchPage: (cursor) =>
    /** @type {Promise<ProductPage>} */ (api('GET', pagePath('/api/v1/products', cursor))),
  render: productCard,
  list: byId('products'),
  more: byId('more'),
  status: byId('list-status'),
  empty: 'There are no products for sale yet.',
});

function productCard(/** @type {Product} */ product) {
  const headingId = `name-${product.id}`;
  const title = el(
    'h2',
    { id: headingId },
    el('a', { href: `/products/${product.id}`, text: product.name }),
  );
  const stock = product.stock > 0 ? `${product.stock} in stock` : 'Out of stock';
  return el(
    'li',
    { class: 'product-card', 'aria-labelledby': headingId },
    title,
    el('p', { class: 'price', text: formatMoney(product.price) }),
    el('p', { class: 'muted', text: stock }),
    buyControl(product),
  );
}

function buyControl(/** @type {Product} */ product) {
  if (user === null) return el('p', {}, signInLink('Sign in'), ' to buy.');
  const button = el('button', {
    type: 'button',
    text: 'Add to cart',
    'aria-describedby': `name-${product.id}`,
  });
  if (product.stock === 0) button.setAttribute('disabled', '');
  button.addEventListener('click', () => void add(product));
  return button;
}

async function add(/** @type {Product} */ product) {
  try {
    await addToCart(product.id);
    notify(`${product.name} is in your cart.`);
  } catch (error) {
    notify(messageOf(error));
  }
}
