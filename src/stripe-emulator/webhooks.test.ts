import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import Stripe from 'stripe';
import { FAST_DELIVERY, paidIntent, startWithReceiver } from './test-harness.js';

type Started = Awaited<ReturnType<typeof startWithReceiver>>;

describe('stripe emulator: webhook delivery', () => {
  let started: Started | null = null;
  afterEach(async () => {
    await started?.close();
    started = null;
  });

  it("should sign each delivery with Stripe's scheme, verifiable by the SDK", async () => {
    started = await startWithReceiver();
    const intent = await started.stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    await started.emulator.waitForDeliveries();

    const [delivery] = started.receiver.deliveries;
    assert.ok(delivery);
    assert.equal(delivery.event?.type, 'payment_intent.created');
    assert.equal((delivery.event?.data.object as Stripe.PaymentIntent).id, intent.id);
    assert.match(String(delivery.headers['content-type']), /^application\/json/);

    const header = String(delivery.headers['stripe-signature']);
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    assert.ok(match);
    const expected = createHmac('sha256', started.emulator.webhookSecret)
      .update(`${match[1]}.${delivery.body}`)
      .digest('hex');
    assert.equal(match[2], expected);
    assert.ok(Math.abs(Number(match[1]) - Date.now() / 1000) < 5);
    assert.throws(() =>
      new Stripe('sk_test_x').webhooks.constructEvent(delivery.body, header, 'whsec_test_wrong'),
    );
  });

  it('should generate a whsec_test_ secret and a pk_test_ key of base62 characters', async () => {
    started = await startWithReceiver();
    assert.match(started.emulator.webhookSecret, /^whsec_test_[0-9A-Za-z]+$/);
    assert.match(started.emulator.publishableKey, /^pk_test_[0-9A-Za-z_]+$/);
  });

  it('should retry with backoff until the endpoint answers 2xx', async () => {
    started = await startWithReceiver();
    started.receiver.respond = (index) => (index < 2 ? 503 : 200);
    const intent = await started.stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    await started.emulator.waitForDeliveries();

    const attempts = started.emulator.deliveryAttempts();
    assert.deepEqual(
      attempts.map((attempt) => [attempt.status, attempt.ok]),
      [
        [503, false],
        [503, false],
        [200, true],
      ],
    );
    const gaps = attempts.slice(1).map((attempt, i) => attempt.at - (attempts[i]?.at ?? 0));
    assert.ok(gaps[0] !== undefined && gaps[0] >= FAST_DELIVERY.initialDelayMs - 5);
    assert.ok(gaps[1] !== undefined && gaps[1] >= 2 * FAST_DELIVERY.initialDelayMs - 5);
    const [event] = (await started.stripe.events.list({ delivery_success: true })).data;
    assert.equal((event?.data.object as Stripe.PaymentIntent).id, intent.id);
  });

  it('should give up after the last attempt and report the event undelivered', async () => {
    started = await startWithReceiver();
    started.receiver.respond = () => 500;
    await started.stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    await started.emulator.waitForDeliveries();
    assert.equal(started.emulator.deliveryAttempts().length, FAST_DELIVERY.maxAttempts);
    assert.equal((await started.stripe.events.list({ delivery_success: false })).data.length, 1);
  });

  it('should count a refused connection as a failed attempt, with no status', async () => {
    started = await startWithReceiver();
    const url = started.receiver.url;
    await started.receiver.close();
    await started.stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    await started.emulator.waitForDeliveries();
    const attempts = started.emulator.deliveryAttempts();
    assert.equal(attempts.length, FAST_DELIVERY.maxAttempts);
    assert.ok(attempts.every((attempt) => attempt.status === null && !attempt.ok));
    assert.ok(url.startsWith('http://127.0.0.1:'));
  });

  it('should deliver other events while one keeps failing', async () => {
    started = await startWithReceiver({ delivery: { ...FAST_DELIVERY, maxAttempts: 6 } });
    started.receiver.respond = (_index, event) => (event?.type === 'charge.succeeded' ? 500 : 200);
    await paidIntent(started.stripe);
    await started.stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    await started.emulator.waitForDeliveries();

    const delivered = started.emulator
      .deliveryAttempts()
      .filter((attempt) => attempt.ok)
      .map((attempt) => attempt.type);
    assert.deepEqual(delivered.sort(), [
      'payment_intent.created',
      'payment_intent.created',
      'payment_intent.succeeded',
    ]);
    const failed = started.emulator.deliveryAttempts().filter((attempt) => !attempt.ok);
    assert.equal(failed.length, 6);
    assert.ok(failed.every((attempt) => attempt.type === 'charge.succeeded'));
  });

  it('should count an endpoint slower than the timeout as a failure, and retry', async () => {
    started = await startWithReceiver({ delivery: { ...FAST_DELIVERY, timeoutMs: 100 } });
    started.receiver.delayMs = (index) => (index === 0 ? 300 : 0);
    await started.stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    await started.emulator.waitForDeliveries();
    const attempts = started.emulator.deliveryAttempts();
    assert.deepEqual(
      attempts.map((attempt) => [attempt.status, attempt.ok]),
      [
        [null, false],
        [200, true],
      ],
    );
  });
});
