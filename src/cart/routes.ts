/** `/api/v1/cart`: the caller's own cart; there is no way to name another customer's. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { actorOf } from '../access/access-control.js';
import type { AppContext } from '../app-context.js';
import { idParams, Money, problems } from '../http/schemas.js';
import { MAX_QUANTITY } from './cart-service.js';

const CartSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        product_id: Type.String(),
        name: Type.String(),
        quantity: Type.Integer(),
        unit_price: Money,
        line_total: Money,
      }),
    ),
    subtotal: Type.Union([Money, Type.Null()]),
  },
  { $id: 'Cart' },
);

const QuantityBody = Type.Object(
  {
    quantity: Type.Integer({
      minimum: 0,
      maximum: MAX_QUANTITY,
      description: '0 removes the line',
    }),
  },
  { additionalProperties: false },
);

const ItemParams = idParams('product_id', 'product');

type ItemParamsType = { product_id: string };

export function cartRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/v1/cart',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['cart'],
        summary: 'The caller’s cart, priced from the catalogue',
        response: { 200: CartSchema, ...problems(401) },
      },
    },
    async (request) => ctx.carts.view(actorOf(request).userId),
  );

  app.put<{ Params: ItemParamsType; Body: { quantity: number } }>(
    '/api/v1/cart/items/:product_id',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['cart'],
        summary: 'Set the quantity of a product in the cart',
        params: ItemParams,
        body: QuantityBody,
        response: { 200: CartSchema, ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const { product_id: productId } = request.params;
      return ctx.carts.setQuantity(actorOf(request).userId, productId, request.body.quantity);
    },
  );

  app.delete<{ Params: ItemParamsType }>(
    '/api/v1/cart/items/:product_id',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['cart'],
        summary: 'Remove a product from the cart',
        params: ItemParams,
        response: { 200: CartSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => ctx.carts.remove(actorOf(request).userId, request.params.product_id),
  );
}
