import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { randomBase62 } from '../../src/shared/ids.js';
import { startStripeEmulator, type StripeEmulator } from '../../src/stripe-emulator/index.js';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../support/databases.js';
import { idempotencyKey, uniqueEmail } from '../support/fixtures.js';
import { LogCapture } from '../support/log-capture.js';
import { confirmPayment, stripeFor } from '../support/payments.js';
import { spawnStore, type StoreProcess } from '../support/store-process.js';
import { deliver, eventPayload } from '../support/webhooks.js';

const LEASE_SECONDS = 2;

describeEachDatabase('a store process killed half-way', (kind) => {
  let database: TestDatabase;
  let db: Database;
  let emulator: StripeEmulator;
  let env: Record<string, string>;
  const running: StoreProcess[] = [];

  before(async () => {
    database = await createTestDatabase(kind);
    db = openDatabase(database.location);
    await migrateToLatest(db);
    emulator = await startStripeEmulator({ port: 0, logger: new LogCapture('warn').logger });
    env = {
      DATABASE_URL: database.url,
      STRIPE_SECRET_KEY: `sk_test_${randomBase62(20)}`,
      STRIPE_PUBLISHABLE_KEY: emulator.publishableKey,
      STRIPE_WEBHOOK_SECRET: emulator.webhookSecret,
      STRIPE_API_BASE: emulator.url,
      IDEMPOTENCY_LEASE_SECONDS: String(LEASE_SECONDS),
    };
  });

  after(async () => {
    await Promise.all(running.map((store) => store.stop()));
    await emulator?.close();
    await db?.close();
    await database?.drop();
  });

  async function start(extra: Record<string, string> = {}): Promise<StoreProcess> {
    const store = await spawnStore({ ...env, ...extra });
    running.push(store);
    return store;
  }

  /** A customer with one product in the cart; the product is made directly in the database. */
  async function customerWithCart(store: StoreProcess) {
    const productId = `prod_${randomBase62(22)}`;
    const now = Date.now();
    await db.db
      .insertInto('products')
      .values({
        id: productId,
        name: 'Crash test',
        description: '',
        price_amount: 4200,
        currency: 'usd',
        stock: 3,
        active: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const registered = await store.api.post('/api/v1/auth/register', {
      body: { email: uniqueEmail(), password: 'a long password here' },
    });
    const token = registered.body.token as string;
    await store.api.put(`/api/v1/cart/items/${productId}`, { token, body: { quantity: 1 } });
    return { token, productId };
  }

  it('should finish a checkout killed between Stripe and the commit, with one PaymentIntent', async () => {
    // The survivor runs beside the doomed process, as a second server would.
    const [doomed, survivor] = await Promise.all([
      start({ WEBSTORE_CRASH_AT: 'checkout.after_payment_created' }),
      start(),
    ]);
    const { token, productId } = await customerWithCart(doomed);
    const key = idempotencyKey();
    await assert.rejects(
      doomed.api.post('/api/v1/checkout', { token, idempotencyKey: key, body: {} }),
    );
    assert.equal(await doomed.exited, null, 'killed by a signal');

    const tooSoon = await survivor.api.post('/api/v1/checkout', {
      token,
      idempotencyKey: key,
      body: {},
    });
    assert.equal(
      tooSoon.status,
      409,
      'the dead request still holds the key until its lease runs out',
    );

    await new Promise((resolve) => setTimeout(resolve, LEASE_SECONDS * 1000 + 200));
    const resumed = await survivor.api.post('/api/v1/checkout', {
      token,
      idempotencyKey: key,
      body: {},
    });
    assert.equal(resumed.status, 201, resumed.text);

    const orders = (await survivor.api.get('/api/v1/orders', { token })).body.data;
    assert.equal(orders.length, 1);
    const intents = await stripeFor(emulator).paymentIntents.list({ limit: 100 });
    const forOrder = intents.data.filter((pi) => pi.metadata.order_id === orders[0].id);
    assert.deepEqual(
      forOrder.map((pi) => pi.id),
      [resumed.body.payment.payment_intent_id],
    );
    assert.equal((await survivor.api.get(`/api/v1/products/${productId}`)).body.stock, 2);
  });

  it('should apply once an event recorded by a process killed before applying it', async () => {
    const doomed = await start({ WEBSTORE_CRASH_AT: 'webhook.after_event_recorded' });
    const { token } = await customerWithCart(doomed);
    const placed = await doomed.api.post('/api/v1/checkout', {
      token,
      idempotencyKey: idempotencyKey(),
      body: {},
    });
    const { order, payment } = placed.body;
    emulator.faults.dropNextDeliveries(10);
    await confirmPayment(emulator, payment.payment_intent_id);

    const payload = eventPayload({
      type: 'payment_intent.succeeded',
      object: { id: payment.payment_intent_id, object: 'payment_intent' },
    });
    await assert.rejects(deliver({ url: doomed.url, emulator }, payload));
    assert.equal(await doomed.exited, null);
    const recorded = await db.db
      .selectFrom('webhook_events')
      .selectAll()
      .where('type', '=', 'payment_intent.succeeded')
      .execute();
    assert.equal(recorded.length, 1, 'the event was on disk before the process died');

    const survivor = await start();
    let status = 'pending_payment';
    for (let i = 0; i < 100 && status !== 'paid'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await survivor.api.get(`/api/v1/orders/${order.id}`, { token })).body.status;
    }
    assert.equal(status, 'paid');
    assert.equal((await deliver({ url: survivor.url, emulator }, payload)).status, 200);
    const confirmations = await db.db
      .selectFrom('security_events')
      .select('detail')
      .where('type', '=', 'payment_confirmed')
      .execute();
    assert.equal(confirmations.filter((e) => e.detail.includes(order.id)).length, 1);
  });
});
