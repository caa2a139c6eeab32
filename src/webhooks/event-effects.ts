/**
 * What each handled event type does. Every effect starts by finding the order the event points
 * at and then hands it to the payment reconciler, which reads the truth from Stripe; the event
 * itself is never trusted for a status, an amount or an owner.
 */
import type { AppContext } from '../app-context.js';
import type { OrderRow } from '../orders/order-store.js';
import type { WebhookEventRow } from './inbox.js';

export type EffectContext = Pick<AppContext, 'orders' | 'reconciler' | 'gateway' | 'logger'>;

export async function applyEventEffect(ctx: EffectContext, event: WebhookEventRow): Promise<void> {
  if (event.type === 'charge.dispute.created') {
    if (event.object_id !== null) await ctx.reconciler.recordDispute(event.object_id);
    return;
  }

  const order = await orderFor(ctx, event);
  if (order === null) {
    // Not every payment on the account is the store's (and a forged pointer leads nowhere).
    ctx.logger.info(
      { event_id: event.event_id, type: event.type },
      'event names no order of this store',
    );
    return;
  }
  await ctx.reconciler.reconcile(order);
}

async function orderFor(ctx: EffectContext, event: WebhookEventRow): Promise<OrderRow | null> {
  if (event.type.startsWith('checkout.session.')) {
    return event.object_id ? ctx.orders.findByCheckoutSessionForSystem(event.object_id) : null;
  }

  const intentId = event.payment_intent_id;
  if (intentId === null) return null;
  const stored = await ctx.orders.findByPaymentIntentForSystem(intentId);
  if (stored !== null) return stored;

  // In the Checkout Session flow the PaymentIntent is stored on the order only once confirmed;
  // until then the PaymentIntent's own metadata, read from Stripe, names the order. The
  // reconciler then checks the whole binding through the session.
  if (!event.type.startsWith('payment_intent.')) return null;
  const intent = await ctx.gateway.retrievePaymentIntent(intentId);
  return intent.orderId ? ctx.orders.findForSystem(intent.orderId) : null;
}
