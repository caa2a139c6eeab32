import assert from 'node:assert/strict';
import { after, afterEach, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.js';
import { addProduct, signUp, signUpAdmin, type SignedInUser } from '../../test/support/fixtures.js';
import {
  checkoutOne,
  confirmPayment,
  payOnCheckoutPage,
  settleWebhooks,
  stripeFor,
} from '../../test/support/payments.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';

describeEachDatabase('the payment reconciler, from what Stripe says', (kind) => {
  let store: TestStore;
  let admin: SignedInUser;
  before(async () => {
    store = await startTestStore(kind);
    admin = await signUpAdmin(store);
  });
  after(() => store.close());
  afterEach(() => store.emulator.faults.reset());

  const db = () => store.ctx.database.db;
  const stockOf = async (id: string) => (await store.api.get(`/api/v1/products/${id}`)).body.stock;
  const mismatches = async (orderId: string) =>
    (await store.ctx.securityEvents.list({ limit: 100, type: 'payment_mismatch' })).data
      .filter((e) => e.detail.order_id === orderId)
      .map((e) => e.detail.reason);

  async function pending(flow: 'payment_intent' | 'checkout_session' = 'payment_intent') {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin, { stock: 3 });
    const placed = await checkoutOne(store, customer, product.id, { flow });
    return { customer, productId: product.id, order: placed.order, payment: placed.payment };
  }

  it('should cancel an order whose PaymentIntent Stripe cancelled, and release its stock', async () => {
    const { order, payment, productId } = await pending();
    await stripeFor(store.emulator).paymentIntents.cancel(payment.payment_intent_id);
    await settleWebhooks(store);
    const row = await store.ctx.orders.findForSystem(order.id);
    assert.deepEqual([row?.status, row?.cancel_reason], ['canceled', 'payment_canceled']);
    assert.equal(await stockOf(productId), 3);
  });

  it('should cancel an order whose Checkout Session expired, and release its stock', async () => {
    const { order, payment, productId } = await pending('checkout_session');
    await stripeFor(store.emulator).checkout.sessions.expire(payment.checkout_session_id);
    await settleWebhooks(store);
    const row = await store.ctx.orders.findForSystem(order.id);
    assert.deepEqual([row?.status, row?.cancel_reason], ['canceled', 'session_expired']);
    assert.equal(await stockOf(productId), 3);
  });

  it('should not confirm a session whose amount no longer matches the order', async () => {
    const { order, payment } = await pending('checkout_session');
    await db().updateTable('orders').set({ total_amount: 1 }).where('id', '=', order.id).execute();
    await payOnCheckoutPage(payment.url);
    await settleWebhooks(store);
    assert.equal((await store.ctx.orders.findForSystem(order.id))?.status, 'pending_payment');
    assert.ok((await mismatches(order.id)).includes('amount_mismatch'));
  });

  it('should not confirm a session that now points at another PaymentIntent', async () => {
    const { order, payment } = await pending('checkout_session');
    await db()
      .updateTable('orders')
      .set({ payment_intent_id: 'pi_other' })
      .where('id', '=', order.id)
      .execute();
    await payOnCheckoutPage(payment.url);
    await settleWebhooks(store);
    assert.equal((await store.ctx.orders.findForSystem(order.id))?.status, 'pending_payment');
    assert.ok((await mismatches(order.id)).includes('session_payment_intent_changed'));
  });

  it('should raise the alarm when a cancelled session order is paid after all', async () => {
    const { order, payment } = await pending('checkout_session');
    await db()
      .updateTable('orders')
      .set({ status: 'canceled' })
      .where('id', '=', order.id)
      .execute();
    await payOnCheckoutPage(payment.url);
    await settleWebhooks(store);
    assert.equal((await store.ctx.orders.findForSystem(order.id))?.status, 'canceled');
    assert.deepEqual(await mismatches(order.id), ['paid_after_cancel']);
  });

  it('should not alarm about a cancelled order whose payment never went through', async () => {
    const { order } = await pending();
    await db()
      .updateTable('orders')
      .set({ status: 'canceled' })
      .where('id', '=', order.id)
      .execute();
    const row = await store.ctx.orders.findForSystem(order.id);
    assert.ok(row);
    await store.ctx.reconciler.reconcile(row);
    assert.deepEqual(await mismatches(order.id), []);
  });

  it('should record the confirmation it makes, with what it checked', async () => {
    const { order, payment } = await pending();
    await confirmPayment(store.emulator, payment.payment_intent_id);
    await settleWebhooks(store);
    const events = (await store.ctx.securityEvents.list({ limit: 100, type: 'payment_confirmed' }))
      .data;
    assert.deepEqual(
      events.filter((e) => e.detail.order_id === order.id).map((e) => e.detail),
      [
        {
          order_id: order.id,
          payment_intent_id: payment.payment_intent_id,
          amount: 1500,
          currency: 'usd',
        },
      ],
    );
  });

  it('should show a payment Stripe is still processing, and a session not yet paid', async () => {
    const { customer, order, payment } = await pending('checkout_session');
    const before = await store.api.post(`/api/v1/orders/${order.id}/refresh-payment`, {
      token: customer.token,
    });
    assert.deepEqual([before.status, before.body.status], [200, 'pending_payment']);

    await payOnCheckoutPage(payment.url, { bankDebit: true });
    await settleWebhooks(store);
    const row = await store.ctx.orders.findForSystem(order.id);
    assert.deepEqual([row?.status, row?.payment_status], ['pending_payment', 'processing']);
  });

  it('should count a store refund Stripe made, when only its event tells the store', async () => {
    const { order, payment } = await pending();
    await confirmPayment(store.emulator, payment.payment_intent_id);
    await settleWebhooks(store);
    // The refund request dies right after Stripe refunded; then Stripe's events arrive.
    store.crashPoints.arm('refund.after_provider_refund');
    const refund = await store.api.post(`/api/v1/admin/orders/${order.id}/refunds`, {
      token: admin.token,
      idempotencyKey: `key-${order.id}`,
      body: { amount: 500 },
    });
    assert.equal(refund.status, 500);
    await settleWebhooks(store);

    const row = await store.ctx.orders.findForSystem(order.id);
    assert.deepEqual(
      [row?.refunded_amount, row?.refund_pending_amount, row?.status],
      [500, 0, 'partially_refunded'],
    );
    const refunds = await store.ctx.ledger.listForOrder(order.id);
    assert.deepEqual(
      refunds.map((r) => [r.origin, r.status]),
      [['store', 'succeeded']],
    );
  });

  it('should say in the log which order and payment did not match, and why', async () => {
    const { order, payment } = await pending();
    await db().updateTable('orders').set({ total_amount: 7 }).where('id', '=', order.id).execute();
    await confirmPayment(store.emulator, payment.payment_intent_id);
    await settleWebhooks(store);
    const logged = store.logs
      .entries('payment does not match order')
      .find((e) => e.order_id === order.id);
    assert.deepEqual(
      [logged?.payment_intent_id, logged?.reason],
      [payment.payment_intent_id, 'amount_mismatch'],
    );
  });

  it('should leave a cancelled order that never had a payment as it is', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin);
    await store.api.put(`/api/v1/cart/items/${product.id}`, {
      token: customer.token,
      body: { quantity: 1 },
    });
    store.emulator.faults.failNextApiCalls(3);
    const failed = await store.api.post('/api/v1/checkout', {
      token: customer.token,
      idempotencyKey: `k-${product.id}`,
      body: {},
    });
    assert.equal(failed.status, 502);
    const [row] = await db()
      .selectFrom('orders')
      .selectAll()
      .where('user_id', '=', customer.id)
      .execute();
    assert.ok(row);
    const after = await store.ctx.reconciler.reconcile(row);
    assert.deepEqual([after.status, after.payment_intent_id], ['canceled', null]);
  });

  it('should record a dispute once, however often it is seen', async () => {
    const { order, payment } = await pending();
    await confirmPayment(store.emulator, payment.payment_intent_id, 'pm_card_createDispute');
    await settleWebhooks(store);
    const disputes = await stripeFor(store.emulator).disputes.list({
      payment_intent: payment.payment_intent_id,
    });
    const disputeId = disputes.data[0]?.id ?? '';
    await store.ctx.reconciler.recordDispute(disputeId);
    await store.ctx.reconciler.recordDispute(disputeId);
    const events = (await store.ctx.securityEvents.list({ limit: 100, type: 'dispute_created' }))
      .data;
    assert.equal(events.filter((e) => e.detail.order_id === order.id).length, 1);
  });

  it('should not attach a dispute larger than the order or in another currency', async () => {
    // The dispute Stripe reports stays as it is; the order is changed under it instead.
    const tamperings = [{ total_amount: 1 }, { currency: 'eur' }];
    for (const tampering of tamperings) {
      const { order, payment } = await pending();
      await confirmPayment(store.emulator, payment.payment_intent_id, 'pm_card_createDispute');
      await settleWebhooks(store);
      await db()
        .updateTable('orders')
        .set({ ...tampering, dispute_status: null })
        .where('id', '=', order.id)
        .execute();
      const disputes = await stripeFor(store.emulator).disputes.list({
        payment_intent: payment.payment_intent_id,
      });
      await store.ctx.reconciler.recordDispute(disputes.data[0]?.id ?? '');
      const message = JSON.stringify(tampering);
      assert.equal((await store.ctx.orders.findForSystem(order.id))?.dispute_status, null, message);
      assert.ok((await mismatches(order.id)).includes('dispute_amount_mismatch'), message);
    }
  });

  it('should leave alone a dispute on a payment that is no order of this store', async () => {
    const stripe = stripeFor(store.emulator);
    const intent = await stripe.paymentIntents.create({
      amount: 700,
      currency: 'usd',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_createDispute' });
    const disputes = await stripe.disputes.list({ payment_intent: intent.id });
    const disputeId = disputes.data[0]?.id ?? '';
    assert.equal(await store.ctx.reconciler.recordDispute(disputeId), null);
    const logged = store.logs.entries('dispute on a payment of no known order');
    assert.ok(logged.some((entry) => entry.dispute_id === disputeId));
  });

  it('should not settle another order’s refund through a refund naming it at Stripe', async () => {
    const first = await pending();
    await confirmPayment(store.emulator, first.payment.payment_intent_id);
    const second = await pending();
    await confirmPayment(store.emulator, second.payment.payment_intent_id);
    await settleWebhooks(store);
    const refunded = await store.api.post(`/api/v1/admin/orders/${first.order.id}/refunds`, {
      token: admin.token,
      idempotencyKey: `key-${first.order.id}`,
      body: { amount: 300 },
    });
    assert.equal(refunded.status, 201, refunded.text);

    // Made at Stripe on the second order's payment, claiming to be the first order's refund.
    const crafted = await stripeFor(store.emulator).refunds.create({
      payment_intent: second.payment.payment_intent_id,
      amount: 200,
      metadata: { refund_id: refunded.body.refund.id },
    });
    await settleWebhooks(store);

    const firstRefunds = await store.ctx.ledger.listForOrder(first.order.id);
    assert.deepEqual(
      firstRefunds.map((r) => [r.amount, r.stripe_refund_id === crafted.id]),
      [[300, false]],
    );
    const secondRefunds = await store.ctx.ledger.listForOrder(second.order.id);
    assert.deepEqual(
      secondRefunds.map((r) => [r.origin, r.amount, r.stripe_refund_id]),
      [['external', 200, crafted.id]],
    );
  });
});
