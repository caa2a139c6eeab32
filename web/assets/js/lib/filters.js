/**
 * The filter of an admin list, kept in the address (`?status=paid`) so that a filtered view can
 * be bookmarked and shared; the filter form is a plain GET form to the same page.
 */
import { byIdAs } from './dom.js';

/**
 * Reads the filter `name` from the address, selects it in the form's `<select id=name>`, and
 * returns it as query parameters for the API (none when empty or not one of the options).
 * @param {string} name
 * @returns {Record<string, string>}
 */
export function currentFilter(name) {
  const value = new URLSearchParams(location.search).get(name) ?? '';
  const select = byIdAs(name, HTMLSelectElement);
  const known = Array.from(select.options).some((option) => option.value === value);
  if (value === '' || !known) return {};
  select.value = value;
  return { [name]: value };
}
