import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertTransition,
  canTransition,
  statusAfterRefunds,
  statusesLeadingTo,
} from './order-states.js';

describe('order state machine', () => {
  it('should let a pending order be paid or canceled, and nothing else', () => {
    assert.deepEqual(statusesLeadingTo('paid'), ['pending_payment']);
    assert.deepEqual(statusesLeadingTo('canceled'), ['pending_payment']);
    assert.equal(canTransition('pending_payment', 'refunded'), false);
  });

  it('should never leave canceled or refunded', () => {
    for (const to of ['pending_payment', 'paid', 'partially_refunded', 'refunded'] as const) {
      assert.equal(canTransition('canceled', to), false);
      assert.equal(canTransition('refunded', to), false);
    }
  });

  it('should refuse a paid order going back to pending', () => {
    assert.throws(() => assertTransition('paid', 'pending_payment'), {
      code: 'invalid_transition',
    });
  });

  it('should derive the refund status from the refunded amount', () => {
    assert.equal(statusAfterRefunds(1000, 0), 'paid');
    assert.equal(statusAfterRefunds(1000, 1), 'partially_refunded');
    assert.equal(statusAfterRefunds(1000, 1000), 'refunded');
  });
});
