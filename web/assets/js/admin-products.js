/**
 * `/admin/products`: every product, inactive ones included; one form adds a product or edits
 * the one chosen (name, description, price, stock); each row activates or deactivates.
 */
import { ActionKey } from './lib/action-key.js';
import { api, messageOf } from './lib/api.js';
import { byId, byIdAs, el, notify, show } from './lib/dom.js';
import { formatMoney } from './lib/money.js';
import { pagePath, startPager } from './lib/pager.js';
import { clearForm, fillForm, readForm } from './lib/product-form.js';
import { requireUser, startPage } from './lib/session.js';

/** @typedef {import('./lib/types.js').Product} Product */
/** @typedef {import('./lib/types.js').Page<Product>} ProductPage */

const user = await startPage();
const form = byIdAs('product-form', HTMLFormElement);
const formError = byId('form-error');
const createKey = new ActionKey();
/** @type {Map<string, HTMLElement>} */
const rows = new Map();
/** @type {Product | null} */
let editing = null;

if (requireUser(user, byId('list-status'), { admin: true })) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save();
  });
  byId('cancel-edit').addEventListener('click', stopEditing);
  await startPager({
    fetchPage: (cursor) =>
      /** @type {Promise<ProductPage>} */ (api('GET', pagePath('/api/v1/admin/products', cursor))),
    render: productRow,
    list: byId('list-rows'),
    container: byId('list-table'),
    more: byId('more'),
    status: byId('list-status'),
    empty: 'No products yet: add the first one above.',
  });
} else {
  show(form, false);
}

async function save() {
  const input = readForm();
  if (typeof input === 'string') {
    formError.textContent = input;
    return;
  }
  formError.textContent = '';
  try {
    /** @type {Product} */
    const saved =
      editing === null
        ? await api('POST', '/api/v1/admin/products', {
            body: input,
            idempotencyKey: createKey.get(),
          })
        : await api('PATCH', `/api/v1/admin/products/${encodeURIComponent(editing.id)}`, {
            body: input,
          });
    if (editing === null) createKey.settle();
    putRow(saved);
    notify(`${saved.name} saved.`);
    stopEditing();
  } catch (error) {
    if (editing === null) createKey.settle(error);
    formError.textContent = messageOf(error);
  }
}

function productRow(/** @type {Product} */ product) {
  const edit = el('button', { type: 'button', class: 'secondary', text: 'Edit' });
  edit.setAttribute('aria-label', `Edit ${product.name}`);
  edit.addEventListener('click', () => startEditing(product));
  const toggle = el('button', {
    type: 'button',
    class: 'secondary',
    text: product.active ? 'Deactivate' : 'Activate',
  });
  toggle.setAttribute(
    'aria-label',
    `${product.active ? 'Deactivate' : 'Activate'} ${product.name}`,
  );
  toggle.addEventListener('click', () => void setActive(product, !product.active));

  const row = el(
    'tr',
    {},
    // Customers see active products only, so only those have a page to link to.
    el(
      'td',
      {},
      product.active
        ? el('a', { href: `/products/${product.id}`, text: product.name })
        : product.name,
    ),
    el('td', { class: 'num', text: formatMoney(product.price) }),
    el('td', { class: 'num', text: String(product.stock) }),
    el('td', { text: product.active ? 'Active' : 'Inactive' }),
    el('td', { class: 'actions' }, edit, toggle),
  );
  rows.set(product.id, row);
  return row;
}

/** Shows a saved product: in its row when listed, else at the top of the list. */
function putRow(/** @type {Product} */ product) {
  const old = rows.get(product.id);
  const fresh = productRow(product);
  if (old === undefined) byId('list-rows').prepend(fresh);
  else old.replaceWith(fresh);
  show(byId('list-table'));
  byId('list-status').textContent = '';
}

async function setActive(/** @type {Product} */ product, /** @type {boolean} */ active) {
  try {
    const path = `/api/v1/admin/products/${encodeURIComponent(product.id)}`;
    putRow(await api('PATCH', path, { body: { active } }));
    notify(
      `${product.name} is ${active ? 'active: customers see it' : 'inactive: hidden from customers'}.`,
    );
  } catch (error) {
    notify(messageOf(error));
  }
}

function startEditing(/** @type {Product} */ product) {
  editing = product;
  fillForm(product);
  byId('form-legend').textContent = `Edit ${product.name}`;
  byId('save').textContent = 'Save changes';
  show(byId('cancel-edit'));
  byIdAs('name', HTMLInputElement).focus();
}

function stopEditing() {
  editing = null;
  clearForm();
  byId('form-legend').textContent = 'Add a product';
  byId('save').textContent = 'Add product';
  show(byId('cancel-edit'), false);
}
