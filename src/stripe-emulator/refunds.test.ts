import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { paidIntent, startWithReceiver } from './test-harness.js';

type Started = Awaited<ReturnType<typeof startWithReceiver>>;

describe('stripe emulator: refunds', () => {
  let started: Started;
  let stripe: Stripe;

  before(async () => {
    started = await startWithReceiver();
    stripe = started.stripe;
  });
  after(() => started.close());

  const rejectsWith = (promise: Promise<unknown>, code: string | undefined, param?: string) =>
    assert.rejects(promise, (error: unknown) => {
      assert.ok(error instanceof Stripe.errors.StripeInvalidRequestError);
      assert.equal(error.statusCode, 400);
      assert.equal(error.code, code);
      if (param !== undefined) assert.equal(error.param, param);
      return true;
    });

  it('should refund the whole remaining amount by default', async () => {
    const intent = await paidIntent(stripe, 2000);
    const refund = await stripe.refunds.create({
      payment_intent: intent.id,
      reason: 'requested_by_customer',
      metadata: { order_id: 'ord_9' },
    });
    assert.match(refund.id, /^re_/);
    assert.equal(refund.object, 'refund');
    assert.equal(refund.amount, 2000);
    assert.equal(refund.status, 'succeeded');
    assert.equal(refund.payment_intent, intent.id);
    assert.equal(refund.charge, intent.latest_charge);
    assert.equal(refund.reason, 'requested_by_customer');
    assert.deepEqual(refund.metadata, { order_id: 'ord_9' });

    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    assert.equal(charge.amount_refunded, 2000);
    assert.equal(charge.refunded, true);
  });

  it('should refund in parts and refuse more than remains', async () => {
    const intent = await paidIntent(stripe, 2000);
    await stripe.refunds.create({ payment_intent: intent.id, amount: 500 });
    await rejectsWith(
      stripe.refunds.create({ payment_intent: intent.id, amount: 1600 }),
      'amount_too_large',
      'amount',
    );
    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    assert.equal(charge.amount_refunded, 500);
    assert.equal(charge.refunded, false);

    await stripe.refunds.create({ charge: charge.id });
    const after = await stripe.charges.retrieve(charge.id);
    assert.equal(after.amount_refunded, 2000);
    assert.equal(after.refunded, true);
    await rejectsWith(
      stripe.refunds.create({ payment_intent: intent.id }),
      'charge_already_refunded',
    );
  });

  it('should emit refund.created and charge.refunded with the previous attributes', async () => {
    const intent = await paidIntent(stripe, 3000);
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 1000 });
    await started.emulator.waitForDeliveries();
    const created = started.receiver.events.find(
      (event) =>
        event.type === 'refund.created' && (event.data.object as Stripe.Refund).id === refund.id,
    );
    assert.ok(created);
    const refunded = started.receiver.events.find(
      (event) =>
        event.type === 'charge.refunded' &&
        (event.data.object as Stripe.Charge).id === intent.latest_charge,
    );
    assert.ok(refunded);
    assert.equal((refunded.data.object as Stripe.Charge).amount_refunded, 1000);
    assert.deepEqual(refunded.data.previous_attributes, { amount_refunded: 0, refunded: false });
  });

  it('should refuse to refund what has not succeeded or is disputed', async () => {
    const unpaid = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    await rejectsWith(
      stripe.refunds.create({ payment_intent: unpaid.id }),
      'payment_intent_unexpected_state',
    );
    await rejectsWith(stripe.refunds.create({}), 'parameter_missing');
    const disputed = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_createDispute',
      confirm: true,
    });
    await rejectsWith(stripe.refunds.create({ payment_intent: disputed.id }), 'charge_disputed');
    await assert.rejects(
      stripe.refunds.create({ payment_intent: 'pi_nothing' }),
      (error: unknown) =>
        error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404,
    );
  });

  it('should retrieve, update and list refunds by payment_intent', async () => {
    const intent = await paidIntent(stripe, 4000);
    const first = await stripe.refunds.create({ payment_intent: intent.id, amount: 1000 });
    const second = await stripe.refunds.create({ payment_intent: intent.id, amount: 1500 });
    assert.equal((await stripe.refunds.retrieve(first.id)).amount, 1000);

    const listed = await stripe.refunds.list({ payment_intent: intent.id });
    assert.deepEqual(
      listed.data.map((refund) => refund.id),
      [second.id, first.id],
    );
    assert.equal(listed.url, '/v1/refunds');

    const updated = await stripe.refunds.update(first.id, { metadata: { note: 'late' } });
    assert.deepEqual(updated.metadata, { note: 'late' });
    await started.emulator.waitForDeliveries();
    const event = started.receiver.events.find(
      (candidate) =>
        candidate.type === 'refund.updated' &&
        (candidate.data.object as Stripe.Refund).id === first.id,
    );
    assert.deepEqual(event?.data.previous_attributes, { metadata: {} });
  });
});
