import assert from 'node:assert/strict';
import { after, afterEach, before, it } from 'node:test';
import { ManualClock } from '../shared/clock.js';
import { describeEachDatabase } from '../../test/support/databases.js';
import { addProduct, signUp, signUpAdmin, type SignedInUser } from '../../test/support/fixtures.js';
import {
  checkoutOne,
  confirmPayment,
  settleWebhooks,
  stripeFor,
} from '../../test/support/payments.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';

describeEachDatabase('orders', (kind) => {
  let store: TestStore;
  let admin: SignedInUser;
  const clock = new ManualClock();
  before(async () => {
    store = await startTestStore(kind, {
      clock,
      // Sessions outlive the clock jumps this suite makes.
      env: {
        ORDER_PAYMENT_TIMEOUT_MINUTES: '60',
        SESSION_IDLE_MINUTES: '600',
        SESSION_MAX_HOURS: '48',
      },
    });
    admin = await signUpAdmin(store);
  });
  after(() => store.close());
  afterEach(() => store.emulator.faults.reset());

  const stockOf = async (id: string) => (await store.api.get(`/api/v1/products/${id}`)).body.stock;

  it('should let the owner cancel a pending order: stock back, PaymentIntent cancelled', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin, { stock: 4 });
    const { order, payment } = await checkoutOne(store, customer, product.id, { quantity: 3 });
    assert.equal(await stockOf(product.id), 1);

    const canceled = await store.api.post(`/api/v1/orders/${order.id}/cancel`, {
      token: customer.token,
    });
    assert.equal(canceled.status, 200);
    assert.equal(canceled.body.status, 'canceled');
    assert.ok(canceled.body.canceled_at);
    assert.equal(await stockOf(product.id), 4);
    const intent = await stripeFor(store.emulator).paymentIntents.retrieve(
      payment.payment_intent_id,
    );
    assert.equal(intent.status, 'canceled');

    const again = await store.api.post(`/api/v1/orders/${order.id}/cancel`, {
      token: customer.token,
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'invalid_transition');
    assert.equal(await stockOf(product.id), 4);
  });

  it('should refuse to cancel a paid order', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin);
    const { order, payment } = await checkoutOne(store, customer, product.id);
    await confirmPayment(store.emulator, payment.payment_intent_id);
    await settleWebhooks(store);
    const response = await store.api.post(`/api/v1/orders/${order.id}/cancel`, {
      token: customer.token,
    });
    assert.equal(response.status, 409);
    assert.equal(response.body.code, 'invalid_transition');
  });

  it('should confirm instead of cancelling an order paid while nobody had told the store', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin, { stock: 2 });
    const { order, payment } = await checkoutOne(store, customer, product.id);
    store.emulator.faults.dropNextDeliveries(10);
    await confirmPayment(store.emulator, payment.payment_intent_id);
    const response = await store.api.post(`/api/v1/orders/${order.id}/cancel`, {
      token: customer.token,
    });
    assert.equal(response.status, 409);
    const now = (await store.api.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body;
    assert.equal(now.status, 'paid');
    assert.equal(await stockOf(product.id), 1);
  });

  it('should record a dispute on a paid order, after reading it from Stripe', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin);
    const { order, payment } = await checkoutOne(store, customer, product.id);
    await confirmPayment(store.emulator, payment.payment_intent_id, 'pm_card_createDispute');
    await settleWebhooks(store);

    const now = (await store.api.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body;
    assert.equal(now.status, 'paid');
    assert.match(now.payment.dispute_status, /needs_response|warning_needs_response/);
    const events = await store.ctx.securityEvents.list({ limit: 20, type: 'dispute_created' });
    const event = events.data.find((e) => e.detail.order_id === order.id);
    assert.ok(event);
    assert.match(String(event.detail.dispute_id), /^dp_/);
  });

  it('should raise the alarm when a cancelled order’s payment succeeds after all', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin);
    const { order, payment } = await checkoutOne(store, customer, product.id);
    // The store believes the order cancelled, but Stripe never heard (the cancellation was lost).
    await store.ctx.database.db
      .updateTable('orders')
      .set({ status: 'canceled', canceled_at: Date.now() })
      .where('id', '=', order.id)
      .execute();
    await confirmPayment(store.emulator, payment.payment_intent_id);
    await settleWebhooks(store);

    const now = (await store.api.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body;
    assert.equal(now.status, 'canceled');
    const events = await store.ctx.securityEvents.list({ limit: 20, type: 'payment_mismatch' });
    assert.ok(
      events.data.some(
        (e) => e.detail.order_id === order.id && e.detail.reason === 'paid_after_cancel',
      ),
    );
  });

  it('should cancel orders left unpaid past the timeout, once, in any number of runs', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin, { stock: 5 });
    const { order: stale } = await checkoutOne(store, customer, product.id, { quantity: 2 });
    clock.advance(61 * 60_000);
    const { order: fresh } = await checkoutOne(store, customer, product.id, { quantity: 1 });

    const runs = await Promise.all([
      store.ctx.cancellation.cancelExpired(),
      store.ctx.cancellation.cancelExpired(),
    ]);
    assert.equal(runs[0] + runs[1], 1);
    const get = (id: string) => store.api.get(`/api/v1/orders/${id}`, { token: customer.token });
    assert.equal((await get(stale.id)).body.status, 'canceled');
    assert.equal((await get(fresh.id)).body.status, 'pending_payment');
    assert.equal(await stockOf(product.id), 4);
  });

  it('should list the caller’s own orders newest first, and every order for admins', async () => {
    const alice = await signUp(store.api, 'alice');
    const bob = await signUp(store.api, 'bob');
    const product = await addProduct(store.api, admin);
    const first = await checkoutOne(store, alice, product.id);
    clock.advance(1_000); // orders placed in the same millisecond have no "newer"
    const second = await checkoutOne(store, alice, product.id);
    const his = await checkoutOne(store, bob, product.id);

    const hers = await store.api.get('/api/v1/orders', { token: alice.token });
    assert.deepEqual(
      hers.body.data.map((o: { id: string }) => o.id),
      [second.order.id, first.order.id],
    );
    const all = await store.api.get('/api/v1/admin/orders?status=pending_payment&limit=100', {
      token: admin.token,
    });
    const ids = all.body.data.map((o: { id: string }) => o.id);
    assert.ok(ids.includes(his.order.id) && ids.includes(first.order.id));
    assert.equal((await store.api.get('/api/v1/admin/orders', { token: alice.token })).status, 403);
    assert.equal(
      (await store.api.get('/api/v1/admin/orders?status=lost', { token: admin.token })).status,
      400,
    );
    assert.equal(
      (await store.api.get(`/api/v1/orders/${his.order.id}`, { token: admin.token })).status,
      200,
    );
  });

  it('should not mark paid a payment whose amount differs from the order, and say so', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin, { amount: 5000 });
    const { order, payment } = await checkoutOne(store, customer, product.id);
    // The order's total changes behind the payment's back (a tampered row, a bug): the
    // PaymentIntent at Stripe no longer matches it.
    await store.ctx.database.db
      .updateTable('orders')
      .set({ total_amount: 7000 })
      .where('id', '=', order.id)
      .execute();
    await confirmPayment(store.emulator, payment.payment_intent_id);
    await settleWebhooks(store);
    await store.api.post(`/api/v1/orders/${order.id}/refresh-payment`, { token: customer.token });

    const now = (await store.api.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body;
    assert.equal(now.status, 'pending_payment');
    const events = await store.ctx.securityEvents.list({ limit: 10, type: 'payment_mismatch' });
    assert.ok(
      events.data.some(
        (e) => e.detail.order_id === order.id && e.detail.reason === 'amount_mismatch',
      ),
    );
  });
});
