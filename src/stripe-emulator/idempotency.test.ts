import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import type { StripeEmulator } from './emulator.js';
import { TEST_KEY, sdkFor, startTestEmulator } from './test-harness.js';

describe('stripe emulator: idempotent requests', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;

  before(async () => {
    emulator = await startTestEmulator();
    stripe = sdkFor(emulator);
  });
  after(() => emulator.close());

  const post = (path: string, body: string, key: string, apiKey = TEST_KEY) =>
    fetch(`${emulator.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/x-www-form-urlencoded',
        'idempotency-key': key,
      },
      body,
    });

  it('should replay the first response for the same key and parameters', async () => {
    const first = await post(
      '/v1/payment_intents',
      'amount=1000&currency=usd&metadata[o]=1',
      'k-replay',
    );
    const second = await post(
      '/v1/payment_intents',
      'metadata[o]=1&currency=usd&amount=1000',
      'k-replay',
    );
    const [a, b] = [
      (await first.json()) as { id: string },
      (await second.json()) as { id: string },
    ];
    assert.equal(second.status, 200);
    assert.equal(b.id, a.id);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(second.headers.get('original-request'), first.headers.get('request-id'));
    const list = await stripe.paymentIntents.list({ limit: 100 });
    assert.equal(list.data.filter((intent) => intent.metadata.o === '1').length, 1);
  });

  it('should answer idempotency_error to the same key with other parameters or path', async () => {
    await stripe.paymentIntents.create(
      { amount: 1000, currency: 'usd' },
      { idempotencyKey: 'k-other' },
    );
    await assert.rejects(
      stripe.paymentIntents.create(
        { amount: 2000, currency: 'usd' },
        { idempotencyKey: 'k-other' },
      ),
      (error: unknown) => {
        assert.ok(error instanceof Stripe.errors.StripeIdempotencyError);
        assert.equal(error.statusCode, 400);
        assert.equal(error.type, 'StripeIdempotencyError');
        return true;
      },
    );
    await assert.rejects(
      stripe.refunds.create({ payment_intent: 'pi_x' }, { idempotencyKey: 'k-other' }),
      Stripe.errors.StripeIdempotencyError,
    );
  });

  it('should answer 409 while the first request with the key is still running', async () => {
    emulator.faults.hangNextApiCalls(1, 400);
    const first = post('/v1/payment_intents', 'amount=1000&currency=usd', 'k-concurrent');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await post('/v1/payment_intents', 'amount=1000&currency=usd', 'k-concurrent');
    assert.equal(second.status, 409);
    const body = (await second.json()) as { error: { type: string; code: string } };
    assert.equal(body.error.type, 'invalid_request_error');
    assert.equal(body.error.code, 'idempotency_key_in_use');

    const firstResponse = await first;
    assert.equal(firstResponse.status, 200);
    const third = await post('/v1/payment_intents', 'amount=1000&currency=usd', 'k-concurrent');
    assert.equal(third.headers.get('idempotent-replayed'), 'true');
    assert.equal(
      ((await third.json()) as { id: string }).id,
      ((await firstResponse.json()) as { id: string }).id,
    );
  });

  it('should scope keys to the API key', async () => {
    const one = await post(
      '/v1/payment_intents',
      'amount=1000&currency=usd',
      'k-scope',
      'sk_test_one',
    );
    const two = await post(
      '/v1/payment_intents',
      'amount=1000&currency=usd',
      'k-scope',
      'sk_test_two',
    );
    assert.equal(two.headers.get('idempotent-replayed'), null);
    assert.notEqual(
      ((await one.json()) as { id: string }).id,
      ((await two.json()) as { id: string }).id,
    );
  });

  it('should save nothing when the parameters fail validation', async () => {
    const bad = await post('/v1/payment_intents', 'amount=10&currency=usd', 'k-validation');
    assert.equal(bad.status, 400);
    const good = await post('/v1/payment_intents', 'amount=1000&currency=usd', 'k-validation');
    assert.equal(good.status, 200);
    assert.equal(good.headers.get('idempotent-replayed'), null);
  });

  it('should replay a decline without charging again', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const body = 'payment_method=pm_card_chargeDeclined';
    const first = await post(`/v1/payment_intents/${intent.id}/confirm`, body, 'k-decline');
    const second = await post(`/v1/payment_intents/${intent.id}/confirm`, body, 'k-decline');
    assert.equal(first.status, 402);
    assert.equal(second.status, 402);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await second.json(), await first.json());
    assert.equal((await stripe.charges.list({ payment_intent: intent.id })).data.length, 1);
  });

  it('should let the SDK retry an injected 500 with its own key, running once', async () => {
    emulator.faults.failNextApiCalls(1);
    const retrying = sdkFor(emulator, TEST_KEY, { maxNetworkRetries: 2 });
    const intent = await retrying.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      metadata: { run: 'retry' },
    });
    assert.equal(intent.status, 'requires_payment_method');
    const list = await stripe.paymentIntents.list({ limit: 100 });
    assert.equal(list.data.filter((candidate) => candidate.metadata.run === 'retry').length, 1);
  });

  it('should refuse keys longer than 255 characters', async () => {
    const response = await post('/v1/payment_intents', 'amount=1000&currency=usd', 'k'.repeat(256));
    assert.equal(response.status, 400);
  });
});
