/**
 * Taking the payment of a new order, PaymentIntent flow. With the bundled emulator the
 * customer goes to the emulator's hosted payment page, which sends them back to the order
 * page; with Stripe itself the card form is Stripe's Payment Element on the checkout page
 * (see `stripe-js.js`). Either way the order page then asks the store what Stripe says.
 */
import { payWithStripeJs } from './stripe-js.js';

/** @typedef {import('./types.js').CheckoutResult} CheckoutResult */
/** @typedef {import('./types.js').StorefrontConfig} StorefrontConfig */

/**
 * Where the payment page sends the customer back to. `checkout=return` tells the order page to
 * ask the store to check the payment once.
 */
export function returnUrlFor(/** @type {string} */ orderId) {
  return `${location.origin}/orders/${encodeURIComponent(orderId)}?checkout=return`;
}

/**
 * @param {CheckoutResult} result the answer of `POST /api/v1/checkout`
 * @param {StorefrontConfig} config
 */
export async function pay(result, config) {
  if (config.payment_page === 'emulator' && config.emulator_base_url !== null) {
    goToEmulatorPage(result, config.emulator_base_url);
    return;
  }
  await payWithStripeJs(result, returnUrlFor(result.order.id));
}

/**
 * @param {CheckoutResult} result
 * @param {string} emulatorBase
 */
function goToEmulatorPage(result, emulatorBase) {
  const { order, payment } = result;
  const url = new URL(
    `/test/payment_intents/${encodeURIComponent(payment.payment_intent_id)}`,
    emulatorBase,
  );
  url.searchParams.set('client_secret', payment.client_secret);
  url.searchParams.set('return_url', returnUrlFor(order.id));

  // The checkout page has done its work: leave the order page in its place in the history, so
  // that "Back" from the payment page shows the order and whether it is still unpaid.
  history.replaceState(null, '', returnUrlFor(order.id));
  location.assign(url.href);
}
