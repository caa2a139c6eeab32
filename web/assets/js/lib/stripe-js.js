/**
 * Paying on the checkout page with Stripe.js and the Payment Element, when the store talks to
 * Stripe itself. Stripe.js is loaded from js.stripe.com, which only the checkout page's
 * Content-Security-Policy allows. The client secret goes to Stripe.js and nowhere else: not
 * into the page, not into storage, not into a log.
 * https://docs.stripe.com/payments/accept-a-payment?platform=web&ui=elements
 */
import { byId, byIdAs, show } from './dom.js';

/** @typedef {import('./types.js').CheckoutResult} CheckoutResult */

/**
 * The parts of Stripe.js used here.
 * @typedef {{ mount(selector: string): void }} PaymentElement
 * @typedef {{ create(kind: 'payment'): PaymentElement }} Elements
 * @typedef {{ error?: { message?: string } }} ConfirmResult
 * @typedef {object} StripeClient
 * @property {(options: { clientSecret: string }) => Elements} elements
 * @property {(options: { elements: Elements, confirmParams: { return_url: string } }) => Promise<ConfirmResult>} confirmPayment
 * @typedef {(publishableKey: string) => StripeClient} StripeFactory
 */

const STRIPE_JS_URL = 'https://js.stripe.com/v3';

/**
 * Shows the Payment Element for the order's PaymentIntent. Paying redirects to `returnUrl`;
 * an error (a declined card) is shown here and the customer may try again.
 * @param {CheckoutResult} result
 * @param {string} returnUrl
 */
export async function payWithStripeJs(result, returnUrl) {
  const Stripe = await loadStripeJs();
  const stripe = Stripe(result.payment.publishable_key);
  const elements = stripe.elements({ clientSecret: result.payment.client_secret });
  elements.create('payment').mount('#payment-element');

  show(byId('summary'), false);
  show(byId('stripe-payment'));
  byId('pay-heading').focus();

  const form = byIdAs('payment-form', HTMLFormElement);
  const button = byIdAs('pay-button', HTMLButtonElement);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    void stripe
      .confirmPayment({ elements, confirmParams: { return_url: returnUrl } })
      .then((outcome) => {
        // Only an error comes back here: success leaves the page for `returnUrl`.
        byId('payment-error').textContent =
          outcome.error?.message ?? 'The payment did not go through. Your order awaits payment.';
        button.disabled = false;
      });
  });
}

/** @returns {Promise<StripeFactory>} */
function loadStripeJs() {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = STRIPE_JS_URL;
    script.addEventListener('load', () => {
      const global = /** @type {{ Stripe?: StripeFactory }} */ (/** @type {unknown} */ (window));
      if (global.Stripe === undefined) reject(new Error('Stripe.js did not load'));
      else resolve(global.Stripe);
    });
    script.addEventListener('error', () => reject(new Error('Stripe.js could not be loaded')));
    document.head.append(script);
  });
}
