import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Stripe from 'stripe';
import { TEST_KEY, sdkFor, startWithReceiver } from './test-harness.js';

type Started = Awaited<ReturnType<typeof startWithReceiver>>;

describe('stripe emulator: fault injection', () => {
  let started: Started;
  let stripe: Stripe;

  beforeEach(async () => {
    started = await startWithReceiver();
    stripe = started.stripe;
  });
  afterEach(() => started.close());

  const createIntent = (tag: string) =>
    stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: { tag } });
  const receivedTags = () =>
    started.receiver.events.map(
      (event) => (event.data.object as Stripe.PaymentIntent).metadata.tag,
    );
  const control = (path: string, body = '', key = TEST_KEY) =>
    fetch(`${started.emulator.url}/_emulator${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
    });

  it('should deliver the next events twice when told to duplicate them', async () => {
    started.emulator.faults.duplicateNextDeliveries(1);
    await createIntent('a');
    await createIntent('b');
    await started.emulator.waitForDeliveries();
    // The copy goes out after the original, not necessarily before later events.
    assert.deepEqual(receivedTags().sort(), ['a', 'a', 'b']);
    const copies = started.receiver.events.filter(
      (event) => (event.data.object as Stripe.PaymentIntent).metadata.tag === 'a',
    );
    assert.equal(copies[0]?.id, copies[1]?.id);
  });

  it('should send the next events late when told to delay them', async () => {
    started.emulator.faults.delayNextDeliveries(1, 300);
    const before = Date.now();
    await createIntent('late');
    await createIntent('on-time');
    await started.emulator.waitForDeliveries();
    assert.deepEqual(receivedTags(), ['on-time', 'late']);
    const late = started.emulator
      .deliveryAttempts()
      .find((attempt) => attempt.ok && attempt.at - before >= 300);
    assert.ok(late);
  });

  it('should hold the next events and send them in reverse when told to reorder', async () => {
    started.emulator.faults.reorderNextDeliveries(3);
    await createIntent('1');
    await createIntent('2');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(started.receiver.deliveries.length, 0);
    await createIntent('3');
    await started.emulator.waitForDeliveries();
    assert.deepEqual(receivedTags(), ['3', '2', '1']);
  });

  it('should release held events on demand when fewer came than were held for', async () => {
    started.emulator.faults.reorderNextDeliveries(5);
    await createIntent('1');
    await createIntent('2');
    await assert.rejects(
      started.emulator.waitForDeliveries(100),
      /2 webhook deliveries still outstanding/,
    );
    started.emulator.faults.releaseHeldDeliveries();
    await started.emulator.waitForDeliveries();
    assert.deepEqual(receivedTags(), ['2', '1']);
  });

  it('should never send dropped events, which stay listable as undelivered', async () => {
    started.emulator.faults.dropNextDeliveries(1);
    const dropped = await createIntent('dropped');
    await createIntent('kept');
    await started.emulator.waitForDeliveries();
    assert.deepEqual(receivedTags(), ['kept']);
    const undelivered = await stripe.events.list({ delivery_success: false });
    assert.deepEqual(
      undelivered.data.map((event) => (event.data.object as Stripe.PaymentIntent).id),
      [dropped.id],
    );
  });

  it('should fail the next API calls with a 500 api_error, doing nothing', async () => {
    started.emulator.faults.failNextApiCalls(2);
    for (let i = 0; i < 2; i += 1) {
      await assert.rejects(createIntent('failed'), (error: unknown) => {
        assert.ok(error instanceof Stripe.errors.StripeAPIError);
        assert.equal(error.statusCode, 500);
        assert.equal(error.rawType, 'api_error');
        return true;
      });
    }
    await createIntent('ok');
    const tags = (await stripe.paymentIntents.list()).data.map((intent) => intent.metadata.tag);
    assert.deepEqual(tags, ['ok']);
  });

  it('should hang the next API call past the client timeout after doing the work', async () => {
    started.emulator.faults.hangNextApiCalls(1);
    const impatient = sdkFor(started.emulator, TEST_KEY, { timeout: 200 });
    const params = { amount: 1000, currency: 'usd', metadata: { tag: 'hung' } };
    await assert.rejects(
      impatient.paymentIntents.create(params, { idempotencyKey: 'hang-1' }),
      Stripe.errors.StripeConnectionError,
    );
    // The work was done: a retry with the same key gets the saved response.
    const replayed = await stripe.paymentIntents.create(params, { idempotencyKey: 'hang-1' });
    const listed = (await stripe.paymentIntents.list()).data;
    assert.deepEqual(
      listed.map((intent) => intent.id),
      [replayed.id],
    );
  });

  it('should hold a hung response for the given time', async () => {
    started.emulator.faults.hangNextApiCalls(1, 300);
    const started_ = Date.now();
    await createIntent('slow');
    assert.ok(Date.now() - started_ >= 290);
  });

  it('should disarm every fault on reset', async () => {
    started.emulator.faults.dropNextDeliveries(5);
    started.emulator.faults.failNextApiCalls(5);
    started.emulator.faults.reset();
    await createIntent('after-reset');
    await started.emulator.waitForDeliveries();
    assert.deepEqual(receivedTags(), ['after-reset']);
  });

  it('should offer the faults as control routes behind the API key rule', async () => {
    assert.equal((await control('/faults/deliveries/drop', 'count=1', 'pk_test_nope')).status, 401);
    assert.equal((await control('/faults/deliveries/drop', 'count=1')).status, 200);
    await createIntent('dropped');
    assert.equal((await control('/faults/api/fail', 'count=1')).status, 200);
    await assert.rejects(createIntent('failed'), Stripe.errors.StripeAPIError);
    assert.equal((await control('/faults/api/fail', 'count=-1')).status, 400);
    await createIntent('kept');

    assert.equal((await control('/deliveries/wait', 'timeout_ms=2000')).status, 200);
    const attempts = await fetch(`${started.emulator.url}/_emulator/delivery_attempts`, {
      headers: { authorization: `Bearer ${TEST_KEY}` },
    });
    const body = (await attempts.json()) as { data: { type: string; ok: boolean }[] };
    assert.deepEqual(
      body.data.map((attempt) => [attempt.type, attempt.ok]),
      [['payment_intent.created', true]],
    );
    assert.deepEqual(receivedTags(), ['kept']);

    assert.equal((await control('/webhook_url', 'url=not-a-url')).status, 400);
    assert.equal((await control('/webhook_url', 'url=')).status, 200);
    await createIntent('unsent');
    assert.equal((await control('/deliveries/wait', 'timeout_ms=500')).status, 200);
    assert.deepEqual(receivedTags(), ['kept']);
  });
});
