/**
 * The event types the store acts on; every other verified event is recorded as ignored and
 * answered 200, so Stripe stops sending it.
 */
export const HANDLED_EVENT_TYPES = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.processing',
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'charge.refunded',
  'charge.refund.updated',
  'refund.created',
  'refund.updated',
  'charge.dispute.created',
] as const;

const HANDLED: ReadonlySet<string> = new Set(HANDLED_EVENT_TYPES);

export function isHandledType(type: string): boolean {
  return HANDLED.has(type);
}
