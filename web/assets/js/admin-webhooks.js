/**
 * `/admin/webhooks`: the webhook inbox, newest first, filtered by `?status=`; a dead letter can
 * be put back in line once whatever made it fail is fixed.
 */
import { api, messageOf } from './lib/api.js';
import { byId, el, formatDate, notify } from './lib/dom.js';
import { currentFilter } from './lib/filters.js';
import { pagePath, startPager } from './lib/pager.js';
import { requireUser, startPage } from './lib/session.js';

/** @typedef {import('./lib/types.js').WebhookEvent} WebhookEvent */
/** @typedef {import('./lib/types.js').Page<WebhookEvent>} EventPage */

const user = await startPage();
const filters = currentFilter('status');

if (requireUser(user, byId('list-status'), { admin: true })) {
  await startPager({
    fetchPage: (cursor) =>
      /** @type {Promise<EventPage>} */ (
        api('GET', pagePath('/api/v1/admin/webhook-events', cursor, filters))
      ),
    render: eventRow,
    list: byId('list-rows'),
    container: byId('list-table'),
    more: byId('more'),
    status: byId('list-status'),
    empty: 'No events match.',
  });
}

function eventRow(/** @type {WebhookEvent} */ event) {
  const status = el('td', { text: event.status });
  const action = el('td');
  if (event.status === 'dead') action.append(retryButton(event, status, action));
  return el(
    'tr',
    {},
    el('td', { class: 'detail', text: event.id }),
    el('td', { text: event.type }),
    status,
    el('td', { class: 'num', text: String(event.attempts) }),
    el('td', { text: event.last_error ?? '—' }),
    el('td', { text: formatDate(event.received_at) }),
    action,
  );
}

/**
 * @param {WebhookEvent} event
 * @param {HTMLElement} status the row's status cell, updated after the retry
 * @param {HTMLElement} action the row's action cell
 */
function retryButton(event, status, action) {
  const button = el('button', { type: 'button', text: 'Retry', 'aria-label': `Retry ${event.id}` });
  button.addEventListener('click', () => {
    button.setAttribute('disabled', '');
    const path = `/api/v1/admin/webhook-events/${encodeURIComponent(event.id)}/retry`;
    api('POST', path).then(
      (/** @type {WebhookEvent} */ updated) => {
        status.textContent = updated.status;
        action.replaceChildren();
        notify(`${event.id} is back in line (${updated.status}).`);
      },
      (/** @type {unknown} */ error) => {
        button.removeAttribute('disabled');
        notify(messageOf(error));
      },
    );
  });
  return button;
}
