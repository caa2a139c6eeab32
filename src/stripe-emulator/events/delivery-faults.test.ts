import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeliveryFaults } from './delivery-faults.js';

describe('delivery faults', () => {
  it('should plan plain deliveries due now when nothing is armed', () => {
    const { plan, completedGroup } = new DeliveryFaults().plan(1000);
    assert.deepEqual(plan, { state: 'pending', dueAt: 1000, duplicate: false, holdGroup: null });
    assert.equal(completedGroup, null);
  });

  it('should consume each armed fault once per delivery', () => {
    const faults = new DeliveryFaults();
    faults.duplicateNext(1);
    faults.delayNext(2, 500);
    assert.deepEqual(faults.plan(0).plan, {
      state: 'pending',
      dueAt: 500,
      duplicate: true,
      holdGroup: null,
    });
    assert.deepEqual(faults.plan(0).plan, {
      state: 'pending',
      dueAt: 500,
      duplicate: false,
      holdGroup: null,
    });
    assert.deepEqual(faults.plan(0).plan.dueAt, 0);
  });

  it('should drop without consuming other faults', () => {
    const faults = new DeliveryFaults();
    faults.dropNext(1);
    faults.duplicateNext(1);
    assert.equal(faults.plan(0).plan.state, 'dropped');
    assert.equal(faults.plan(0).plan.duplicate, true);
  });

  it('should hold a reorder group and name it once full', () => {
    const faults = new DeliveryFaults();
    faults.reorderNext(2);
    const first = faults.plan(0);
    const second = faults.plan(0);
    assert.equal(first.plan.state, 'held');
    assert.equal(first.completedGroup, null);
    assert.equal(second.completedGroup, first.plan.holdGroup);
    assert.equal(faults.plan(0).plan.state, 'pending');
  });

  it('should refuse negative or fractional counts', () => {
    assert.throws(() => new DeliveryFaults().dropNext(-1), RangeError);
    assert.throws(() => new DeliveryFaults().delayNext(1, 1.5), RangeError);
  });
});
