/**
 * Cancelling an unpaid order: by its owner, or by the expiry job when it stayed unpaid too long.
 *
 * Stripe is told first (the PaymentIntent cancelled, or the Checkout Session expired) and the
 * order is cancelled only once no payment can complete any more; if the payment succeeded in
 * the meantime, the order is confirmed paid instead. The job is safe in several processes at
 * once: Stripe calls carry keys derived from the order and the final update is conditional, so
 * each order is cancelled, and its stock released, exactly once.
 */
import type { Actor } from '../accounts/sessions.js';
import type { Db } from '../db/database.js';
import type { CancelReason } from '../db/schema.js';
import { AppError } from '../http/errors.js';
import type { Logger } from '../logging/logger.js';
import { PaymentProviderRefused, type PaymentGateway } from '../payments/payment-gateway.js';
import type { PaymentReconciler } from '../payments/payment-reconciler.js';
import type { EventContext } from '../security-events/security-events.js';
import type { Clock } from '../shared/clock.js';
import { cancelPendingOrder } from './order-writes.js';
import type { OrderRow, OrderStore } from './order-store.js';

export interface CancellationDependencies {
  db: Db;
  gateway: PaymentGateway;
  orders: OrderStore;
  reconciler: PaymentReconciler;
  clock: Clock;
  logger: Logger;
  paymentTimeoutMinutes: number;
}

export class OrderCancellation {
  constructor(private readonly deps: CancellationDependencies) {}

  async cancelByOwner(actor: Actor, orderId: string, context: EventContext): Promise<OrderRow> {
    const order = await this.deps.orders.findOwnedBy(actor, orderId);
    if (order === null) throw new AppError('not_found');
    if (order.status !== 'pending_payment') {
      throw new AppError('invalid_transition', {
        detail: `an order ${order.status} cannot be canceled`,
      });
    }

    const { order: after } = await this.cancel(order, 'customer', context);
    if (after.status !== 'canceled') {
      throw new AppError('invalid_transition', { detail: `the order is ${after.status}` });
    }
    return after;
  }

  /** Cancels orders unpaid for longer than the timeout; returns how many it cancelled. */
  async cancelExpired(limit = 50): Promise<number> {
    const cutoff = this.deps.clock.now() - this.deps.paymentTimeoutMinutes * 60_000;
    const stale = await this.deps.db
      .selectFrom('orders')
      .selectAll()
      .where('status', '=', 'pending_payment')
      .where('created_at', '<', cutoff)
      .orderBy('created_at')
      .limit(limit)
      .execute();

    let canceled = 0;
    for (const order of stale) {
      try {
        if ((await this.cancel(order, 'payment_timeout', {})).canceledNow) canceled += 1;
      } catch (err) {
        // One order Stripe cannot answer for now must not hold up the others.
        this.deps.logger.warn({ err, order_id: order.id }, 'could not cancel expired order');
      }
    }
    return canceled;
  }

  /** The order afterwards, and whether this call was the one that cancelled it. */
  private async cancel(
    order: OrderRow,
    reason: CancelReason,
    context: EventContext,
  ): Promise<{ order: OrderRow; canceledNow: boolean }> {
    const stopped = await this.stopPayment(order);
    if (!stopped)
      return { order: await this.deps.reconciler.reconcile(order, context), canceledNow: false };

    const canceledNow = await cancelPendingOrder(
      this.deps.db,
      order.id,
      reason,
      this.deps.clock.now(),
    );
    if (canceledNow) this.deps.logger.info({ order_id: order.id, reason }, 'order canceled');
    const after = await this.deps.orders.findForSystem(order.id);
    return { order: after ?? order, canceledNow };
  }

  /**
   * Makes sure no payment for the order can still complete. False when Stripe refuses because
   * the payment already succeeded or is being processed.
   */
  private async stopPayment(order: OrderRow): Promise<boolean> {
    const key = `webstore:cancel:${order.id}`;
    try {
      if (order.payment_flow === 'checkout_session' && order.checkout_session_id !== null) {
        const session = await this.deps.gateway.expireCheckoutSession(
          order.checkout_session_id,
          key,
        );
        return session.status === 'expired';
      }
      if (order.payment_intent_id !== null) {
        const intent = await this.deps.gateway.cancelPaymentIntent(order.payment_intent_id, key);
        return intent.status === 'canceled';
      }
      // Checkout never got a payment from Stripe: nobody holds anything to pay with.
      return true;
    } catch (error) {
      if (error instanceof PaymentProviderRefused) return this.alreadyStopped(order);
      throw error;
    }
  }

  /** After a refusal: was the payment already cancelled or expired (fine) or did it go through? */
  private async alreadyStopped(order: OrderRow): Promise<boolean> {
    if (order.payment_flow === 'checkout_session' && order.checkout_session_id !== null) {
      return (
        (await this.deps.gateway.retrieveCheckoutSession(order.checkout_session_id)).status ===
        'expired'
      );
    }
    if (order.payment_intent_id === null) return true;
    return (
      (await this.deps.gateway.retrievePaymentIntent(order.payment_intent_id)).status === 'canceled'
    );
  }
}
