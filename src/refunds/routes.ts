/** `POST /api/v1/admin/orders/:id/refunds`: an admin refunds part or all of a paid order. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf, eventContext } from '../access/access-control.js';
import type { AppContext } from '../app-context.js';
import { idParams, Money, problems } from '../http/schemas.js';
import { OrderSchema } from '../orders/schemas.js';
import { MAX_AMOUNT } from '../shared/money.js';

const RefundBody = Type.Object(
  {
    amount: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, description: 'minor units; default: all that remains' }),
    ),
    reason: Type.Optional(
      Type.Union([
        Type.Literal('requested_by_customer'),
        Type.Literal('duplicate'),
        Type.Literal('fraudulent'),
      ]),
    ),
  },
  { additionalProperties: false },
);

const RefundResultSchema = Type.Object({
  refund: Type.Object({ id: Type.String(), amount: Money, status: Type.String() }),
  order: OrderSchema,
});

export function refundRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Params: { id: string }; Body: Static<typeof RefundBody> | undefined }>(
    '/api/v1/admin/orders/:id/refunds',
    {
      config: { access: 'admin', idempotency: 'required' },
      schema: {
        tags: ['orders', 'admin'],
        summary: 'Refund part or all of what remains of a paid order',
        description: 'Requires an `Idempotency-Key`.',
        params: idParams('id', 'order'),
        body: RefundBody,
        response: {
          201: RefundResultSchema,
          ...problems(400, 401, 403, 404, 409, 413, 415, 422, 502),
        },
      },
    },
    async (request, reply) => {
      const result = await ctx.refunds.refund(
        actorOf(request),
        request.params.id,
        request.body ?? {},
        request.idempotency,
        eventContext(request),
      );
      return reply.code(201).send(result);
    },
  );
}
