/**
 * Checkout in three steps, each safe to repeat, after the atomic-phases design of Stripe's own
 * idempotency keys:
 *
 * 1. one transaction: place the order (price, reserve stock, empty cart) and record the
 *    recovery point `order_created` on the client's idempotency key;
 * 2. create the PaymentIntent or Checkout Session at Stripe with a key derived from the order,
 *    so any retry of this step (the SDK's, the client's, or a resumed request's after a crash)
 *    reaches the same payment;
 * 3. store the payment's id on the order.
 *
 * If Stripe refuses or cannot be reached in step 2, the order is cancelled, its stock released
 * and the cart restored, all in one transaction, and the key's progress cleared: nothing is
 * charged and a retry starts afresh.
 */
import type { Actor } from '../accounts/sessions.js';
import type { RateLimit } from '../config/config.js';
import type { Db } from '../db/database.js';
import type { PaymentFlow } from '../db/schema.js';
import { AppError } from '../http/errors.js';
import type { IdempotencyHandle } from '../idempotency/idempotency-plugin.js';
import type { Logger } from '../logging/logger.js';
import { cancelPendingOrder } from '../orders/order-writes.js';
import type { OrderRow, OrderStore } from '../orders/order-store.js';
import type { OrderView } from '../orders/order-view.js';
import type { PaymentGateway } from '../payments/payment-gateway.js';
import type { RateLimiter } from '../rate-limits/rate-limiter.js';
import type { EventContext, SecurityEvents } from '../security-events/security-events.js';
import type { Clock } from '../shared/clock.js';
import type { CrashPoints } from '../shared/crash-points.js';
import { placeOrder } from './place-order.js';
import { createPayment, type PaymentView } from './create-payment.js';

export const ORDER_CREATED = 'order_created';

export interface CheckoutResult {
  order: OrderView;
  payment: PaymentView;
}

export interface CheckoutDependencies {
  db: Db;
  gateway: PaymentGateway;
  orders: OrderStore;
  limiter: RateLimiter;
  limit: RateLimit;
  clock: Clock;
  crashPoints: CrashPoints;
  logger: Logger;
  securityEvents: SecurityEvents;
  publicUrl: string;
}

export class CheckoutService {
  constructor(private readonly deps: CheckoutDependencies) {}

  async checkout(
    actor: Actor,
    flow: PaymentFlow,
    idempotency: IdempotencyHandle | null,
    context: EventContext,
  ): Promise<CheckoutResult> {
    const resumedOrderId =
      idempotency?.recoveryPoint === ORDER_CREATED ? idempotency.resourceId : null;
    const order = resumedOrderId
      ? await this.resumableOrder(actor, resumedOrderId)
      : await this.newOrder(actor, flow, idempotency, context);

    let payment: PaymentView;
    try {
      payment = await createPayment(this.deps, order);
    } catch (error) {
      await this.undo(order, idempotency);
      throw error;
    }

    this.deps.crashPoints.reach('checkout.after_payment_created');
    await this.bindPayment(order, payment);
    const stored = await this.deps.orders.findForSystem(order.id);
    if (stored === null) throw new Error(`order ${order.id} vanished during checkout`);

    this.deps.logger.info(
      {
        order_id: order.id,
        user_id: actor.userId,
        flow: order.payment_flow,
        resumed: resumedOrderId !== null,
      },
      'checkout created payment',
    );
    return { order: await this.deps.orders.view(stored), payment };
  }

  private async newOrder(
    actor: Actor,
    flow: PaymentFlow,
    idempotency: IdempotencyHandle | null,
    context: EventContext,
  ): Promise<OrderRow> {
    const limit = await this.deps.limiter.consume(`checkout:${actor.userId}`, this.deps.limit);
    if (limit.limited) {
      await this.deps.securityEvents.record('excess_rate_limit_exceeded', context, {
        limit: 'checkouts_per_customer',
      });
      throw new AppError('rate_limited', {
        headers: { 'retry-after': String(limit.retryAfterSeconds) },
      });
    }

    return this.deps.db.transaction().execute(async (trx) => {
      const order = await placeOrder(trx, actor.userId, flow, this.deps.clock.now());
      await idempotency?.checkpoint(trx, ORDER_CREATED, order.id);
      return order;
    });
  }

  /** The order an earlier attempt of this same request placed before it died. */
  private async resumableOrder(actor: Actor, orderId: string): Promise<OrderRow> {
    const order = await this.deps.orders.findOwnedBy(actor, orderId);
    if (order === null) throw new Error(`resumed checkout names unknown order ${orderId}`);
    if (order.status !== 'pending_payment') {
      throw new AppError('invalid_transition', {
        detail: `the order of this checkout is ${order.status}`,
      });
    }
    return order;
  }

  private async bindPayment(order: OrderRow, payment: PaymentView): Promise<void> {
    await this.deps.db
      .updateTable('orders')
      .set({
        payment_intent_id: payment.flow === 'payment_intent' ? payment.payment_intent_id : null,
        checkout_session_id:
          payment.flow === 'checkout_session' ? payment.checkout_session_id : null,
        payment_status: payment.flow === 'payment_intent' ? payment.status : 'open',
        updated_at: this.deps.clock.now(),
      })
      .where('id', '=', order.id)
      .where('status', '=', 'pending_payment')
      .execute();
  }

  /** Step 2 failed: cancel the order, release its stock, restore the cart, forget the progress. */
  private async undo(order: OrderRow, idempotency: IdempotencyHandle | null): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const now = this.deps.clock.now();
      await cancelPendingOrder(trx, order.id, 'provider_unavailable', now, { restoreCart: true });
      await idempotency?.checkpoint(trx, null, null);
    });
  }
}
