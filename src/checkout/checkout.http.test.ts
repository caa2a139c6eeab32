import assert from 'node:assert/strict';
import { after, afterEach, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.js';
import {
  addProduct,
  idempotencyKey,
  putInCart,
  signUp,
  signUpAdmin,
  type SignedInUser,
} from '../../test/support/fixtures.js';
import {
  checkoutOne,
  confirmPayment,
  payOnCheckoutPage,
  settleWebhooks,
  stripeFor,
} from '../../test/support/payments.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';

describeEachDatabase('checkout', (kind) => {
  let store: TestStore;
  let admin: SignedInUser;
  before(async () => {
    store = await startTestStore(kind);
    admin = await signUpAdmin(store);
  });
  after(() => store.close());
  afterEach(() => store.emulator.faults.reset());

  const order = (customer: SignedInUser, id: string) =>
    store.api.get(`/api/v1/orders/${id}`, { token: customer.token });

  it('should price the order from the catalogue and create a PaymentIntent for it', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin, { amount: 1250, stock: 5 });
    const { order: placed, payment } = await checkoutOne(store, customer, product.id, {
      quantity: 2,
    });

    assert.equal(placed.status, 'pending_payment');
    assert.deepEqual(placed.total, { amount: 2500, currency: 'usd' });
    assert.equal(payment.flow, 'payment_intent');
    assert.match(payment.client_secret, /^pi_.+_secret_/);
    assert.equal(payment.publishable_key, store.emulator.publishableKey);

    const intent = await stripeFor(store.emulator).paymentIntents.retrieve(
      payment.payment_intent_id,
    );
    assert.equal(intent.amount, 2500);
    assert.equal(intent.currency, 'usd');
    assert.equal(intent.metadata.order_id, placed.id);

    const cart = await store.api.get('/api/v1/cart', { token: customer.token });
    assert.deepEqual(cart.body.items, []);
    assert.equal((await store.api.get(`/api/v1/products/${product.id}`)).body.stock, 3);
  });

  it('should mark the order paid only after Stripe says so, through the webhook', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin);
    const { order: placed, payment } = await checkoutOne(store, customer, product.id);
    assert.equal((await order(customer, placed.id)).body.status, 'pending_payment');

    assert.equal(await confirmPayment(store.emulator, payment.payment_intent_id), 'succeeded');
    await settleWebhooks(store);

    const paid = (await order(customer, placed.id)).body;
    assert.equal(paid.status, 'paid');
    assert.ok(paid.paid_at);
    assert.equal(paid.payment.payment_intent_id, payment.payment_intent_id);
    assert.equal(paid.payment.status, 'succeeded');
  });

  it('should confirm on refresh-payment when no webhook arrives', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin);
    const { order: placed, payment } = await checkoutOne(store, customer, product.id);
    store.emulator.faults.dropNextDeliveries(10);
    await confirmPayment(store.emulator, payment.payment_intent_id);
    await settleWebhooks(store);
    assert.equal((await order(customer, placed.id)).body.status, 'pending_payment');

    const refreshed = await store.api.post(`/api/v1/orders/${placed.id}/refresh-payment`, {
      token: customer.token,
    });
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.body.status, 'paid');
  });

  it('should leave the order pending after a declined card', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin);
    const { order: placed, payment } = await checkoutOne(store, customer, product.id);
    assert.equal(
      await confirmPayment(store.emulator, payment.payment_intent_id, 'pm_card_chargeDeclined'),
      'declined',
    );
    await settleWebhooks(store);

    const after = (await order(customer, placed.id)).body;
    assert.equal(after.status, 'pending_payment');
    assert.equal(after.payment.status, 'requires_payment_method');
  });

  it('should pay through a Checkout Session and its hosted page', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin, { amount: 3300 });
    const { order: placed, payment } = await checkoutOne(store, customer, product.id, {
      flow: 'checkout_session',
    });
    assert.equal(payment.flow, 'checkout_session');
    assert.match(payment.checkout_session_id, /^cs_test_/);

    const paid = await payOnCheckoutPage(payment.url);
    assert.equal(paid.status, 303);
    assert.ok(paid.location?.startsWith(`${store.ctx.config.publicUrl}/orders/${placed.id}`));
    // The redirect alone proves nothing: the order stays pending until the server confirms.
    assert.equal((await order(customer, placed.id)).body.status, 'pending_payment');

    await settleWebhooks(store);
    const after = (await order(customer, placed.id)).body;
    assert.equal(after.status, 'paid');
    assert.match(after.payment.payment_intent_id, /^pi_/);
  });

  it('should confirm a delayed bank debit only when it settles', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin);
    const { order: placed, payment } = await checkoutOne(store, customer, product.id, {
      flow: 'checkout_session',
    });
    await payOnCheckoutPage(payment.url, { bankDebit: true });
    await settleWebhooks(store);
    assert.equal((await order(customer, placed.id)).body.status, 'pending_payment');

    store.emulator.faults.settleAsyncPayments('success');
    await settleWebhooks(store);
    assert.equal((await order(customer, placed.id)).body.status, 'paid');
  });

  it('should refuse an empty cart, and a checkout without an Idempotency-Key', async () => {
    const customer = await signUp(store.api);
    const empty = await store.api.post('/api/v1/checkout', {
      token: customer.token,
      idempotencyKey: idempotencyKey(),
      body: {},
    });
    assert.equal(empty.status, 422);
    assert.equal(empty.body.code, 'cart_empty');

    const product = await addProduct(store.api, admin);
    await putInCart(store.api, customer, product.id, 1);
    const noKey = await store.api.post('/api/v1/checkout', { token: customer.token, body: {} });
    assert.equal(noKey.status, 400);
    assert.equal(noKey.body.code, 'idempotency_key_invalid');
  });

  it('should refuse a total above what one payment may be', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin, { amount: 99_999_999, stock: 5 });
    await putInCart(store.api, customer, product.id, 2);
    const response = await store.api.post('/api/v1/checkout', {
      token: customer.token,
      idempotencyKey: idempotencyKey(),
      body: {},
    });
    assert.equal(response.status, 422);
    assert.equal(response.body.code, 'amount_too_large');
    assert.equal((await store.api.get(`/api/v1/products/${product.id}`)).body.stock, 5);
  });

  it('should answer 502 when Stripe fails, release the stock and charge nothing', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin, { stock: 4 });
    await putInCart(store.api, customer, product.id, 2);
    const key = idempotencyKey();
    // The SDK retries twice; three failures exhaust it.
    store.emulator.faults.failNextApiCalls(3);
    const failed = await store.api.post('/api/v1/checkout', {
      token: customer.token,
      idempotencyKey: key,
      body: {},
    });
    assert.equal(failed.status, 502);
    assert.equal(failed.body.code, 'payment_provider_unavailable');
    assert.equal((await store.api.get(`/api/v1/products/${product.id}`)).body.stock, 4);
    const cart = await store.api.get('/api/v1/cart', { token: customer.token });
    assert.equal(cart.body.items[0]?.quantity, 2);
    const orders = await store.api.get('/api/v1/orders', { token: customer.token });
    assert.equal(orders.body.data[0]?.status, 'canceled');

    // The same key runs afresh: the failure was not remembered.
    const retried = await store.api.post('/api/v1/checkout', {
      token: customer.token,
      idempotencyKey: key,
      body: {},
    });
    assert.equal(retried.status, 201);
    assert.equal((await store.api.get(`/api/v1/products/${product.id}`)).body.stock, 2);
  });

  it('should answer 502 when Stripe hangs past the timeout', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin, { stock: 1 });
    await putInCart(store.api, customer, product.id, 1);
    store.emulator.faults.hangNextApiCalls(3, 4_000);
    const response = await store.api.post('/api/v1/checkout', {
      token: customer.token,
      idempotencyKey: idempotencyKey(),
      body: {},
    });
    assert.equal(response.status, 502);
    assert.equal((await store.api.get(`/api/v1/products/${product.id}`)).body.stock, 1);
  });

  it('should show another customer’s order as not found', async () => {
    const alice = await signUp(store.api, 'alice');
    const bob = await signUp(store.api, 'bob');
    const product = await addProduct(store.api, admin);
    const { order: placed } = await checkoutOne(store, alice, product.id);
    for (const [method, path] of [
      ['GET', `/api/v1/orders/${placed.id}`],
      ['POST', `/api/v1/orders/${placed.id}/cancel`],
      ['POST', `/api/v1/orders/${placed.id}/refresh-payment`],
    ] as const) {
      const response = await store.api.request(method, path, { token: bob.token });
      assert.equal(response.status, 404, path);
      assert.equal(response.body.code, 'not_found');
    }
    const bobs = await store.api.get('/api/v1/orders', { token: bob.token });
    assert.deepEqual(bobs.body.data, []);
    assert.equal((await order(alice, placed.id)).body.status, 'pending_payment');
  });
});
