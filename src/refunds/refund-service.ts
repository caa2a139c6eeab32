/**
 * Refunds by admins, in the same three safe steps as checkout: reserve the amount on the order
 * (recording the refund id on the client's idempotency key), ask Stripe with a key derived from
 * that refund, settle. A crash or a lost reply between the steps leaves the reservation in
 * place; the retried request, or the completer job, asks Stripe again with the same key and so
 * can never refund twice.
 */
import type { Actor } from '../accounts/sessions.js';
import type { Db } from '../db/database.js';
import { AppError } from '../http/errors.js';
import type { IdempotencyHandle } from '../idempotency/idempotency-plugin.js';
import type { Logger } from '../logging/logger.js';
import { isRefundable } from '../orders/order-states.js';
import type { OrderRow, OrderStore } from '../orders/order-store.js';
import type { OrderView } from '../orders/order-view.js';
import { PaymentProviderRefused, type PaymentGateway } from '../payments/payment-gateway.js';
import type { EventContext, SecurityEvents } from '../security-events/security-events.js';
import type { Clock } from '../shared/clock.js';
import type { CrashPoints } from '../shared/crash-points.js';
import type { Money } from '../shared/money.js';
import type { RefundLedger, RefundRow } from './refund-ledger.js';

export const REFUND_RESERVED = 'refund_reserved';

export interface RefundResult {
  refund: { id: string; amount: Money; status: string };
  order: OrderView;
}

export interface RefundDependencies {
  db: Db;
  gateway: PaymentGateway;
  orders: OrderStore;
  ledger: RefundLedger;
  securityEvents: SecurityEvents;
  clock: Clock;
  crashPoints: CrashPoints;
  logger: Logger;
}

/** The Stripe idempotency key of a store refund. */
export function refundKeyFor(refundId: string): string {
  return `webstore:refund:${refundId}`;
}

export class RefundService {
  constructor(private readonly deps: RefundDependencies) {}

  async refund(
    admin: Actor,
    orderId: string,
    request: { amount?: number; reason?: string },
    idempotency: IdempotencyHandle | null,
    context: EventContext,
  ): Promise<RefundResult> {
    const order = await this.deps.orders.findVisibleTo(admin, orderId);
    if (order === null) throw new AppError('not_found');

    const resumedId =
      idempotency?.recoveryPoint === REFUND_RESERVED ? idempotency.resourceId : null;
    const refund = resumedId
      ? await this.deps.ledger.find(resumedId)
      : await this.reserve(admin, order, request, idempotency);
    if (refund === null) throw new Error(`resumed refund ${resumedId} is unknown`);

    const settled = await this.submit(refund, order);
    await this.deps.securityEvents.record('refund_created', context, {
      order_id: order.id,
      refund_id: refund.id,
      amount: refund.amount,
      currency: refund.currency,
      status: settled.status,
    });
    const fresh = await this.deps.orders.findForSystem(order.id);
    if (fresh === null) throw new Error(`order ${order.id} vanished during a refund`);
    return {
      refund: {
        id: refund.id,
        amount: { amount: refund.amount, currency: refund.currency },
        status: settled.status,
      },
      order: await this.deps.orders.view(fresh),
    };
  }

  /**
   * Asks Stripe for a reserved refund and settles it. Also the completer's entry point for
   * refunds whose request died before Stripe's answer was recorded.
   */
  async submit(refund: RefundRow, order: OrderRow): Promise<RefundRow> {
    if (refund.status !== 'pending') return refund;
    if (order.payment_intent_id === null)
      throw new Error(`paid order ${order.id} has no PaymentIntent`);

    let stripeRefund;
    try {
      stripeRefund = await this.deps.gateway.createRefund({
        paymentIntentId: order.payment_intent_id,
        amount: refund.amount,
        storeRefundId: refund.id,
        orderId: order.id,
        reason: refund.reason,
        idempotencyKey: refundKeyFor(refund.id),
      });
    } catch (error) {
      // A refusal is final: the reservation is given back. An unreachable Stripe is not: the
      // reservation stays until a retry learns the outcome with the same key.
      if (error instanceof PaymentProviderRefused) {
        await this.deps.ledger.settle(
          refund.id,
          `refused:${refund.id}`,
          'failed',
          this.deps.clock.now(),
        );
      }
      throw error;
    }

    this.deps.crashPoints.reach('refund.after_provider_refund');
    await this.deps.ledger.settle(
      refund.id,
      stripeRefund.id,
      stripeRefund.status,
      this.deps.clock.now(),
    );
    this.deps.logger.info(
      {
        order_id: order.id,
        refund_id: refund.id,
        stripe_refund_id: stripeRefund.id,
        status: stripeRefund.status,
      },
      'refund submitted',
    );
    return (await this.deps.ledger.find(refund.id)) ?? refund;
  }

  private async reserve(
    admin: Actor,
    order: OrderRow,
    request: { amount?: number; reason?: string },
    idempotency: IdempotencyHandle | null,
  ): Promise<RefundRow> {
    // A refunded order was paid: nothing remains of it (422), which is not the same as an order
    // that was never paid (409).
    if (!isRefundable(order.status) && order.status !== 'refunded') {
      throw new AppError('invalid_transition', {
        detail: `an order ${order.status} cannot be refunded`,
      });
    }
    const remaining = order.total_amount - order.refunded_amount - order.refund_pending_amount;
    const amount = request.amount ?? remaining;
    if (amount <= 0 || amount > remaining) {
      throw new AppError('refund_exceeds_captured', {
        detail: `at most ${Math.max(remaining, 0)} remains`,
      });
    }

    return this.deps.db.transaction().execute(async (trx) => {
      const refund = await this.deps.ledger.reserve(
        trx,
        {
          orderId: order.id,
          amount,
          currency: order.currency,
          reason: request.reason ?? null,
          requestedBy: admin.userId,
        },
        this.deps.clock.now(),
      );
      // The order moved since it was read (a concurrent refund took the room).
      if (refund === null) throw new AppError('refund_exceeds_captured');
      await idempotency?.checkpoint(trx, REFUND_RESERVED, refund.id);
      return refund;
    });
  }
}
