import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { startWithReceiver } from './test-harness.js';

type Started = Awaited<ReturnType<typeof startWithReceiver>>;

describe('stripe emulator: payment intents', () => {
  let started: Started;
  let stripe: Stripe;

  before(async () => {
    started = await startWithReceiver();
    stripe = started.stripe;
  });
  after(() => started.close());

  const typesFor = async (objectId: string) => {
    await started.emulator.waitForDeliveries();
    return started.receiver.events
      .filter((event) => (event.data.object as { id: string }).id === objectId)
      .map((event) => event.type);
  };

  it('should create a PaymentIntent shaped as Stripe shapes it', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1999,
      currency: 'USD',
      description: 'Order ord_1',
      metadata: { order_id: 'ord_1' },
      automatic_payment_methods: { enabled: true },
    });
    assert.match(intent.id, /^pi_[0-9A-Za-z]{24}$/);
    assert.equal(intent.object, 'payment_intent');
    assert.equal(intent.status, 'requires_payment_method');
    assert.equal(intent.amount, 1999);
    assert.equal(intent.currency, 'usd');
    assert.equal(intent.livemode, false);
    assert.deepEqual(intent.metadata, { order_id: 'ord_1' });
    assert.deepEqual(intent.automatic_payment_methods, {
      enabled: true,
      allow_redirects: 'always',
    });
    assert.ok(intent.client_secret?.startsWith(`${intent.id}_secret_`));
    assert.equal(typeof intent.created, 'number');
    assert.deepEqual(await typesFor(intent.id), ['payment_intent.created']);
  });

  it('should succeed with pm_card_visa, with a charge and latest_charge', async () => {
    const created = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd' });
    const intent = await stripe.paymentIntents.confirm(created.id, {
      payment_method: 'pm_card_visa',
    });
    assert.equal(intent.status, 'succeeded');
    assert.equal(intent.amount_received, 2500);
    assert.match(String(intent.payment_method), /^pm_/);
    assert.match(String(intent.latest_charge), /^ch_/);

    const expanded = await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] });
    const charge = expanded.latest_charge as Stripe.Charge;
    assert.equal(charge.object, 'charge');
    assert.equal(charge.status, 'succeeded');
    assert.equal(charge.paid, true);
    assert.equal(charge.amount_captured, 2500);
    assert.equal(charge.payment_intent, intent.id);
    assert.equal(charge.payment_method_details?.card?.last4, '4242');

    assert.deepEqual(await typesFor(intent.id), [
      'payment_intent.created',
      'payment_intent.succeeded',
    ]);
    assert.deepEqual(await typesFor(charge.id), ['charge.succeeded']);
  });

  it('should decline pm_card_chargeDeclined: 402 card_error with the PaymentIntent', async () => {
    const created = await stripe.paymentIntents.create({ amount: 1200, currency: 'usd' });
    const error = await stripe.paymentIntents
      .confirm(created.id, { payment_method: 'pm_card_chargeDeclined' })
      .then(
        () => assert.fail('expected a decline'),
        (caught: unknown) => caught,
      );
    assert.ok(error instanceof Stripe.errors.StripeCardError);
    assert.equal(error.statusCode, 402);
    assert.equal(error.code, 'card_declined');
    assert.equal(error.decline_code, 'generic_decline');
    assert.equal(error.payment_intent?.id, created.id);
    assert.equal(error.payment_intent?.status, 'requires_payment_method');

    const intent = await stripe.paymentIntents.retrieve(created.id);
    assert.equal(intent.status, 'requires_payment_method');
    assert.equal(intent.last_payment_error?.code, 'card_declined');
    assert.equal(intent.amount_received, 0);
    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    assert.equal(charge.status, 'failed');
    assert.equal(charge.failure_code, 'card_declined');
    assert.deepEqual(await typesFor(created.id), [
      'payment_intent.created',
      'payment_intent.payment_failed',
    ]);

    const retried = await stripe.paymentIntents.confirm(created.id, {
      payment_method: 'pm_card_visa',
    });
    assert.equal(retried.status, 'succeeded');
    assert.equal(retried.last_payment_error, null);
  });

  it('should open a dispute after pm_card_createDispute succeeds', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 3000,
      currency: 'usd',
      payment_method: 'pm_card_createDispute',
      confirm: true,
    });
    assert.equal(intent.status, 'succeeded');
    await started.emulator.waitForDeliveries();
    const disputeEvent = started.receiver.events.find(
      (event) =>
        event.type === 'charge.dispute.created' &&
        (event.data.object as Stripe.Dispute).payment_intent === intent.id,
    );
    assert.ok(disputeEvent);
    const dispute = await stripe.disputes.retrieve((disputeEvent.data.object as Stripe.Dispute).id);
    assert.match(dispute.id, /^dp_/);
    assert.equal(dispute.charge, intent.latest_charge);
    assert.equal(dispute.amount, 3000);
    assert.equal(dispute.status, 'needs_response');
    assert.equal((await stripe.charges.retrieve(String(intent.latest_charge))).disputed, true);
  });

  it('should wait in requires_confirmation given a payment method but no confirm', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
    });
    assert.equal(intent.status, 'requires_confirmation');
    assert.equal((await stripe.paymentIntents.confirm(intent.id)).status, 'succeeded');
  });

  it('should demand a return_url when automatic payment methods allow redirects', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      automatic_payment_methods: { enabled: true },
    });
    await assert.rejects(
      stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' }),
      (error: unknown) =>
        error instanceof Stripe.errors.StripeInvalidRequestError && error.param === 'return_url',
    );
    const confirmed = await stripe.paymentIntents.confirm(intent.id, {
      payment_method: 'pm_card_visa',
      return_url: 'http://shop.test/return',
    });
    assert.equal(confirmed.status, 'succeeded');
  });

  it('should refuse to confirm without a payment method or from a final state', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    for (const attempt of [
      () => stripe.paymentIntents.confirm(intent.id),
      async () => {
        await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
        return stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
      },
    ]) {
      await assert.rejects(attempt(), (error: unknown) => {
        assert.ok(error instanceof Stripe.errors.StripeInvalidRequestError);
        assert.equal(error.code, 'payment_intent_unexpected_state');
        return true;
      });
    }
  });

  it('should update metadata, merging keys and removing emptied ones', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      metadata: { order_id: 'ord_2', note: 'x' },
    });
    const updated = await stripe.paymentIntents.update(intent.id, {
      metadata: { note: '', cart: 'c_1' },
    });
    assert.deepEqual(updated.metadata, { order_id: 'ord_2', cart: 'c_1' });
    assert.deepEqual((await stripe.paymentIntents.retrieve(intent.id)).metadata, updated.metadata);
  });

  it('should cancel from a cancelable state and refuse afterwards', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const canceled = await stripe.paymentIntents.cancel(intent.id, {
      cancellation_reason: 'requested_by_customer',
    });
    assert.equal(canceled.status, 'canceled');
    assert.equal(canceled.cancellation_reason, 'requested_by_customer');
    assert.equal(typeof canceled.canceled_at, 'number');
    assert.deepEqual(await typesFor(intent.id), [
      'payment_intent.created',
      'payment_intent.canceled',
    ]);

    for (const target of [intent.id, (await paid()).id]) {
      await assert.rejects(stripe.paymentIntents.cancel(target), (error: unknown) => {
        assert.ok(error instanceof Stripe.errors.StripeInvalidRequestError);
        assert.equal(error.code, 'payment_intent_unexpected_state');
        return true;
      });
    }
  });

  it('should list newest first with limit, starting_after, ending_before and created', async () => {
    const fresh = await startWithReceiver();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        ids.push(
          (await fresh.stripe.paymentIntents.create({ amount: 1000 + i, currency: 'usd' })).id,
        );
      }
      const newestFirst = [...ids].reverse();
      const first = await fresh.stripe.paymentIntents.list({ limit: 2 });
      assert.deepEqual(
        first.data.map((intent) => intent.id),
        newestFirst.slice(0, 2),
      );
      assert.equal(first.has_more, true);
      assert.equal(first.url, '/v1/payment_intents');

      const second = await fresh.stripe.paymentIntents.list({
        limit: 2,
        starting_after: newestFirst[1],
      });
      assert.deepEqual(
        second.data.map((intent) => intent.id),
        newestFirst.slice(2, 4),
      );
      const last = await fresh.stripe.paymentIntents.list({
        limit: 2,
        starting_after: newestFirst[3],
      });
      assert.deepEqual(
        last.data.map((intent) => intent.id),
        newestFirst.slice(4),
      );
      assert.equal(last.has_more, false);

      const before = await fresh.stripe.paymentIntents.list({
        limit: 2,
        ending_before: newestFirst[4],
      });
      assert.deepEqual(
        before.data.map((intent) => intent.id),
        newestFirst.slice(2, 4),
      );

      const all: string[] = [];
      for await (const intent of fresh.stripe.paymentIntents.list({ limit: 2 }))
        all.push(intent.id);
      assert.deepEqual(all, newestFirst);

      const now = Math.floor(Date.now() / 1000);
      assert.equal(
        (await fresh.stripe.paymentIntents.list({ created: { gte: now - 60 } })).data.length,
        5,
      );
      assert.equal(
        (await fresh.stripe.paymentIntents.list({ created: { gt: now + 60 } })).data.length,
        0,
      );
      await assert.rejects(fresh.stripe.paymentIntents.list({ limit: 101 }), /between 1 and 100/);
      await assert.rejects(
        fresh.stripe.paymentIntents.list({ starting_after: 'pi_nope' }),
        (error: unknown) =>
          error instanceof Stripe.errors.StripeInvalidRequestError &&
          error.code === 'resource_missing',
      );
    } finally {
      await fresh.close();
    }
  });

  it('should list charges by payment_intent', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd' });
    await assert.rejects(
      stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }),
    );
    await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    const charges = await stripe.charges.list({ payment_intent: intent.id });
    assert.deepEqual(
      charges.data.map((charge) => charge.status),
      ['succeeded', 'failed'],
    );
  });

  async function paid() {
    return stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
  }
});
