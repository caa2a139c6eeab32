/**
 * What every page does first: find out who is signed in (from `GET /api/v1/me`, through the
 * session cookie), show the matching navigation, mark the current page in it, and wire the
 * sign-out button.
 */
import { api, ApiError, hasSessionCookie, messageOf } from './api.js';
import { byId, el, notify } from './dom.js';

/** @typedef {import('./types.js').User} User */

/**
 * Sets up the header; resolves with the signed-in user, or null.
 * @returns {Promise<User | null>}
 */
export async function startPage() {
  markCurrentLinks();
  const user = await currentUser();
  for (const item of document.querySelectorAll('[data-when]')) {
    if (!(item instanceof HTMLElement)) continue;
    const when = item.dataset.when;
    item.hidden = !(
      (when === 'signed-in' && user !== null) ||
      (when === 'signed-out' && user === null) ||
      (when === 'admin' && user?.role === 'admin')
    );
  }
  byId('whoami').textContent = user?.email ?? '';
  byId('sign-out').addEventListener('click', () => void signOut());
  return user;
}

/**
 * Shows, in `where`, why the page needs a (suitable) account and a way to get one. Returns
 * true when the user may go on.
 * @param {User | null} user
 * @param {HTMLElement} where
 * @param {{ admin?: boolean }} [need]
 */
export function requireUser(user, where, need = {}) {
  if (user === null) {
    where.replaceChildren('Please ', signInLink(), ' to see this page.');
    return false;
  }
  if (need.admin === true && user.role !== 'admin') {
    where.textContent = 'This page is for the shop’s admins.';
    return false;
  }
  return true;
}

/** A link to the sign-in page that comes back here afterwards. */
export function signInLink(text = 'sign in') {
  const next = encodeURIComponent(location.pathname + location.search);
  return el('a', { href: `/signin?next=${next}`, text });
}

/** @returns {Promise<User | null>} */
async function currentUser() {
  // Without the CSRF cookie there is no session cookie either: no need to ask.
  if (!hasSessionCookie()) return null;
  try {
    const answer = /** @type {{ user: User }} */ (await api('GET', '/api/v1/me'));
    return answer.user;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) notify(messageOf(error));
    return null;
  }
}

async function signOut() {
  try {
    await api('POST', '/api/v1/auth/logout');
    location.assign('/');
  } catch (error) {
    notify(messageOf(error));
  }
}

/** `aria-current="page"` on the navigation links to this page (or the section it is in). */
function markCurrentLinks() {
  const here = location.pathname;
  for (const link of document.querySelectorAll('nav a')) {
    if (!(link instanceof HTMLAnchorElement)) continue;
    const target = link.pathname;
    const matches =
      target === '/' ? here === '/' : here === target || here.startsWith(`${target}/`);
    if (matches) link.setAttribute('aria-current', 'page');
  }
}
