import assert from 'node:assert/strict';
import { after, afterEach, before, it } from 'node:test';
import { ManualClock } from '../shared/clock.js';
import { describeEachDatabase } from '../../test/support/databases.js';
import {
  addProduct,
  idempotencyKey,
  putInCart,
  signUp,
  signUpAdmin,
  type SignedInUser,
} from '../../test/support/fixtures.js';
import { confirmPayment, settleWebhooks, stripeFor } from '../../test/support/payments.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';

describeEachDatabase('Idempotency-Key on client POSTs', (kind) => {
  let store: TestStore;
  let admin: SignedInUser;
  const clock = new ManualClock();
  before(async () => {
    store = await startTestStore(kind, {
      clock,
      env: {
        IDEMPOTENCY_LEASE_SECONDS: '30',
        // Sessions outlive the clock jumps of the retention test.
        SESSION_IDLE_MINUTES: '43200',
        SESSION_MAX_HOURS: '2160',
      },
    });
    admin = await signUpAdmin(store);
  });
  after(() => store.close());
  afterEach(() => store.emulator.faults.reset());

  const checkout = (customer: SignedInUser, key: string, body: object = {}) =>
    store.api.post('/api/v1/checkout', { token: customer.token, idempotencyKey: key, body });

  const ordersOf = async (customer: SignedInUser) =>
    (await store.api.get('/api/v1/orders', { token: customer.token })).body.data as any[];

  async function customerWithCart(stock = 10) {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin, { stock });
    await putInCart(store.api, customer, product.id, 1);
    return { customer, product };
  }

  it('should replay the stored answer to a repeated request, running it once', async () => {
    const { customer } = await customerWithCart();
    const key = idempotencyKey();
    const first = await checkout(customer, key);
    const second = await checkout(customer, key);
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(first.headers.get('idempotent-replayed'), null);
    assert.equal(second.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(second.body, first.body);
    assert.equal((await ordersOf(customer)).length, 1);
  });

  it('should make one order of 20 concurrent submits with one key', async () => {
    const { customer } = await customerWithCart();
    const key = idempotencyKey();
    const answers = await Promise.all(Array.from({ length: 20 }, () => checkout(customer, key)));
    const created = answers.filter((a) => a.status === 201);
    const inProgress = answers.filter((a) => a.status === 409);
    assert.equal(created.length + inProgress.length, 20);
    assert.ok(created.length >= 1);
    assert.ok(inProgress.every((a) => a.body.code === 'idempotency_request_in_progress'));
    assert.ok(inProgress.every((a) => a.headers.get('retry-after') === '1'));
    if (inProgress.length > 0) {
      const events = await store.ctx.securityEvents.list({
        limit: 50,
        type: 'idempotency_request_in_progress',
      });
      const mine = events.data.filter((e) => e.actor_id === customer.id);
      assert.equal(mine.length, inProgress.length);
      assert.ok(mine.every((e) => e.detail.route === 'POST /api/v1/checkout'));
    }
    assert.equal(new Set(created.map((a) => a.body.order.id)).size, 1);
    assert.equal((await ordersOf(customer)).length, 1);
  });

  it('should refuse the same key with a different body', async () => {
    const { customer } = await customerWithCart();
    const key = idempotencyKey();
    assert.equal((await checkout(customer, key)).status, 201);
    const other = await checkout(customer, key, { flow: 'checkout_session' });
    assert.equal(other.status, 422);
    assert.equal(other.body.code, 'idempotency_key_reused');
    const events = await store.ctx.securityEvents.list({
      limit: 10,
      type: 'idempotency_key_reused',
    });
    assert.equal(events.data[0]?.actor_id, customer.id);
    assert.equal(events.data[0]?.detail.route, 'POST /api/v1/checkout');
  });

  it('should run another caller’s use of the same key as their own first use', async () => {
    const alice = await customerWithCart();
    const bob = await customerWithCart();
    const key = idempotencyKey();
    const hers = await checkout(alice.customer, key);
    const his = await checkout(bob.customer, key);
    assert.equal(his.status, 201);
    assert.equal(his.headers.get('idempotent-replayed'), null);
    assert.notEqual(his.body.order.id, hers.body.order.id);
    assert.ok(!his.text.includes(hers.body.payment.client_secret));
  });

  it('should answer 401 to a stranger holding a victim’s key, revealing nothing', async () => {
    const { customer } = await customerWithCart();
    const key = idempotencyKey();
    const hers = await checkout(customer, key);
    const stranger = await store.api.post('/api/v1/checkout', { idempotencyKey: key, body: {} });
    assert.equal(stranger.status, 401);
    assert.ok(!stranger.text.includes(hers.body.order.id));
  });

  it('should store nothing for a request refused as invalid, so a corrected retry runs', async () => {
    const { customer } = await customerWithCart();
    const key = idempotencyKey();
    const invalid = await checkout(customer, key, { flow: 'bitcoin' });
    assert.equal(invalid.status, 400);
    const corrected = await checkout(customer, key, { flow: 'payment_intent' });
    assert.equal(corrected.status, 201);
  });

  it('should store nothing for a request that failed before any effect', async () => {
    const customer = await signUp(store.api);
    const key = idempotencyKey();
    assert.equal((await checkout(customer, key)).status, 422); // empty cart
    const stored = await store.ctx.database.db
      .selectFrom('idempotency_keys')
      .select('scope_hash')
      .where('user_id', '=', customer.id)
      .execute();
    assert.deepEqual(stored, []);
    const product = await addProduct(store.api, admin);
    await putInCart(store.api, customer, product.id, 1);
    assert.equal((await checkout(customer, key)).status, 201);
  });

  it('should require a key on checkout, and say which header', async () => {
    const { customer } = await customerWithCart();
    const response = await store.api.post('/api/v1/checkout', { token: customer.token, body: {} });
    assert.equal(response.status, 400);
    assert.equal(response.body.code, 'idempotency_key_invalid');
    assert.match(response.body.detail, /Idempotency-Key/);
    assert.deepEqual(await ordersOf(customer), []);
  });

  it('should ignore keys on reads and on public POSTs, whose answers hold tokens', async () => {
    const customer = await signUp(store.api);
    const key = idempotencyKey();
    const login = () =>
      store.api.post('/api/v1/auth/login', {
        idempotencyKey: key,
        body: { email: customer.email, password: customer.password },
      });
    const [first, second] = [await login(), await login()];
    assert.equal(second.headers.get('idempotent-replayed'), null);
    assert.notEqual(first.body.token, second.body.token);
    const read = () =>
      store.api.get('/api/v1/orders', { token: customer.token, idempotencyKey: key });
    await read();
    assert.equal((await read()).headers.get('idempotent-replayed'), null);
    const stored = await store.ctx.database.db
      .selectFrom('idempotency_keys')
      .select('route')
      .where('user_id', '=', customer.id)
      .execute();
    assert.deepEqual(stored, []);
  });

  it('should run a request afresh after a failure it undid', async () => {
    const { customer } = await customerWithCart();
    const key = idempotencyKey();
    store.emulator.faults.failNextApiCalls(3);
    assert.equal((await checkout(customer, key)).status, 502);
    const retried = await checkout(customer, key);
    assert.equal(retried.status, 201);
    assert.equal(retried.headers.get('idempotent-replayed'), null);
  });

  it('should replay a refusal that came after an effect, as problem details', async () => {
    const { customer } = await customerWithCart();
    const placed = await checkout(customer, idempotencyKey());
    await confirmPayment(
      store.emulator,
      placed.body.payment.payment_intent_id,
      'pm_card_createDispute',
    );
    await settleWebhooks(store);
    // The amount is reserved on the order, then Stripe refuses: the charge is disputed.
    const key = idempotencyKey();
    const refund = () =>
      store.api.post(`/api/v1/admin/orders/${placed.body.order.id}/refunds`, {
        token: admin.token,
        idempotencyKey: key,
        body: { amount: 100 },
      });
    const refused = await refund();
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'payment_rejected');
    const replayed = await refund();
    assert.equal(replayed.status, 422);
    assert.equal(replayed.headers.get('idempotent-replayed'), 'true');
    assert.equal(replayed.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.deepEqual(replayed.body, refused.body);
  });

  it('should refuse a malformed key', async () => {
    const { customer } = await customerWithCart();
    for (const key of ['', 'has space', 'x'.repeat(256), 'tab\there', 'ümlaut']) {
      const response = await store.api
        .post('/api/v1/checkout', {
          token: customer.token,
          headers: { 'idempotency-key': key },
          body: {},
        })
        .catch(() => null);
      // fetch itself refuses some of these header values; those never reach the store.
      if (response === null) continue;
      assert.equal(response.status, 400, JSON.stringify(key));
      assert.equal(response.body.code, 'idempotency_key_invalid');
    }
  });

  it('should honour a key on other POSTs too', async () => {
    const { customer, product } = await customerWithCart();
    const placed = await checkout(customer, idempotencyKey());
    const key = idempotencyKey();
    const cancel = () =>
      store.api.post(`/api/v1/orders/${placed.body.order.id}/cancel`, {
        token: customer.token,
        idempotencyKey: key,
      });
    const first = await cancel();
    const second = await cancel();
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    // Without the key a second cancel is a refused transition.
    const bare = await store.api.post(`/api/v1/orders/${placed.body.order.id}/cancel`, {
      token: customer.token,
    });
    assert.equal(bare.status, 409);
    assert.equal((await store.api.get(`/api/v1/products/${product.id}`)).body.stock, 10);
  });

  it('should finish a checkout that failed after Stripe answered, with one PaymentIntent', async () => {
    const { customer, product } = await customerWithCart(3);
    const key = idempotencyKey();
    store.crashPoints.arm('checkout.after_payment_created');
    const crashed = await checkout(customer, key);
    assert.equal(crashed.status, 500);

    // The failed attempt gave its lease back; the retry resumes from the recorded order.
    // (A process that dies outright keeps the lease until it runs out: see
    // test/processes/crash-recovery.test.ts.)
    const resumed = await checkout(customer, key);
    assert.equal(resumed.status, 201, resumed.text);
    const orders = await ordersOf(customer);
    assert.equal(orders.length, 1);
    assert.equal(resumed.body.order.id, orders[0].id);
    assert.equal((await store.api.get(`/api/v1/products/${product.id}`)).body.stock, 2);

    const intents = await stripeFor(store.emulator).paymentIntents.list({ limit: 100 });
    const forOrder = intents.data.filter((pi) => pi.metadata.order_id === orders[0].id);
    assert.equal(forOrder.length, 1);
    assert.equal(forOrder[0]?.id, resumed.body.payment.payment_intent_id);
  });

  it('should keep keys for 24 hours, and forget them after', async () => {
    const { customer, product } = await customerWithCart();
    const key = idempotencyKey();
    const first = await checkout(customer, key);
    assert.equal(first.status, 201);

    clock.advance(23 * 3_600_000);
    await store.ctx.idempotency.prune();
    assert.equal((await checkout(customer, key)).headers.get('idempotent-replayed'), 'true');

    clock.advance(3_600_000 + 1);
    assert.ok((await store.ctx.idempotency.prune()) >= 1);
    await putInCart(store.api, customer, product.id, 1);
    const fresh = await checkout(customer, key);
    assert.equal(fresh.status, 201);
    assert.equal(fresh.headers.get('idempotent-replayed'), null);
    assert.notEqual(fresh.body.order.id, first.body.order.id);
  });

  it('should answer 409 to a retry while the first request is still talking to Stripe', async () => {
    const { customer } = await customerWithCart();
    const key = idempotencyKey();
    store.emulator.faults.hangNextApiCalls(1, 1_000);
    const first = checkout(customer, key);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await checkout(customer, key);
    assert.equal(second.status, 409);
    assert.equal(second.body.code, 'idempotency_request_in_progress');
    assert.equal((await first).status, 201);
    assert.equal((await ordersOf(customer)).length, 1);
  });
});
