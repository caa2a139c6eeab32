import assert from 'node:assert/strict';
import { after, afterEach, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.js';
import {
  addProduct,
  idempotencyKey,
  signUp,
  signUpAdmin,
  type SignedInUser,
} from '../../test/support/fixtures.js';
import {
  checkoutOne,
  confirmPayment,
  settleWebhooks,
  stripeFor,
} from '../../test/support/payments.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';

describeEachDatabase('refunds', (kind) => {
  let store: TestStore;
  let admin: SignedInUser;
  before(async () => {
    store = await startTestStore(kind);
    admin = await signUpAdmin(store);
  });
  after(() => store.close());
  afterEach(() => store.emulator.faults.reset());

  async function paidOrder(amount = 10_000) {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin, { amount });
    const { order, payment } = await checkoutOne(store, customer, product.id);
    await confirmPayment(store.emulator, payment.payment_intent_id);
    await settleWebhooks(store);
    return { customer, order, paymentIntentId: payment.payment_intent_id as string };
  }

  const refund = (
    orderId: string,
    body: object = {},
    key = idempotencyKey(),
    token = admin.token,
  ) =>
    store.api.post(`/api/v1/admin/orders/${orderId}/refunds`, { token, idempotencyKey: key, body });

  it('should refund part, then the rest, and say what remains', async () => {
    const { order, paymentIntentId } = await paidOrder(10_000);
    const part = await refund(order.id, { amount: 2_500, reason: 'requested_by_customer' });
    assert.equal(part.status, 201, part.text);
    assert.match(part.body.refund.id, /^ref_/);
    assert.deepEqual(part.body.refund.amount, { amount: 2_500, currency: 'usd' });
    assert.equal(part.body.refund.status, 'succeeded');
    assert.equal(part.body.order.status, 'partially_refunded');
    assert.deepEqual(part.body.order.refunded_amount, { amount: 2_500, currency: 'usd' });

    const rest = await refund(order.id);
    assert.equal(rest.status, 201);
    assert.equal(rest.body.refund.amount.amount, 7_500);
    assert.equal(rest.body.order.status, 'refunded');

    const atStripe = await stripeFor(store.emulator).refunds.list({
      payment_intent: paymentIntentId,
    });
    assert.equal(
      atStripe.data.reduce((sum, r) => sum + r.amount, 0),
      10_000,
    );
    const events = await store.ctx.securityEvents.list({ limit: 10, type: 'refund_created' });
    assert.ok(
      events.data.some(
        (e) => e.detail.refund_id === part.body.refund.id && e.actor_id === admin.id,
      ),
    );

    const listed = await store.api.get(`/api/v1/admin/orders/${order.id}/refunds`, {
      token: admin.token,
    });
    assert.deepEqual(
      listed.body.data.map((r: any) => [r.id, r.amount.amount, r.status, r.origin, r.requested_by]),
      [
        [part.body.refund.id, 2_500, 'succeeded', 'store', admin.id],
        [rest.body.refund.id, 7_500, 'succeeded', 'store', admin.id],
      ],
    );
  });

  it('should refuse more than remains, and an unpaid order', async () => {
    const { order } = await paidOrder(1_000);
    const tooMuch = await refund(order.id, { amount: 1_001 });
    assert.equal(tooMuch.status, 422);
    assert.equal(tooMuch.body.code, 'refund_exceeds_captured');

    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin);
    const { order: unpaid } = await checkoutOne(store, customer, product.id);
    const early = await refund(unpaid.id);
    assert.equal(early.status, 409);
    assert.equal(early.body.code, 'invalid_transition');
  });

  it('should never refund more than was captured, however many admins click at once', async () => {
    const { order, paymentIntentId } = await paidOrder(9_000);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => refund(order.id, { amount: 3_000 })),
    );
    const statuses = answers.map((a) => a.status).sort();
    assert.equal(statuses.filter((s) => s === 201).length, 3, JSON.stringify(statuses));
    assert.ok(
      answers
        .filter((a) => a.status !== 201)
        .every((a) => a.body.code === 'refund_exceeds_captured'),
    );

    const atStripe = await stripeFor(store.emulator).refunds.list({
      payment_intent: paymentIntentId,
    });
    assert.equal(
      atStripe.data.reduce((sum, r) => sum + r.amount, 0),
      9_000,
    );
    const now = await store.api.get(`/api/v1/orders/${order.id}`, { token: admin.token });
    assert.equal(now.body.refunded_amount.amount, 9_000);
    assert.equal(now.body.status, 'refunded');
  });

  it('should refund once when the request dies after Stripe refunded, and is retried', async () => {
    const { order, paymentIntentId } = await paidOrder(5_000);
    const key = idempotencyKey();
    store.crashPoints.arm('refund.after_provider_refund');
    const crashed = await refund(order.id, { amount: 2_000 }, key);
    assert.equal(crashed.status, 500);

    const retried = await refund(order.id, { amount: 2_000 }, key);
    assert.equal(retried.status, 201, retried.text);
    assert.equal(retried.body.order.refunded_amount.amount, 2_000);
    const atStripe = await stripeFor(store.emulator).refunds.list({
      payment_intent: paymentIntentId,
    });
    assert.equal(atStripe.data.length, 1);
    assert.equal(atStripe.data[0]?.metadata?.refund_id, retried.body.refund.id);
  });

  it('should hold a refund whose answer was lost, and complete it once Stripe answers', async () => {
    const { order, paymentIntentId } = await paidOrder(5_000);
    store.emulator.faults.failNextApiCalls(3);
    const failed = await refund(order.id, { amount: 1_000 });
    assert.equal(failed.status, 502);
    let now = (await store.api.get(`/api/v1/orders/${order.id}`, { token: admin.token })).body;
    assert.equal(now.refunded_amount.amount, 0);
    // The reservation stands: only 4,000 may still be refunded.
    assert.equal((await refund(order.id, { amount: 4_001 })).status, 422);

    const [pending] = await store.ctx.ledger.unanswered(Date.now() + 1, 10);
    assert.ok(pending);
    const order_ = await store.ctx.orders.findForSystem(order.id);
    assert.ok(order_);
    await store.ctx.refunds.submit(pending, order_);
    now = (await store.api.get(`/api/v1/orders/${order.id}`, { token: admin.token })).body;
    assert.equal(now.refunded_amount.amount, 1_000);
    const atStripe = await stripeFor(store.emulator).refunds.list({
      payment_intent: paymentIntentId,
    });
    assert.equal(atStripe.data.length, 1);
  });

  it('should reflect a refund made in Stripe’s dashboard, and record it', async () => {
    const { order, paymentIntentId } = await paidOrder(6_000);
    const external = await stripeFor(store.emulator).refunds.create({
      payment_intent: paymentIntentId,
      amount: 1_500,
    });
    await settleWebhooks(store);
    const now = (await store.api.get(`/api/v1/orders/${order.id}`, { token: admin.token })).body;
    assert.equal(now.refunded_amount.amount, 1_500);
    assert.equal(now.status, 'partially_refunded');
    const events = await store.ctx.securityEvents.list({ limit: 10, type: 'refund_external' });
    assert.ok(events.data.some((e) => e.detail.stripe_refund_id === external.id));
    const listed = await store.api.get(`/api/v1/admin/orders/${order.id}/refunds`, {
      token: admin.token,
    });
    assert.deepEqual(
      listed.body.data.map((r: any) => [r.origin, r.stripe_refund_id]),
      [['external', external.id]],
    );
    // Seen again (a second event, a refresh), it is not counted twice.
    await store.api.post(`/api/v1/orders/${order.id}/refresh-payment`, {
      token: (await signUp(store.api)).token,
    });
    const order_ = await store.ctx.orders.findForSystem(order.id);
    assert.ok(order_);
    await store.ctx.reconciler.reconcile(order_);
    assert.equal((await store.ctx.orders.findForSystem(order.id))?.refunded_amount, 1_500);
  });

  it('should let only admins refund, and only with an Idempotency-Key', async () => {
    const { order, customer } = await paidOrder(2_000);
    assert.equal((await refund(order.id, {}, idempotencyKey(), customer.token)).status, 403);
    const noKey = await store.api.post(`/api/v1/admin/orders/${order.id}/refunds`, {
      token: admin.token,
      body: {},
    });
    assert.equal(noKey.status, 400);
    assert.equal(noKey.body.code, 'idempotency_key_invalid');
    for (const body of [
      { amount: 0 },
      { amount: -5 },
      { amount: 10.5 },
      { amount: '100' },
      { reason: 'because' },
      { status: 'refunded' },
    ]) {
      const response = await refund(order.id, body);
      assert.equal(response.status, 400, JSON.stringify(body));
    }
    assert.equal((await refund('ord_0000000000000000000000')).status, 404);
  });
});
