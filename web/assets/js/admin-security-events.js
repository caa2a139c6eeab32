/** `/admin/security-events`: the security-event trail, newest first, filtered by `?type=`. */
import { api } from './lib/api.js';
import { byId, el, formatDate } from './lib/dom.js';
import { currentFilter } from './lib/filters.js';
import { pagePath, startPager } from './lib/pager.js';
import { requireUser, startPage } from './lib/session.js';

/** @typedef {import('./lib/types.js').SecurityEvent} SecurityEvent */
/** @typedef {import('./lib/types.js').Page<SecurityEvent>} EventPage */

const user = await startPage();
const filters = currentFilter('type');

if (requireUser(user, byId('list-status'), { admin: true })) {
  await startPager({
    fetchPage: (cursor) =>
      /** @type {Promise<EventPage>} */ (
        api('GET', pagePath('/api/v1/admin/security-events', cursor, filters))
      ),
    render: eventRow,
    list: byId('list-rows'),
    container: byId('list-table'),
    more: byId('more'),
    status: byId('list-status'),
    empty: 'No events match.',
  });
}

function eventRow(/** @type {SecurityEvent} */ event) {
  const detail = Object.entries(event.detail).map(([key, value]) => `${key}=${String(value)}`);
  return el(
    'tr',
    {},
    el('td', { text: formatDate(event.occurred_at) }),
    el('td', { text: event.type }),
    el('td', { class: 'detail', text: event.actor_id ?? '—' }),
    el('td', { text: event.ip ?? '—' }),
    el('td', { class: 'detail', text: event.request_id ?? '—' }),
    el('td', { class: 'detail', text: detail.join(' ') }),
  );
}
