/** `/orders`: the customer's own orders, newest first. */
import { api } from './lib/api.js';
import { byId } from './lib/dom.js';
import { orderRow } from './lib/order-view.js';
import { pagePath, startPager } from './lib/pager.js';
import { requireUser, startPage } from './lib/session.js';

/** @typedef {import('./lib/types.js').Page<import('./lib/types.js').Order>} OrderPage */

const user = await startPage();

if (requireUser(user, byId('list-status'))) {
  await startPager({
    fetchPage: (cursor) =>
      /** @type {Promise<OrderPage>} */ (api('GET', pagePath('/api/v1/orders', cursor))),
    render: (order) => orderRow(order, `/orders/${order.id}`),
    list: byId('list-rows'),
    container: byId('list-table'),
    more: byId('more'),
    status: byId('list-status'),
    empty: 'You have no orders yet.',
  });
}
