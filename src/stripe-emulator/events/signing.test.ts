import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { signatureHeader } from './signing.js';

describe('webhook signatures', () => {
  const stripe = new Stripe('sk_test_signing');
  const secret = 'whsec_test_signing';
  const payload = JSON.stringify({
    id: 'evt_1',
    object: 'event',
    type: 'payment_intent.succeeded',
  });

  it('should match the header the SDK generates for the same payload, secret and time', () => {
    const timestamp = 1_700_000_000;
    const expected = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
    assert.equal(signatureHeader(payload, secret, timestamp), expected);
  });

  it('should verify with constructEvent and fail with another secret or body', () => {
    const header = signatureHeader(payload, secret, Math.floor(Date.now() / 1000));
    assert.equal(stripe.webhooks.constructEvent(payload, header, secret).id, 'evt_1');
    assert.throws(() => stripe.webhooks.constructEvent(payload, header, 'whsec_test_other'));
    assert.throws(() => stripe.webhooks.constructEvent(`${payload} `, header, secret));
  });
});
