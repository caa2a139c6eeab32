/**
 * The bundled Stripe emulator: a small, stateful Stripe for development and tests, reached by the
 * official SDK through its `host`, `port` and `protocol` options. It speaks the part of Stripe's
 * API the store uses, signs and delivers webhooks, serves hosted test payment pages, and can be
 * told to misbehave. No real money moves. See README.md beside this file.
 */
export { startStripeEmulator, type StripeEmulator } from './emulator.js';
export type { StripeEmulatorOptions } from './options.js';
export type { StripeEmulatorFaults } from './faults/controls.js';
export type { DeliveryAttempt } from './events/delivery-queue.js';
export type { SettlementOutcome } from './resources/async-payments.js';
export { runStripeEmulatorCommand } from './command.js';
