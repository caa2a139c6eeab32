/** `POST /api/v1/checkout`: the caller's cart becomes an order and a payment at Stripe. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf, eventContext } from '../access/access-control.js';
import type { AppContext } from '../app-context.js';
import { problems } from '../http/schemas.js';
import { OrderSchema } from '../orders/schemas.js';

const CheckoutBody = Type.Object(
  {
    flow: Type.Optional(
      Type.Union([Type.Literal('payment_intent'), Type.Literal('checkout_session')], {
        default: 'payment_intent',
      }),
    ),
  },
  { additionalProperties: false },
);

const PaymentSchema = Type.Union([
  Type.Object({
    flow: Type.Literal('payment_intent'),
    payment_intent_id: Type.String(),
    client_secret: Type.String(),
    publishable_key: Type.String(),
  }),
  Type.Object({
    flow: Type.Literal('checkout_session'),
    checkout_session_id: Type.String(),
    url: Type.String(),
  }),
]);

export function checkoutRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: Static<typeof CheckoutBody> | undefined }>(
    '/api/v1/checkout',
    {
      config: { access: 'signed_in', idempotency: 'required' },
      schema: {
        tags: ['checkout'],
        summary: 'Turn the cart into an order and create its payment at Stripe',
        description:
          'Requires an `Idempotency-Key`. The `client_secret` is shown only here, to the owner.',
        body: CheckoutBody,
        response: {
          201: Type.Object({ order: OrderSchema, payment: PaymentSchema }),
          ...problems(400, 401, 403, 409, 413, 415, 422, 429, 502),
        },
      },
    },
    async (request, reply) => {
      const flow = request.body?.flow ?? 'payment_intent';
      const result = await ctx.checkout.checkout(
        actorOf(request),
        flow,
        request.idempotency,
        eventContext(request),
      );
      return reply.code(201).send(result);
    },
  );
}
