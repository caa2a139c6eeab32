import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { paidIntent, startWithReceiver } from './test-harness.js';

type Started = Awaited<ReturnType<typeof startWithReceiver>>;

describe('stripe emulator: events API', () => {
  let started: Started;
  let stripe: Stripe;
  let paid: Stripe.PaymentIntent;

  before(async () => {
    started = await startWithReceiver();
    stripe = started.stripe;
    await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    paid = await paidIntent(stripe, 2000);
    await stripe.refunds.create({ payment_intent: paid.id, amount: 500 });
    await started.emulator.waitForDeliveries();
  });
  after(() => started.close());

  const typesOf = (list: Stripe.ApiList<Stripe.Event>) => list.data.map((event) => event.type);

  it('should list every event newest first', async () => {
    const list = await stripe.events.list();
    assert.deepEqual(typesOf(list), [
      'charge.refunded',
      'refund.created',
      'payment_intent.succeeded',
      'charge.succeeded',
      'payment_intent.created',
      'payment_intent.created',
    ]);
    assert.equal(list.url, '/v1/events');
  });

  it('should filter by type, a trailing wildcard, and types[]', async () => {
    assert.deepEqual(typesOf(await stripe.events.list({ type: 'payment_intent.created' })), [
      'payment_intent.created',
      'payment_intent.created',
    ]);
    assert.deepEqual(typesOf(await stripe.events.list({ type: 'charge.*' })), [
      'charge.refunded',
      'charge.succeeded',
    ]);
    assert.deepEqual(
      typesOf(await stripe.events.list({ types: ['refund.created', 'charge.succeeded'] })),
      ['refund.created', 'charge.succeeded'],
    );
    await assert.rejects(
      stripe.events.list({ type: 'charge.succeeded', types: ['refund.created'] }),
      Stripe.errors.StripeInvalidRequestError,
    );
  });

  it('should filter by created, as a range or an exact second', async () => {
    const newest = (await stripe.events.list({ limit: 1 })).data[0];
    assert.ok(newest);
    const exact = await stripe.events.list({ created: newest.created });
    assert.ok(exact.data.length >= 1);
    assert.ok(exact.data.every((event) => event.created === newest.created));
    assert.equal((await stripe.events.list({ created: { gt: newest.created } })).data.length, 0);
    assert.equal((await stripe.events.list({ created: { lte: newest.created } })).data.length, 6);
  });

  it('should filter by delivery_success', async () => {
    assert.equal((await stripe.events.list({ delivery_success: true })).data.length, 6);
    assert.equal((await stripe.events.list({ delivery_success: false })).data.length, 0);

    started.receiver.respond = () => 500;
    const failing = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    await started.emulator.waitForDeliveries();
    started.receiver.respond = () => 200;
    const undelivered = await stripe.events.list({ delivery_success: false });
    assert.deepEqual(
      undelivered.data.map((event) => (event.data.object as Stripe.PaymentIntent).id),
      [failing.id],
    );
    assert.equal(undelivered.data[0]?.pending_webhooks, 0);
  });

  it('should paginate with starting_after and ending_before', async () => {
    const all = (await stripe.events.list({ limit: 100 })).data.map((event) => event.id);
    const page = await stripe.events.list({ limit: 2, starting_after: all[1] });
    assert.deepEqual(
      page.data.map((event) => event.id),
      all.slice(2, 4),
    );
    assert.equal(page.has_more, true);
    const back = await stripe.events.list({ limit: 2, ending_before: all[3] });
    assert.deepEqual(
      back.data.map((event) => event.id),
      all.slice(1, 3),
    );
  });

  it('should shape events as Stripe does, with a snapshot and the causing request', async () => {
    const { lastResponse, ...intent } = await stripe.paymentIntents.create(
      { amount: 1000, currency: 'usd', metadata: { order_id: 'ord_evt' } },
      { idempotencyKey: 'evt-key-1' },
    );
    await stripe.paymentIntents.update(intent.id, { metadata: { order_id: 'ord_changed' } });
    const [event] = (await stripe.events.list({ type: 'payment_intent.created', limit: 1 })).data;
    assert.ok(event);
    const retrieved = await stripe.events.retrieve(event.id);
    assert.match(retrieved.id, /^evt_/);
    assert.equal(retrieved.object, 'event');
    assert.equal(retrieved.api_version, '2026-11-18.endive');
    assert.equal(retrieved.livemode, false);
    assert.deepEqual(retrieved.request, {
      id: lastResponse.requestId,
      idempotency_key: 'evt-key-1',
    });
    const snapshot = retrieved.data.object as Stripe.PaymentIntent;
    assert.equal(snapshot.id, intent.id);
    assert.deepEqual(snapshot.metadata, { order_id: 'ord_evt' });
    await assert.rejects(
      stripe.events.retrieve('evt_missing'),
      (error: unknown) =>
        error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404,
    );
  });

  it('should record events but deliver none while no webhook URL is set', async () => {
    started.emulator.setWebhookUrl(null);
    const before = started.receiver.deliveries.length;
    const quiet = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const [event] = (await stripe.events.list({ limit: 1 })).data;
    assert.equal((event?.data.object as Stripe.PaymentIntent).id, quiet.id);
    assert.equal(event?.pending_webhooks, 0);
    await started.emulator.waitForDeliveries();
    assert.equal(started.receiver.deliveries.length, before);
    started.emulator.setWebhookUrl(started.receiver.url);
  });
});
