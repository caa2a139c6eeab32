/** JSON Schemas of orders as the API shows them. */
import { Type } from 'typebox';
import { Money, Timestamp } from '../http/schemas.js';
import { ORDER_STATUSES } from './order-states.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const OrderStatusSchema = Type.Union(ORDER_STATUSES.map((status) => Type.Literal(status)));

export const OrderSchema = Type.Object(
  {
    id: Type.String(),
    status: OrderStatusSchema,
    items: Type.Array(
      Type.Object({
        product_id: Type.String(),
        name: Type.String(),
        quantity: Type.Integer(),
        unit_price: Money,
        line_total: Money,
      }),
    ),
    total: Money,
    refunded_amount: Money,
    created_at: Timestamp,
    paid_at: Nullable(Timestamp),
    canceled_at: Nullable(Timestamp),
    payment: Type.Object({
      flow: Nullable(Type.String()),
      payment_intent_id: Nullable(Type.String()),
      checkout_session_id: Nullable(Type.String()),
      status: Nullable(Type.String()),
      dispute_status: Nullable(Type.String()),
    }),
  },
  { $id: 'Order' },
);
