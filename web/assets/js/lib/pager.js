/**
 * A list the API pages with `{data, next_cursor}`: the first page at once, the next ones on
 * "Show more", with a status line for loading, emptiness and errors.
 */
import { messageOf } from './api.js';
import { show } from './dom.js';

/**
 * @template T
 * @typedef {object} PagerOptions
 * @property {(cursor: string | null) => Promise<import('./types.js').Page<T>>} fetchPage
 * @property {(item: T) => HTMLElement} render one row or card
 * @property {HTMLElement} list where rows go
 * @property {HTMLElement} more the "Show more" button
 * @property {HTMLElement} status the status line
 * @property {HTMLElement} [container] shown once there is a row (a table around `list`)
 * @property {string} empty what to say when there is nothing
 */

/**
 * Loads the first page; resolves once it is shown.
 * @template T
 * @param {PagerOptions<T>} options
 */
export async function startPager(options) {
  /** @type {string | null} */
  let cursor = null;
  let count = 0;

  const load = async () => {
    options.status.textContent = count === 0 ? 'Loading…' : '';
    try {
      const page = await options.fetchPage(cursor);
      options.list.append(...page.data.map(options.render));
      count += page.data.length;
      cursor = page.next_cursor;
      options.status.textContent = count === 0 ? options.empty : '';
      if (options.container !== undefined) show(options.container, count > 0);
      show(options.more, cursor !== null);
    } catch (error) {
      options.status.textContent = messageOf(error);
    }
  };

  options.more.addEventListener('click', () => void load());
  await load();
}

/** The list path with the page's cursor and an optional filter, as a query string. */
export function pagePath(
  /** @type {string} */ path,
  /** @type {string | null} */ cursor,
  /** @type {Record<string, string>} */ filters = {},
) {
  const query = new URLSearchParams(filters);
  if (cursor !== null) query.set('cursor', cursor);
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}
