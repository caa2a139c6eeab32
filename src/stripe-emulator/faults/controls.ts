/**
 * The fault controls a test holds: the same operations as the `/_emulator/…` routes, for tests
 * that run the emulator in-process.
 */
import type { DeliveryDispatcher } from '../events/dispatcher.js';
import type { DeliveryFaults } from '../events/delivery-faults.js';
import { settleAsyncPayments, type SettlementOutcome } from '../resources/async-payments.js';
import type { ResourceDeps } from '../resources/deps.js';
import type { Db } from '../store/database.js';
import type { ApiFaults } from './api-faults.js';

export interface StripeEmulatorFaults {
  /** Sends each of the next `count` events twice. */
  duplicateNextDeliveries(count: number): void;
  /** Sends the next `count` events `delayMs` late (each delivery independently). */
  delayNextDeliveries(count: number, delayMs: number): void;
  /** Holds the next `count` events back, then sends them in reverse order, one after another. */
  reorderNextDeliveries(count: number): void;
  /** Never sends the next `count` events; they stay listable with `delivery_success=false`. */
  dropNextDeliveries(count: number): void;
  /** Sends whatever reordering still holds back (when fewer events came than were asked for). */
  releaseHeldDeliveries(): void;
  /** Answers the next `count` API calls with a 500 `api_error`, before doing anything. */
  failNextApiCalls(count: number): void;
  /** Runs the next `count` API calls, then holds each answer `holdMs` or until the client goes. */
  hangNextApiCalls(count: number, holdMs?: number): void;
  /** Settles processing bank debits (all, or one PaymentIntent); returns the ids settled. */
  settleAsyncPayments(outcome: SettlementOutcome, paymentIntentId?: string): string[];
  /** Disarms every fault. */
  reset(): void;
}

export function createFaultControls(
  db: Db,
  deps: ResourceDeps,
  deliveryFaults: DeliveryFaults,
  apiFaults: ApiFaults,
  dispatcher: DeliveryDispatcher,
): StripeEmulatorFaults {
  return {
    duplicateNextDeliveries: (count) => deliveryFaults.duplicateNext(count),
    delayNextDeliveries: (count, delayMs) => deliveryFaults.delayNext(count, delayMs),
    reorderNextDeliveries: (count) => deliveryFaults.reorderNext(count),
    dropNextDeliveries: (count) => deliveryFaults.dropNext(count),
    releaseHeldDeliveries: () => dispatcher.releaseHeld(null),
    failNextApiCalls: (count) => apiFaults.failNext(count),
    hangNextApiCalls: (count, holdMs) => apiFaults.hangNext(count, holdMs),
    settleAsyncPayments: (outcome, paymentIntentId) =>
      db.transaction(() => settleAsyncPayments(deps, outcome, paymentIntentId))(),
    reset: () => {
      deliveryFaults.reset();
      apiFaults.reset();
    },
  };
}
