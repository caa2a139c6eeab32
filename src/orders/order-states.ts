/**
 * The order's state machine, in one table. A change not listed here is refused with 409
 * `invalid_transition`, and every stored change is a conditional update on the current status,
 * so two processes racing to move one order cannot both succeed.
 *
 *   pending_payment ──▶ paid ──▶ partially_refunded ──▶ refunded
 *          │                └───────────────────────────▲
 *          └──▶ canceled
 */
import type { OrderStatus } from '../db/schema.js';
import { AppError } from '../http/errors.js';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'pending_payment',
  'paid',
  'partially_refunded',
  'refunded',
  'canceled',
];

const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['paid', 'canceled'],
  paid: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  refunded: [],
  canceled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The states from which `to` may be reached; the WHERE clause of a guarded update. */
export function statusesLeadingTo(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => canTransition(from, to));
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new AppError('invalid_transition', { detail: `an order ${from} cannot become ${to}` });
  }
}

/** Orders that hold captured money, and so may be refunded. */
export function isRefundable(status: OrderStatus): boolean {
  return canTransition(status, 'refunded');
}

/** The status that follows from how much of the total has been refunded. */
export function statusAfterRefunds(totalAmount: number, refundedAmount: number): OrderStatus {
  if (refundedAmount <= 0) return 'paid';
  return refundedAmount >= totalAmount ? 'refunded' : 'partially_refunded';
}
