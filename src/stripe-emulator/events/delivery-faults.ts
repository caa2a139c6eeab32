/**
 * Faults armed by tests for the next webhook deliveries: duplicate, delay, reorder, drop. Each
 * new delivery consumes one unit of every armed fault (a dropped one consumes only the drop), so
 * `duplicateNextDeliveries(2)` doubles exactly the next two events.
 *
 * Armed faults live in memory: a restart disarms them, while the deliveries they already shaped
 * keep their shape in the database.
 */
import { randomBase62 } from '../../shared/ids.js';
import type { DeliveryPlan } from './delivery-queue.js';

export interface PlannedDelivery {
  plan: DeliveryPlan;
  /** A reorder group that this delivery filled; its deliveries go out now, last first. */
  completedGroup: string | null;
}

interface ReorderGroup {
  id: string;
  size: number;
  held: number;
}

export class DeliveryFaults {
  private duplicates = 0;
  private drops = 0;
  private delays = 0;
  private delayMs = 0;
  private reorder: ReorderGroup | null = null;

  duplicateNext(count: number): void {
    this.duplicates = checkedCount(count);
  }

  delayNext(count: number, delayMs: number): void {
    this.delays = checkedCount(count);
    this.delayMs = checkedCount(delayMs);
  }

  dropNext(count: number): void {
    this.drops = checkedCount(count);
  }

  /** Holds the next `count` deliveries back, then sends them in reverse order. */
  reorderNext(count: number): void {
    const size = checkedCount(count);
    this.reorder = size === 0 ? null : { id: randomBase62(12), size, held: 0 };
  }

  reset(): void {
    this.duplicates = 0;
    this.drops = 0;
    this.delays = 0;
    this.reorder = null;
  }

  /** How the next delivery starts, at `now` (milliseconds). */
  plan(now: number): PlannedDelivery {
    const plan: DeliveryPlan = { state: 'pending', dueAt: now, duplicate: false, holdGroup: null };
    if (this.drops > 0) {
      this.drops -= 1;
      return { plan: { ...plan, state: 'dropped' }, completedGroup: null };
    }
    if (this.delays > 0) {
      this.delays -= 1;
      plan.dueAt = now + this.delayMs;
    }
    if (this.duplicates > 0) {
      this.duplicates -= 1;
      plan.duplicate = true;
    }
    return { plan, completedGroup: this.hold(plan) };
  }

  private hold(plan: DeliveryPlan): string | null {
    const group = this.reorder;
    if (group === null) return null;
    plan.state = 'held';
    plan.holdGroup = group.id;
    group.held += 1;
    if (group.held < group.size) return null;
    this.reorder = null;
    return group.id;
  }
}

/** A count or duration from a test: a whole number, not negative. */
export function checkedCount(value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`expected a whole number of at least 0, got ${value}`);
  }
  return value;
}
