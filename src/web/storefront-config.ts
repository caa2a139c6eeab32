/**
 * `GET /api/v1/storefront/config`: what the storefront's pages need to know to take a payment,
 * derived from the Stripe settings in force. With a Stripe API base configured (the bundled
 * emulator, in-process or standalone) the customer pays on the emulator's hosted PaymentIntent
 * page; against Stripe itself the checkout page uses Stripe.js. Nothing here is a secret.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AppContext } from '../app-context.js';
import type { StripeApiBase } from '../config/stripe-settings.js';

const StorefrontConfigSchema = Type.Object(
  {
    payment_page: Type.Union([Type.Literal('stripe_js'), Type.Literal('emulator')]),
    publishable_key: Type.Union([Type.String(), Type.Null()]),
    emulator_base_url: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'StorefrontConfig' },
);

/** The answer of `GET /api/v1/storefront/config`. */
export type StorefrontConfig = Static<typeof StorefrontConfigSchema>;

/** The storefront's view of the effective configuration. */
export function storefrontConfig(ctx: AppContext): StorefrontConfig {
  const { apiBase, publishableKey } = ctx.config.stripe;
  return {
    payment_page: apiBase === null ? 'stripe_js' : 'emulator',
    publishable_key: publishableKey,
    emulator_base_url: apiBase === null ? null : emulatorBaseUrl(apiBase, ctx.config.publicUrl),
  };
}

/** Registers `GET /api/v1/storefront/config` (public: nothing in it is a secret). */
export function storefrontConfigRoute(app: FastifyInstance, ctx: AppContext): void {
  const answer = storefrontConfig(ctx);
  app.get(
    '/api/v1/storefront/config',
    {
      config: { access: 'public' },
      schema: {
        tags: ['storefront'],
        summary: 'How the storefront pages take a payment: Stripe.js or the emulator’s page',
        response: { 200: StorefrontConfigSchema },
      },
    },
    (_request, reply) => reply.send(answer),
  );
}

/**
 * The emulator's address as a browser reaches it. An emulator bound to every interface
 * (0.0.0.0, ::) is reached on the host customers already use, the one in PUBLIC_URL.
 */
export function emulatorBaseUrl(apiBase: StripeApiBase, publicUrl: string): string {
  const wildcard = apiBase.host === '0.0.0.0' || apiBase.host === '::' || apiBase.host === '';
  const host = wildcard ? new URL(publicUrl).hostname : apiBase.host;
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${apiBase.protocol}://${bracketed}:${apiBase.port}`;
}
