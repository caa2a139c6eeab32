/** The admin's product form: its fields to and from a product as the API takes it. */
import { byIdAs } from './dom.js';
import { toMajorText, toMinorUnits } from './money.js';

/** @typedef {import('./types.js').Product} Product */
/** @typedef {{ name: string, description: string, price: import('./types.js').Money, stock: number }} ProductInput */

const field = (/** @type {string} */ id) => byIdAs(id, HTMLInputElement);
const description = () => byIdAs('description', HTMLTextAreaElement);

/** The form's values as a product body, or a sentence saying what to fix. */
export function readForm() {
  const currency = field('currency').value.trim().toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) return 'The currency is a three-letter code, such as usd.';
  /** @type {number | null} */
  let amount = null;
  try {
    amount = toMinorUnits(field('price').value, currency);
  } catch {
    return `${currency.toUpperCase()} is not a currency this browser knows.`;
  }
  if (amount === null || amount < 1) return 'The price is a positive amount, such as 12.50.';
  const stock = field('stock').valueAsNumber;
  if (!Number.isInteger(stock) || stock < 0) return 'The stock is a whole number, 0 or more.';
  const name = field('name').value.trim();
  if (name === '') return 'The product needs a name.';
  /** @type {ProductInput} */
  const input = {
    name,
    description: description().value.trim(),
    price: { amount, currency },
    stock,
  };
  return input;
}

export function fillForm(/** @type {Product} */ product) {
  field('name').value = product.name;
  description().value = product.description;
  field('price').value = toMajorText(product.price);
  field('currency').value = product.price.currency;
  field('stock').value = String(product.stock);
}

export function clearForm() {
  byIdAs('product-form', HTMLFormElement).reset();
}
