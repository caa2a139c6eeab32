/** `POST /api/v1/admin/orders/:id/refunds`: an admin refunds part or all of a paid order. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf, eventContext } from '../access/access-control.js';
import type { AppContext } from '../app-context.js';
import { orNotFound } from '../http/errors.js';
import { idParams, Money, problems, Timestamp } from '../http/schemas.js';
import { toIso } from '../shared/clock.js';
import type { RefundRow } from './refund-ledger.js';
import { OrderSchema } from '../orders/schemas.js';
import { MAX_AMOUNT } from '../shared/money.js';

const RefundBody = Type.Object(
  {
    amount: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_AMOUNT,
        description: 'minor units; default: all that remains',
      }),
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

const RefundSchema = Type.Object(
  {
    id: Type.String(),
    amount: Money,
    status: Type.String(),
    reason: Type.Union([Type.String(), Type.Null()]),
    origin: Type.Union([Type.Literal('store'), Type.Literal('external')]),
    stripe_refund_id: Type.Union([Type.String(), Type.Null()]),
    requested_by: Type.Union([Type.String(), Type.Null()]),
    created_at: Timestamp,
  },
  { $id: 'Refund' },
);

const RefundResultSchema = Type.Object({
  refund: Type.Object({ id: Type.String(), amount: Money, status: Type.String() }),
  order: OrderSchema,
});

export function refundRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string } }>(
    '/api/v1/admin/orders/:id/refunds',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['orders', 'admin'],
        summary: 'An order’s refunds, oldest first: the store’s own and those made at Stripe',
        description: 'An order has few refunds (never more than its total), so one page holds all.',
        params: idParams('id', 'order'),
        response: {
          200: Type.Object({ data: Type.Array(RefundSchema), next_cursor: Type.Null() }),
          ...problems(401, 403, 404),
        },
      },
    },
    async (request) => {
      const order = orNotFound(await ctx.orders.findVisibleTo(actorOf(request), request.params.id));
      const refunds = await ctx.ledger.listForOrder(order.id);
      return { data: refunds.map(refundView), next_cursor: null };
    },
  );

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

function refundView(row: RefundRow) {
  return {
    id: row.id,
    amount: { amount: row.amount, currency: row.currency },
    status: row.status,
    reason: row.reason,
    origin: row.origin,
    stripe_refund_id: row.stripe_refund_id,
    requested_by: row.requested_by,
    created_at: toIso(row.created_at),
  };
}
