/**
 * Signed webhook deliveries as Stripe makes them: a JSON event of realistic size (a charge
 * snapshot, about 1.3 KB) and its `Stripe-Signature` (`t=…,v1=` HMAC-SHA256 of `t.body`).
 * Every delivery of a run gets a fresh event id unless it is meant as a duplicate.
 *
 * The load generator shares two cores with the server it measures, so a delivery must cost it
 * next to nothing: the body is a template with the id spliced in, ids count up from a random
 * prefix, and the HMAC is node's own (the SDK's signer adds 50 µs a delivery, which capped the
 * generator below what the baselines can answer). The store verifies with the SDK, so a
 * signature made wrongly here would show up at once as failed deliveries.
 */
import { createHmac } from 'node:crypto';
import { randomBase62 } from '../src/shared/ids.js';

export interface SignedDelivery {
  body: string;
  signature: string;
}

/**
 * `charge.refunded` is a handled type whose effect is cheap and observable: with no
 * PaymentIntent on the charge, the processor finds no order, changes nothing, and marks the
 * event processed. Deliveries then cost what the inbox and the processor cost, not Stripe's.
 */
export const BENCH_EVENT_TYPE = 'charge.refunded';

const RUN_PREFIX = randomBase62(12);
let eventCount = 0;

/** Unique within this run and across runs; as long as Stripe's own ids. */
export function newEventId(): string {
  eventCount += 1;
  return `evt_${RUN_PREFIX}${String(eventCount).padStart(12, '0')}`;
}

const ID_MARK = 'evt_ID_MARK';
const [BODY_BEFORE_ID = '', BODY_AFTER_ID = ''] = bodyTemplate().split(ID_MARK);

export function eventBody(eventId: string): string {
  return BODY_BEFORE_ID + eventId + BODY_AFTER_ID;
}

export function signedDelivery(body: string, secret: string): SignedDelivery {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { body, signature: `t=${timestamp},v1=${signature}` };
}

export function newWebhookSecret(): string {
  return `whsec_test_${randomBase62(32)}`;
}

function bodyTemplate(): string {
  return JSON.stringify({
    id: ID_MARK,
    object: 'event',
    api_version: '2026-11-18.endive',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: `req_${randomBase62(14)}`, idempotency_key: null },
    type: BENCH_EVENT_TYPE,
    data: { object: chargeSnapshot() },
  });
}

function chargeSnapshot(): Record<string, unknown> {
  return {
    id: `ch_${randomBase62(24)}`,
    object: 'charge',
    amount: 4200,
    amount_captured: 4200,
    amount_refunded: 4200,
    balance_transaction: `txn_${randomBase62(24)}`,
    billing_details: { address: null, email: null, name: null, phone: null },
    captured: true,
    created: Math.floor(Date.now() / 1000) - 60,
    currency: 'usd',
    description: 'Webstore order',
    livemode: false,
    metadata: {},
    outcome: { network_status: 'approved_by_network', risk_level: 'normal', type: 'authorized' },
    paid: true,
    payment_intent: null,
    payment_method: `pm_${randomBase62(24)}`,
    payment_method_details: {
      card: { brand: 'visa', country: 'US', exp_month: 12, exp_year: 2034, last4: '4242' },
      type: 'card',
    },
    receipt_url: `https://pay.stripe.com/receipts/${randomBase62(40)}`,
    refunded: true,
    refunds: { object: 'list', data: [], has_more: false, total_count: 1 },
    status: 'succeeded',
  };
}
