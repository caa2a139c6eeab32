/** Signed webhook deliveries made by a test, as Stripe would make them, with the SDK's own signer. */
import Stripe from 'stripe';
import { randomBase62 } from '../../src/shared/ids.js';
import { rememberSecret } from './secrets.js';

export interface EventShape {
  id?: string;
  type: string;
  livemode?: boolean;
  created?: number;
  object: Record<string, unknown>;
}

export function eventPayload(shape: EventShape): string {
  return JSON.stringify({
    id: shape.id ?? `evt_${randomBase62(24)}`,
    object: 'event',
    api_version: '2026-11-18.endive',
    created: shape.created ?? Math.floor(Date.now() / 1000),
    livemode: shape.livemode ?? false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: shape.type,
    data: { object: shape.object },
  });
}

export function signatureFor(
  payload: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
  rememberSecret('signature', header.split('v1=')[1]);
  return header;
}

export interface DeliveryOptions {
  secret?: string;
  timestamp?: number;
  /** Replaces the signature header entirely; an array sends the header once per value. */
  signature?: string | string[] | null;
  contentType?: string;
}

/** POSTs a payload to the store's webhook route with raw http, so headers go out exactly as given. */
/** Where to deliver: a store's URL, and the emulator whose secret signs by default. */
export interface WebhookTarget {
  url: string;
  emulator: { webhookSecret: string };
}

export async function deliver(
  store: WebhookTarget,
  payload: string | Buffer,
  options: DeliveryOptions = {},
) {
  const { request } = await import('node:http');
  const url = new URL('/webhooks/stripe', store.url);
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const signature =
    options.signature !== undefined
      ? options.signature
      : signatureFor(
          body.toString(),
          options.secret ?? store.emulator.webhookSecret,
          options.timestamp,
        );

  // An array value makes Node send the header once per value, as a duplicated header.
  const headers: Record<string, string | string[]> = {
    'content-type': options.contentType ?? 'application/json; charset=utf-8',
  };
  if (signature !== null) headers['stripe-signature'] = signature;
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
