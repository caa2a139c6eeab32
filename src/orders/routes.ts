/** `/api/v1/orders…`: the caller's own orders; `/api/v1/admin/orders`: every order, for admins. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf, eventContext } from '../access/access-control.js';
import type { AppContext } from '../app-context.js';
import { orNotFound } from '../http/errors.js';
import { PageQuery, pageSchema } from '../http/pagination.js';
import { EmptyBody, idParams, problems } from '../http/schemas.js';
import { OrderSchema, OrderStatusSchema } from './schemas.js';

const OrderParams = idParams('id', 'order');
const OwnListQuery = Type.Object(PageQuery, { additionalProperties: false });
const AdminListQuery = Type.Object(
  { ...PageQuery, status: Type.Optional(OrderStatusSchema) },
  { additionalProperties: false },
);

type Params = { id: string };

export function orderRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: Static<typeof OwnListQuery> }>(
    '/api/v1/orders',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['orders'],
        summary: 'The caller’s own orders, newest first',
        querystring: OwnListQuery,
        response: { 200: pageSchema(OrderSchema), ...problems(400, 401) },
      },
    },
    async (request) => ctx.orders.listOwn(actorOf(request), request.query),
  );

  app.get<{ Params: Params }>(
    '/api/v1/orders/:id',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['orders'],
        summary: 'One order: the owner’s, or any for an admin',
        params: OrderParams,
        response: { 200: OrderSchema, ...problems(401, 404) },
      },
    },
    async (request) => {
      const order = orNotFound(await ctx.orders.findVisibleTo(actorOf(request), request.params.id));
      return ctx.orders.view(order);
    },
  );

  app.post<{ Params: Params }>(
    '/api/v1/orders/:id/cancel',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['orders'],
        summary: 'Cancel the caller’s own unpaid order; stock released, payment stopped at Stripe',
        params: OrderParams,
        body: EmptyBody,
        response: { 200: OrderSchema, ...problems(400, 401, 403, 404, 409, 422, 502) },
      },
    },
    async (request) => {
      const order = await ctx.cancellation.cancelByOwner(
        actorOf(request),
        request.params.id,
        eventContext(request),
      );
      return ctx.orders.view(order);
    },
  );

  app.post<{ Params: Params }>(
    '/api/v1/orders/:id/refresh-payment',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['orders'],
        summary: 'Ask Stripe for the payment’s state now, and show the order after',
        params: OrderParams,
        body: EmptyBody,
        response: { 200: OrderSchema, ...problems(400, 401, 403, 404, 422, 502) },
      },
    },
    async (request) => {
      const order = orNotFound(await ctx.orders.findOwnedBy(actorOf(request), request.params.id));
      const fresh = await ctx.reconciler.reconcile(order, eventContext(request));
      return ctx.orders.view(fresh);
    },
  );

  app.get<{ Querystring: Static<typeof AdminListQuery> }>(
    '/api/v1/admin/orders',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['orders', 'admin'],
        summary: 'Every order, newest first; filter by `status`',
        querystring: AdminListQuery,
        response: { 200: pageSchema(OrderSchema), ...problems(400, 401, 403) },
      },
    },
    async (request) => ctx.orders.listAll(request.query),
  );
}
