import assert from 'node:assert/strict';
import { after, afterEach, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.js';
import { addProduct, signUp, signUpAdmin, type SignedInUser } from '../../test/support/fixtures.js';
import { checkoutOne, confirmPayment, settleWebhooks } from '../../test/support/payments.js';
import { deliver, eventPayload, signatureFor } from '../../test/support/webhooks.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';

describeEachDatabase('the Stripe webhook', (kind) => {
  let store: TestStore;
  let admin: SignedInUser;
  before(async () => {
    store = await startTestStore(kind);
    admin = await signUpAdmin(store);
  });
  after(() => store.close());
  afterEach(() => store.emulator.faults.reset());

  const inboxRow = (eventId: string) => store.ctx.webhooks.inbox.find(eventId);
  const securityEvents = async (type: string) =>
    (await store.ctx.securityEvents.list({ limit: 100, type })).data;

  async function pendingOrder() {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin);
    const placed = await checkoutOne(store, customer, product.id);
    return {
      customer,
      order: placed.order,
      paymentIntentId: placed.payment.payment_intent_id as string,
    };
  }

  it('should record a verified event before answering 200', async () => {
    const payload = eventPayload({
      id: 'evt_recorded_1',
      type: 'payment_intent.processing',
      object: { id: 'pi_unknown', object: 'payment_intent' },
    });
    const response = await deliver(store, payload);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { received: true });
    const row = await inboxRow('evt_recorded_1');
    assert.equal(row?.type, 'payment_intent.processing');
    assert.equal(row?.source, 'webhook');
    assert.ok(
      !(await securityEvents('webhook_replayed')).some(
        (e) => e.detail.event_id === 'evt_recorded_1',
      ),
    );
    const logged = store.logs
      .entries('webhook delivery')
      .find((e) => e.event_id === 'evt_recorded_1');
    assert.deepEqual([logged?.type, logged?.outcome], ['payment_intent.processing', 'recorded']);
  });

  it('should answer 200 to the same event id again, however signed, and do nothing', async () => {
    const payload = eventPayload({
      id: 'evt_twice_1',
      type: 'payment_intent.succeeded',
      object: { id: 'pi_x', object: 'payment_intent' },
    });
    assert.equal((await deliver(store, payload)).status, 200);
    const later = Math.floor(Date.now() / 1000) + 5;
    assert.equal((await deliver(store, payload, { timestamp: later })).status, 200);
    const rows = await store.ctx.database.db
      .selectFrom('webhook_events')
      .selectAll()
      .where('event_id', '=', 'evt_twice_1')
      .execute();
    assert.equal(rows.length, 1);
    assert.ok(
      (await securityEvents('webhook_replayed')).some((e) => e.detail.event_id === 'evt_twice_1'),
    );
  });

  it('should record a type it does not handle as ignored, and answer 200', async () => {
    const payload = eventPayload({
      id: 'evt_ignored_1',
      type: 'customer.created',
      object: { id: 'cus_1', object: 'customer' },
    });
    assert.equal((await deliver(store, payload)).status, 200);
    assert.equal((await inboxRow('evt_ignored_1'))?.status, 'ignored');
  });

  it('should answer 400 signature_invalid to a bad signature and record nothing', async () => {
    const payload = eventPayload({
      id: 'evt_forged_1',
      type: 'payment_intent.succeeded',
      object: { id: 'pi_x', object: 'payment_intent' },
    });
    const cases = [
      { signature: null },
      { signature: 'nonsense' },
      { secret: 'whsec_test_attacker' },
      {
        signature: [
          signatureFor(payload, store.emulator.webhookSecret),
          signatureFor(payload, store.emulator.webhookSecret),
        ],
      },
    ];
    for (const options of cases) {
      const response = await deliver(store, payload, options);
      assert.equal(response.status, 400, JSON.stringify(options));
      assert.equal(response.body.code, 'signature_invalid');
    }
    const tampered = await deliver(store, payload.replace('pi_x', 'pi_y'), {
      signature: signatureFor(payload, store.emulator.webhookSecret),
    });
    assert.equal(tampered.status, 400);
    assert.equal(await inboxRow('evt_forged_1'), null);
    const reasons = (await securityEvents('webhook_signature_invalid')).map((e) => e.detail.reason);
    for (const reason of [
      'missing_header',
      'malformed_header',
      'no_matching_signature',
      'duplicate_header',
    ]) {
      assert.ok(reasons.includes(reason), reason);
    }
  });

  it('should answer 400 signature_expired outside the tolerance, in the past or the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 301, now + 301]) {
      const payload = eventPayload({
        type: 'payment_intent.succeeded',
        object: { id: 'pi_x', object: 'payment_intent' },
      });
      const response = await deliver(store, payload, { timestamp });
      assert.equal(response.status, 400);
      assert.equal(response.body.code, 'signature_expired');
    }
    const skews = (await securityEvents('webhook_timestamp_expired')).map(
      (e) => e.detail.skew_seconds,
    );
    assert.ok(skews.includes(301) && skews.includes(-301), JSON.stringify(skews));
  });

  it('should answer 400 payload_invalid to a signed body that is not an event', async () => {
    for (const payload of [
      'not json',
      '{"id":"evt_1"}',
      '[]',
      JSON.stringify({
        object: 'event',
        id: 'evt_x',
        type: 'a.b',
        created: 1,
        livemode: false,
        data: {},
      }),
    ]) {
      const response = await deliver(store, payload);
      assert.equal(response.status, 400, payload);
      assert.equal(response.body.code, 'payload_invalid');
    }
  });

  it('should refuse an event of the other mode', async () => {
    const payload = eventPayload({
      type: 'payment_intent.succeeded',
      livemode: true,
      object: { id: 'pi_x', object: 'payment_intent' },
    });
    const response = await deliver(store, payload);
    assert.equal(response.status, 400);
    assert.equal(response.body.code, 'payload_invalid');
    assert.match(response.body.detail, /mode/);
    const id = (JSON.parse(payload) as { id: string }).id;
    const events = await securityEvents('webhook_livemode_mismatch');
    assert.ok(events.some((e) => e.detail.event_id === id && e.detail.livemode === true));
  });

  it('should answer 413 to a body over 1 MiB', async () => {
    const payload = eventPayload({
      type: 'payment_intent.succeeded',
      object: { id: 'pi_x', object: 'payment_intent', padding: 'x'.repeat(1024 * 1024) },
    });
    assert.equal((await deliver(store, payload)).status, 413);
  });

  it('should trust Stripe, not the payload: a signed event claiming success changes nothing', async () => {
    const { customer, order, paymentIntentId } = await pendingOrder();
    const payload = eventPayload({
      type: 'payment_intent.succeeded',
      object: {
        id: paymentIntentId,
        object: 'payment_intent',
        status: 'succeeded',
        amount: 1,
        metadata: { order_id: order.id },
      },
    });
    assert.equal((await deliver(store, payload)).status, 200);
    await store.ctx.webhooks.processor.drain();
    const now = await store.api.get(`/api/v1/orders/${order.id}`, { token: customer.token });
    assert.equal(now.body.status, 'pending_payment');
  });

  it('should apply 20 concurrent deliveries of one event once', async () => {
    const { customer, order, paymentIntentId } = await pendingOrder();
    store.emulator.faults.dropNextDeliveries(10);
    await confirmPayment(store.emulator, paymentIntentId);
    const payload = eventPayload({
      type: 'payment_intent.succeeded',
      object: { id: paymentIntentId, object: 'payment_intent' },
    });
    const answers = await Promise.all(Array.from({ length: 20 }, () => deliver(store, payload)));
    assert.ok(answers.every((a) => a.status === 200));
    await store.ctx.webhooks.processor.drain();

    assert.equal(
      (await store.api.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body.status,
      'paid',
    );
    const confirmations = (await securityEvents('payment_confirmed')).filter(
      (e) => e.detail.order_id === order.id,
    );
    assert.equal(confirmations.length, 1);
  });

  it('should reach the same end whatever order the events come in', async () => {
    const { customer, order, paymentIntentId } = await pendingOrder();
    store.emulator.faults.reorderNextDeliveries(20);
    await confirmPayment(store.emulator, paymentIntentId, 'pm_card_chargeDeclined');
    await confirmPayment(store.emulator, paymentIntentId, 'pm_card_visa');
    store.emulator.faults.releaseHeldDeliveries();
    await settleWebhooks(store);
    const now = (await store.api.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body;
    assert.equal(now.status, 'paid');
    assert.equal(now.payment.status, 'succeeded');
  });

  it('should apply an event recorded by a request that died before answering', async () => {
    const { customer, order, paymentIntentId } = await pendingOrder();
    store.emulator.faults.dropNextDeliveries(10);
    await confirmPayment(store.emulator, paymentIntentId);
    const payload = eventPayload({
      type: 'payment_intent.succeeded',
      object: { id: paymentIntentId, object: 'payment_intent' },
    });
    store.crashPoints.arm('webhook.after_event_recorded');
    assert.equal((await deliver(store, payload)).status, 500);
    // Stripe retries: a duplicate, answered 200; the job then applies the recorded event.
    assert.equal((await deliver(store, payload)).status, 200);
    await store.ctx.webhooks.processor.drain();
    assert.equal(
      (await store.api.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body.status,
      'paid',
    );
  });

  it('should never log a payload, a signature or the secret', async () => {
    const marker = 'marker-in-payload-7f3a';
    const payload = eventPayload({
      type: 'payment_intent.succeeded',
      object: { id: 'pi_marker', object: 'payment_intent', description: marker },
    });
    const signature = signatureFor(payload, store.emulator.webhookSecret);
    await deliver(store, payload, { signature });
    await deliver(store, payload.replace('pi_marker', 'pi_other'), { signature });
    const logs = store.logs.text();
    assert.ok(!logs.includes(marker));
    assert.ok(!logs.includes(signature.split('v1=')[1] ?? '§'));
    assert.ok(!logs.includes(store.emulator.webhookSecret));
    assert.ok(store.logs.entries('webhook delivery').some((e) => e.outcome === 'rejected'));
  });
});

describeEachDatabase('the Stripe webhook without a database', (kind) => {
  it('should answer 503 when the event cannot be recorded, so that Stripe retries', async () => {
    const store = await startTestStore(kind);
    try {
      await store.ctx.database.close();
      const payload = eventPayload({
        type: 'payment_intent.succeeded',
        object: { id: 'pi_x', object: 'payment_intent' },
      });
      const response = await deliver(store, payload);
      assert.equal(response.status, 503);
      assert.equal(response.body.code, 'service_unavailable');
      assert.match(response.body.detail, /retry/);
      const id = (JSON.parse(payload) as { id: string }).id;
      const logged = store.logs.entries('webhook event could not be recorded');
      assert.equal(logged[0]?.event_id, id);
    } finally {
      await store.app.close();
      await store.emulator.close();
      await store.database.drop();
    }
  });
});

describeEachDatabase('the Stripe webhook of a live store', (kind) => {
  it('should take live events and refuse test ones', async () => {
    // Live keys need https everywhere; nothing in this test reaches Stripe itself.
    const store = await startTestStore(kind, {
      env: {
        STRIPE_SECRET_KEY: 'sk_live_webhooktest',
        STRIPE_PUBLISHABLE_KEY: 'pk_live_webhooktest',
        STRIPE_WEBHOOK_SECRET: 'whsec_live_webhooktest',
        STRIPE_API_BASE: 'https://127.0.0.1:1',
        PUBLIC_URL: 'https://shop.example',
      },
    });
    try {
      const target = { url: store.url, emulator: { webhookSecret: 'whsec_live_webhooktest' } };
      const object = { id: 'pi_live', object: 'payment_intent' };
      const test = await deliver(
        target,
        eventPayload({ type: 'payment_intent.succeeded', object }),
      );
      assert.equal(test.status, 400);
      const live = eventPayload({
        type: 'customer.created',
        livemode: true,
        object: { id: 'cus_1', object: 'customer' },
      });
      assert.equal((await deliver(target, live)).status, 200);
    } finally {
      await store.close();
    }
  });
});
