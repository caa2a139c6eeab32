/**
 * The one place that decides, from Stripe's own current state, what an order's payment means:
 * paid, canceled, still pending, refunded outside the store, or not this order's at all.
 *
 * A webhook, a customer's "refresh" and the recovery jobs all come here, and all it trusts is
 * what it reads from Stripe itself at that moment. So events that arrive late, twice or out of
 * order lead to the same end state as one fresh read. An order becomes `paid` only when the
 * PaymentIntent succeeded, is the one stored on the order, names the order in its metadata, and
 * has the order's amount and currency; anything else changes nothing and leaves a
 * `payment_mismatch` security event.
 */
import type { Db } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import { cancelPendingOrder, markOrderPaid, recordPaymentStatus } from '../orders/order-writes.js';
import type { OrderRow, OrderStore } from '../orders/order-store.js';
import type { RefundLedger } from '../refunds/refund-ledger.js';
import type { EventContext, SecurityEvents } from '../security-events/security-events.js';
import type { Clock } from '../shared/clock.js';
import { bindingProblem, sessionBindingProblem } from './payment-binding.js';
import type { PaymentGateway, PaymentIntentState } from './payment-gateway.js';

export interface ReconcilerDependencies {
  db: Db;
  gateway: PaymentGateway;
  orders: OrderStore;
  ledger: RefundLedger;
  securityEvents: SecurityEvents;
  clock: Clock;
  logger: Logger;
}

export class PaymentReconciler {
  constructor(private readonly deps: ReconcilerDependencies) {}

  /** Brings the order in line with Stripe and returns it as stored afterwards. */
  async reconcile(order: OrderRow, context: EventContext = {}): Promise<OrderRow> {
    if (order.status === 'pending_payment') await this.confirmPayment(order, context);
    if (order.status === 'canceled') await this.flagPaymentAfterCancel(order, context);

    const current = await this.reload(order.id);
    if (
      current.payment_intent_id !== null &&
      current.status !== 'pending_payment' &&
      current.status !== 'canceled'
    ) {
      await this.syncRefunds(current, context);
      return this.reload(order.id);
    }
    return current;
  }

