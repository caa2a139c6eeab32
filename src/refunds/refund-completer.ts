/**
 * The completer for refunds whose request died (or lost Stripe's reply) after the amount was
 * reserved: asks Stripe again with the refund's own idempotency key, which either creates the
 * refund now or returns the one made before, and settles it. Never a second refund.
 */
import type { AppContext } from '../app-context.js';

/** Refunds younger than this may still be in their own request; they are left alone. */
const GRACE_MS = 2 * 60_000;

export async function completeUnansweredRefunds(ctx: AppContext): Promise<number> {
  const unanswered = await ctx.ledger.unanswered(ctx.clock.now() - GRACE_MS, 20);
  let completed = 0;
  for (const refund of unanswered) {
    const order = await ctx.orders.findForSystem(refund.order_id);
    if (order === null) continue;
    try {
      const settled = await ctx.refunds.submit(refund, order);
      if (settled.status !== 'pending') completed += 1;
    } catch (err) {
      ctx.logger.warn({ err, refund_id: refund.id, order_id: order.id }, 'refund still unanswered');
    }
  }
  return completed;
}
