import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { hashPassword } from '../../src/accounts/passwords.js';
import { UserStore } from '../../src/accounts/users.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { systemClock } from '../../src/shared/clock.js';
import { randomBase62 } from '../../src/shared/ids.js';
import { startStripeEmulator, type StripeEmulator } from '../../src/stripe-emulator/index.js';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../support/databases.js';
import { idempotencyKey, uniqueEmail, type SignedInUser } from '../support/fixtures.js';
import { LogCapture } from '../support/log-capture.js';
import { confirmPayment } from '../support/payments.js';
import { spawnStore, type StoreProcess } from '../support/store-process.js';
import { deliver, eventPayload } from '../support/webhooks.js';

describeEachDatabase('two store processes on one database', (kind) => {
  let database: TestDatabase;
  let db: Database;
  let emulator: StripeEmulator;
  let one: StoreProcess;
  let two: StoreProcess;
  let admin: SignedInUser;

  before(async () => {
    database = await createTestDatabase(kind);
    db = openDatabase(database.location);
    await migrateToLatest(db);
    emulator = await startStripeEmulator({ port: 0, logger: new LogCapture('warn').logger });
    const env = {
      DATABASE_URL: database.url,
      STRIPE_SECRET_KEY: `sk_test_${randomBase62(20)}`,
      STRIPE_PUBLISHABLE_KEY: emulator.publishableKey,
      STRIPE_WEBHOOK_SECRET: emulator.webhookSecret,
      STRIPE_API_BASE: emulator.url,
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '4',
    };
    [one, two] = await Promise.all([spawnStore(env), spawnStore(env)]);

    const email = uniqueEmail('admin');
    const password = `pw-${randomBase62(16)}`;
    const user = await new UserStore(db.db, systemClock).create(
      email,
      await hashPassword(password),
      'admin',
    );
    const login = await one.api.post('/api/v1/auth/login', { body: { email, password } });
    admin = { id: user?.id ?? '', email, password, token: login.body.token };
  });

  after(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await emulator?.close();
    await db?.close();
    await database?.drop();
  });

  async function customerWithCart(stock: number) {
    const product = await one.api.post('/api/v1/admin/products', {
      token: admin.token,
      body: { name: 'Shared', price: { amount: 2000, currency: 'usd' }, stock },
    });
    const registered = await two.api.post('/api/v1/auth/register', {
      body: { email: uniqueEmail(), password: 'a long password here' },
    });
    const token = registered.body.token as string;
    await one.api.put(`/api/v1/cart/items/${product.body.id}`, { token, body: { quantity: 1 } });
    return { token, productId: product.body.id as string };
  }

  it('should make one order of one key submitted to both processes at once', async () => {
    const { token } = await customerWithCart(5);
    const key = idempotencyKey();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? one : two).api.post('/api/v1/checkout', { token, idempotencyKey: key, body: {} }),
      ),
    );
    assert.ok(
      answers.every((a) => a.status === 201 || a.status === 409),
      answers.map((a) => a.status).join(),
    );
    const orders = await one.api.get('/api/v1/orders', { token });
    assert.equal(orders.body.data.length, 1);
  });

  it('should apply an event delivered to both processes 20 times at once exactly once', async () => {
    const { token } = await customerWithCart(5);
    const placed = await one.api.post('/api/v1/checkout', {
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
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        deliver({ url: (i % 2 ? one : two).url, emulator }, payload),
      ),
    );
    assert.ok(answers.every((a) => a.status === 200));

    let status = 'pending_payment';
    for (let i = 0; i < 50 && status !== 'paid'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await two.api.get(`/api/v1/orders/${order.id}`, { token })).body.status;
    }
    assert.equal(status, 'paid');
    const confirmations = await db.db
      .selectFrom('security_events')
      .select('detail')
      .where('type', '=', 'payment_confirmed')
      .execute();
    assert.equal(confirmations.filter((e) => e.detail.includes(order.id)).length, 1);
  });

  it('should sell the last item once across both processes', async () => {
    const product = await one.api.post('/api/v1/admin/products', {
      token: admin.token,
      body: { name: 'Last', price: { amount: 900, currency: 'usd' }, stock: 1 },
    });
    const tokens: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const registered = await one.api.post('/api/v1/auth/register', {
        body: { email: uniqueEmail(), password: 'a long password here' },
      });
      tokens.push(registered.body.token);
      await two.api.put(`/api/v1/cart/items/${product.body.id}`, {
        token: registered.body.token,
        body: { quantity: 1 },
      });
    }
    const answers = await Promise.all(
      tokens.map((token, i) =>
        (i % 2 ? one : two).api.post('/api/v1/checkout', {
          token,
          idempotencyKey: idempotencyKey(),
          body: {},
        }),
      ),
    );
    assert.equal(answers.filter((a) => a.status === 201).length, 1);
    assert.equal((await one.api.get(`/api/v1/products/${product.body.id}`)).body.stock, 0);
  });

  it('should count failed logins against one limit, whichever process answers', async () => {
    const email = uniqueEmail();
    await one.api.post('/api/v1/auth/register', {
      body: { email, password: 'the right password' },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const target = i % 2 ? one : two;
      statuses.push(
        (
          await target.api.post('/api/v1/auth/login', {
            body: { email, password: 'a wrong password' },
          })
        ).status,
      );
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
  });
});
