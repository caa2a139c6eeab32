/**
 * The official Stripe SDK, configured once: the pinned API version, the API host (Stripe, or
 * the bundled emulator through the SDK's own host/port/protocol options), a timeout far below
 * the SDK's 80 s default so a hanging provider fails a checkout in seconds, and network retries.
 */
import Stripe from 'stripe';
import type { StripeApiBase } from '../../config/stripe-settings.js';

/** The API version this store is written against; the SDK's own pin, stated here on purpose. */
export const STRIPE_API_VERSION = '2026-11-18.endive';

export interface StripeClientOptions {
  secretKey: string;
  apiBase: StripeApiBase | null;
  timeoutMs?: number;
  maxNetworkRetries?: number;
}

export function createStripeClient(options: StripeClientOptions): Stripe {
  const base = options.apiBase;
  return new Stripe(options.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    ...(base ? { host: base.host, port: base.port, protocol: base.protocol } : {}),
    timeout: options.timeoutMs ?? 10_000,
    // Retries are safe because every POST carries a key derived from the store's own ids.
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    telemetry: false,
    appInfo: { name: 'webstore' },
  });
}
