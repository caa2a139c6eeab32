/**
 * What an action knows of the request that caused it, for the `request` field of the events it
 * emits. Actions taken on a hosted page, like Stripe's own Checkout, have no API request.
 */

/** The Stripe API version this emulator speaks: the one the bundled SDK pins. */
export const API_VERSION = '2026-11-18.endive';

export interface RequestContext {
  requestId: string | null;
  idempotencyKey: string | null;
}

/** The context of an action taken by a person on a hosted page. */
export const PAGE_CONTEXT: RequestContext = { requestId: null, idempotencyKey: null };

/** Stripe's timestamps: whole seconds since the Unix epoch. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
