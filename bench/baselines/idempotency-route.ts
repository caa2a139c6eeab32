/**
 * The same checkout-like POST twice, for the Idempotency-Key overhead: put a product in the
 * cart and check out (order, stock, PaymentIntent at the emulator), once on a route that
 * requires a key and once on a route that takes none. Both run behind the store's own
 * validation, error handling and access control, with the store's own services, configured
 * from the environment as the store is (DATABASE_URL, STRIPE_*); PRODUCT_ID names the product.
 */
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { actorOf, eventContext, installAccessControl } from '../../src/access/access-control.js';
import { createAppContext } from '../../src/app-context.js';
import { loadConfig } from '../../src/config/config.js';
import { openDatabase } from '../../src/db/database.js';
import { createErrorHandler } from '../../src/http/problem.js';
import { EmptyBody } from '../../src/http/schemas.js';
import { validatorCompiler } from '../../src/http/validation.js';
import { installIdempotency } from '../../src/idempotency/idempotency-plugin.js';
import { createLogger } from '../../src/logging/logger.js';
import { createStripeClient } from '../../src/payments/stripe/stripe-client.js';
import { StripeGateway } from '../../src/payments/stripe/stripe-gateway.js';

const config = loadConfig(process.env);
const { secretKey, publishableKey, apiBase } = config.stripe;
const stripe = createStripeClient({ secretKey: secretKey ?? '', apiBase });
const ctx = createAppContext({
  config,
  database: openDatabase(config.database),
  logger: createLogger({ level: 'warn' }),
  gateway: new StripeGateway(stripe, publishableKey ?? ''),
});
const productId = process.env.PRODUCT_ID ?? '';

const app = Fastify({ logger: false });
app.setValidatorCompiler(validatorCompiler);
app.setErrorHandler(createErrorHandler(ctx.securityEvents));
await app.register(cookie);
installAccessControl(app, {
  sessions: ctx.sessions,
  securityEvents: ctx.securityEvents,
  publicUrl: config.publicUrl,
  publicPrefixes: [],
});
installIdempotency(app, ctx.idempotency, ctx.securityEvents);

for (const [path, idempotency] of [
  ['/bench/with-key', 'required'],
  ['/bench/without-key', 'off'],
] as const) {
  app.post(
    path,
    { config: { access: 'signed_in', idempotency }, schema: { body: EmptyBody } },
    async (request, reply) => {
      const actor = actorOf(request);
      await ctx.carts.setQuantity(actor.userId, productId, 1);
      const result = await ctx.checkout.checkout(
        actor,
        'payment_intent',
        request.idempotency,
        eventContext(request),
      );
      return reply.code(201).send(result);
    },
  );
}
app.get('/ready', { config: { access: 'public' } }, async () => ({ ok: true }));

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });

// Exit cleanly on a stop, so that `--cpu-prof` can write its profile.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
