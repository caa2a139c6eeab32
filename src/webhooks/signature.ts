/**
 * Verifying `Stripe-Signature` (`t=<unix>,v1=<hex>[,v1=…]`) over the raw request bytes.
 *
 * The header is first read strictly here (exactly one header, one timestamp, at least one v1
 * signature), since the SDK's own parser quietly takes the last of several timestamps. The
 * HMAC is then checked by the official SDK against every configured secret, so a secret can be
 * rolled by configuring old and new side by side. The timestamp is checked in both directions:
 * the SDK checks only age, and a timestamp far in the future would stay "fresh" for as long
 * as it pleases. The SDK's verification error is never kept: it carries the header and the
 * whole payload.
 * https://docs.stripe.com/webhooks#verify-manually
 */
import Stripe from 'stripe';

export type SignatureFailure =
  | 'missing_header'
  | 'duplicate_header'
  | 'malformed_header'
  | 'no_v1_signature'
  | 'no_matching_signature';

export type SignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; code: 'signature_invalid'; reason: SignatureFailure }
  | { ok: false; code: 'signature_expired'; skewSeconds: number };

export interface SignatureInput {
  rawBody: Buffer;
  /** Every value of the header as received, in order; more than one is refused. */
  headerValues: string[];
  secrets: readonly string[];
  toleranceSeconds: number;
  nowSeconds: number;
}

const HEADER_PART = /^([a-z0-9]+)=([^,=\s]+)$/;

/** Enough for a timestamp and a few signatures; a longer header is refused unread. */
const MAX_HEADER_LENGTH = 2048;

const sdkSignature = signatureHelper();

function signatureHelper(): NonNullable<typeof Stripe.webhooks.signature> {
  const helper = Stripe.webhooks.signature;
  if (helper === null) throw new Error('the Stripe SDK provides no webhook signature helper');
  return helper;
}

export function checkStripeSignature(input: SignatureInput): SignatureCheck {
  const [header, ...others] = input.headerValues;
  if (header === undefined) return invalid('missing_header');
  if (others.length > 0) return invalid('duplicate_header');

  const parsed = parseHeader(header);
  if (parsed === null) return invalid('malformed_header');
  if (!parsed.hasV1) return invalid('no_v1_signature');

  const matched = input.secrets.some((secret) => sdkVerifies(input.rawBody, header, secret));
  if (!matched) return invalid('no_matching_signature');

  const skewSeconds = input.nowSeconds - parsed.timestamp;
  if (Math.abs(skewSeconds) > input.toleranceSeconds) {
    return { ok: false, code: 'signature_expired', skewSeconds };
  }
  return { ok: true, timestamp: parsed.timestamp };
}

/** One `t`, an integer; every part `key=value`; whether there is a v1 signature. */
function parseHeader(header: string): { timestamp: number; hasV1: boolean } | null {
  if (header.length > MAX_HEADER_LENGTH) return null;
  let timestamp: number | null = null;
  let hasV1 = false;
  for (const part of header.split(',')) {
    const [, key, value] = HEADER_PART.exec(part) ?? [];
    if (key === undefined || value === undefined) return null;
    if (key === 't') {
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      hasV1 = true;
    }
  }
  return timestamp === null ? null : { timestamp, hasV1 };
}

/** The SDK's HMAC check alone (tolerance 0 switches its age check off; ours is two-sided). */
function sdkVerifies(rawBody: Buffer, header: string, secret: string): boolean {
  try {
    return sdkSignature.verifyHeader(rawBody, header, secret, 0);
  } catch {
    return false;
  }
}

function invalid(reason: SignatureFailure): SignatureCheck {
  return { ok: false, code: 'signature_invalid', reason };
}
