/**
 * The one page that may load a third party: the checkout page, when payments go to Stripe
 * itself. Stripe.js comes from js.stripe.com, runs its card fields in frames from js.stripe.com
 * (and 3-D Secure challenges in frames from hooks.stripe.com) and talks to api.stripe.com. Stripe's
 * guide also lists the subdomains of js.stripe.com, from which newer Stripe.js builds load parts.
 * https://docs.stripe.com/security/guide#content-security-policy
 * With the emulator the page sends the customer to the emulator's own page and needs nothing.
 */
import type { FastifyHelmetRouteOptions } from '@fastify/helmet';
import { CSP_DIRECTIVES } from '../http/hygiene.js';
import type { StorefrontConfig } from './storefront-config.js';

const STRIPE_JS = ['https://js.stripe.com', 'https://*.js.stripe.com'];

/** The checkout route's `helmet` option, or nothing when the global policy will do. */
export function checkoutHelmet(config: StorefrontConfig): FastifyHelmetRouteOptions | undefined {
  if (config.payment_page !== 'stripe_js') return undefined;
  return {
    helmet: {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          ...CSP_DIRECTIVES,
          scriptSrc: [...(CSP_DIRECTIVES.scriptSrc ?? []), ...STRIPE_JS],
          frameSrc: [...STRIPE_JS, 'https://hooks.stripe.com'],
          connectSrc: ["'self'", 'https://api.stripe.com'],
        },
      },
    },
  };
}