  /**
   * Records a dispute opened on an order's payment, after reading the dispute from Stripe and
   * checking that it is on this order's PaymentIntent, in its currency, within its total.
   */
  async recordDispute(disputeId: string, context: EventContext = {}): Promise<OrderRow | null> {
    const dispute = await this.deps.gateway.retrieveDispute(disputeId);
    const order = dispute.paymentIntentId
      ? await this.deps.orders.findByPaymentIntentForSystem(dispute.paymentIntentId)
      : null;
    if (order === null) {
      this.deps.logger.warn({ dispute_id: dispute.id }, 'dispute on a payment of no known order');
      return null;
    }
    if (dispute.currency !== order.currency || dispute.amount > order.total_amount) {
      await this.mismatch(order, dispute.paymentIntentId, 'dispute_amount_mismatch', context);
      return order;
    }

    const updated = await this.deps.db
      .updateTable('orders')
      .set({ dispute_status: dispute.status, updated_at: this.deps.clock.now() })
      .where('id', '=', order.id)
      .where((eb) =>
        eb.or([eb('dispute_status', 'is', null), eb('dispute_status', '!=', dispute.status)]),
      )
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) {
      await this.deps.securityEvents.record('dispute_created', context, {
        order_id: order.id,
        dispute_id: dispute.id,
        status: dispute.status,
        amount: dispute.amount,
        currency: dispute.currency,
      });
    }
    return this.reload(order.id);
  }

  /**
   * A cancelled order stays cancelled (its stock is gone), but money taken for it must not go
   * unnoticed: that only happens when a cancellation at Stripe was reported done and was not.
   * TODO: refund such a payment automatically; until then an admin refunds it at Stripe.
   */
  private async flagPaymentAfterCancel(order: OrderRow, context: EventContext): Promise<void> {
    let intentId = order.payment_intent_id;
    if (intentId === null && order.checkout_session_id !== null) {
      intentId = (await this.deps.gateway.retrieveCheckoutSession(order.checkout_session_id))
        .paymentIntentId;
    }
    if (intentId === null) return;
    const intent = await this.deps.gateway.retrievePaymentIntent(intentId);
    if (intent.status !== 'succeeded' || intent.orderId !== order.id) return;

    // Noted on the order once, so the several events of one payment raise one alarm.
    const noted = await this.deps.db
      .updateTable('orders')
      .set({ payment_status: intent.status, updated_at: this.deps.clock.now() })
      .where('id', '=', order.id)
      .where('status', '=', 'canceled')
      .where((eb) =>
        eb.or([eb('payment_status', 'is', null), eb('payment_status', '!=', 'succeeded')]),
      )
      .executeTakeFirst();
    if (Number(noted.numUpdatedRows) === 1) {
      await this.mismatch(order, intent.id, 'paid_after_cancel', context);
    }
  }

  private async confirmPayment(order: OrderRow, context: EventContext): Promise<void> {
    const intent = await this.currentIntent(order, context);
    if (intent === null) return;

    const problem = bindingProblem(order, intent);
    if (problem !== null) {
      await this.mismatch(order, intent.id, problem, context);
      return;
    }

    const now = this.deps.clock.now();
    if (intent.status === 'succeeded') {
      if (await markOrderPaid(this.deps.db, order.id, intent.id, intent.status, now)) {
        await this.deps.securityEvents.record('payment_confirmed', context, {
          order_id: order.id,
          payment_intent_id: intent.id,
          amount: intent.amount,
          currency: intent.currency,
        });
      }
    } else if (intent.status === 'canceled') {
      await cancelPendingOrder(this.deps.db, order.id, 'payment_canceled', now);
    } else {
      await recordPaymentStatus(this.deps.db, order.id, intent.status, now);
    }
  }

  /**
   * The PaymentIntent behind the order, read from Stripe. In the Checkout Session flow it is
   * found through the session, which must itself be this order's; an expired session cancels
   * the order. Null while there is nothing (yet) to confirm.
   */
  private async currentIntent(
    order: OrderRow,
    context: EventContext,
  ): Promise<PaymentIntentState | null> {
    let intentId = order.payment_intent_id;

    if (order.payment_flow === 'checkout_session' && order.checkout_session_id !== null) {
      const session = await this.deps.gateway.retrieveCheckoutSession(order.checkout_session_id);
      const problem = sessionBindingProblem(order, session);
      if (problem !== null) {
        await this.mismatch(order, session.paymentIntentId, problem, context);
        return null;
      }
      if (session.status === 'expired') {
        await cancelPendingOrder(this.deps.db, order.id, 'session_expired', this.deps.clock.now());
        return null;
      }
      if (
        intentId !== null &&
        session.paymentIntentId !== null &&
        session.paymentIntentId !== intentId
      ) {
        await this.mismatch(
          order,
          session.paymentIntentId,
          'session_payment_intent_changed',
          context,
        );
        return null;
      }
      intentId = session.paymentIntentId;
    }

    return intentId === null ? null : this.deps.gateway.retrievePaymentIntent(intentId);
  }

  /**
   * Refunds at Stripe that the store has not counted: its own whose answer was lost, and those
   * made outside it (the dashboard). Each is counted once, whoever sees it first.
   */
  private async syncRefunds(order: OrderRow, context: EventContext): Promise<void> {
    if (order.payment_intent_id === null) return;
    const refunds = await this.deps.gateway.listRefunds(order.payment_intent_id);
    const now = this.deps.clock.now();

    for (const refund of refunds) {
      const own = refund.storeRefundId ? await this.deps.ledger.find(refund.storeRefundId) : null;
      if (own !== null && own.order_id === order.id) {
        await this.deps.ledger.settle(own.id, refund.id, refund.status, now);
      } else if (await this.deps.ledger.recordExternal(order, refund, now)) {
        await this.deps.securityEvents.record('refund_external', context, {
          order_id: order.id,
          stripe_refund_id: refund.id,
          amount: refund.amount,
          currency: refund.currency,
        });
      }
    }
  }

  private async mismatch(
    order: OrderRow,
    paymentIntentId: string | null,
    reason: string,
    context: EventContext,
  ) {
    this.deps.logger.warn(
      { order_id: order.id, payment_intent_id: paymentIntentId, reason },
      'payment does not match order',
    );
    await this.deps.securityEvents.record('payment_mismatch', context, {
      order_id: order.id,
      payment_intent_id: paymentIntentId,
      reason,
    });
  }

  private async reload(orderId: string): Promise<OrderRow> {
    const order = await this.deps.orders.findForSystem(orderId);
    if (order === null) throw new Error(`order ${orderId} vanished during reconciliation`);
    return order;
  }
}
