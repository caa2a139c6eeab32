/** The caller's cart, as the catalogue and product pages change it. */
import { api } from './api.js';

/** @typedef {import('./types.js').Cart} Cart */

/** The most of one product a cart line holds (the API's limit). */
export const MAX_QUANTITY = 99;

/**
 * Adds `quantity` of a product to what is already in the cart. The API sets quantities rather
 * than adding to them, so the current line is read first.
 * @returns {Promise<Cart>}
 */
export async function addToCart(/** @type {string} */ productId, quantity = 1) {
  const cart = /** @type {Cart} */ (await api('GET', '/api/v1/cart'));
  const current = cart.items.find((line) => line.product_id === productId)?.quantity ?? 0;
  return setQuantity(productId, Math.min(current + quantity, MAX_QUANTITY));
}

/** @returns {Promise<Cart>} */
export async function setQuantity(/** @type {string} */ productId, /** @type {number} */ quantity) {
  const path = `/api/v1/cart/items/${encodeURIComponent(productId)}`;
  return api('PUT', path, { body: { quantity } });
}
