/**
 * Small DOM helpers. Data from the API only ever reaches the page as text (`textContent`,
 * attribute values), never as markup, so nothing a product name holds can run as script.
 */

/** The element with this id; a missing one is a bug in the page, so it throws. */
export function byId(/** @type {string} */ id) {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element;
}

/**
 * The element with this id, checked to be of the given kind.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {{ new (): T }} kind
 * @returns {T}
 */
export function byIdAs(id, kind) {
  const element = byId(id);
  if (!(element instanceof kind)) throw new Error(`#${id} is not a ${kind.name}`);
  return element;
}

/**
 * A new element. `props` are attributes (`class`, `href`, `aria-*`…) except `text`, which is
 * the element's text; children are nodes or strings (as text).
 * @param {string} tag
 * @param {Record<string, string | undefined>} [props]
 * @param {(Node | string)[]} children
 */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (name === 'text') element.textContent = value;
    else element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

/** Shows or hides an element (the `hidden` attribute; no inline styles). */
export function show(/** @type {HTMLElement} */ element, visible = true) {
  element.hidden = !visible;
}

/** Says something in the page's polite live region, above the page's content. */
export function notify(/** @type {string} */ text) {
  byId('notice').textContent = text;
}

/** Sets a message element's text and tone (`ok`, `warn`, `error` or none). */
export function say(/** @type {HTMLElement} */ element, /** @type {string} */ text, tone = '') {
  element.textContent = text;
  element.classList.remove('is-ok', 'is-warn', 'is-error');
  if (tone !== '') element.classList.add(`is-${tone}`);
}

/** The last segment of the address's path: the id in `/orders/ord_…`. */
export function idFromPath() {
  return decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
}

/** A date and time as the reader's locale writes it. */
export function formatDate(/** @type {string | null} */ iso) {
  if (iso === null) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
