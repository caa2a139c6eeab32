/**
 * Stripe's webhook signature: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`, the
 * HMAC keyed with the whole endpoint secret (`whsec_…` included) over `<t>.<payload>`.
 * https://docs.stripe.com/webhooks#verify-manually
 */
import { createHmac } from 'node:crypto';

/** The `Stripe-Signature` header for `payload` signed at `timestamp` (Unix seconds). */
export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
  return `t=${timestamp},v1=${signature}`;
}
