/** `/admin/orders`: every order, newest first, filtered by status (`?status=`). */
import { api } from './lib/api.js';
import { byId } from './lib/dom.js';
import { currentFilter } from './lib/filters.js';
import { orderRow } from './lib/order-view.js';
import { pagePath, startPager } from './lib/pager.js';
import { requireUser, startPage } from './lib/session.js';

/** @typedef {import('./lib/types.js').Page<import('./lib/types.js').Order>} OrderPage */

const user = await startPage();
const filters = currentFilter('status');

if (requireUser(user, byId('list-status'), { admin: true })) {
  await startPager({
    fetchPage: (cursor) =>
      /** @type {Promise<OrderPage>} */ (
        api('GET', pagePath('/api/v1/admin/orders', cursor, filters))
      ),
    render: (order) => orderRow(order, `/admin/orders/${order.id}`, true),
    list: byId('list-rows'),
    container: byId('list-table'),
    more: byId('more'),
    status: byId('list-status'),
    empty: 'No orders match.',
  });
}
