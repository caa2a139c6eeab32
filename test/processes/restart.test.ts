import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import Stripe from 'stripe';
import { spawnStore, type StoreProcess } from '../support/store-process.js';
import { idempotencyKey, uniqueEmail } from '../support/fixtures.js';

/** A port free right now, for the emulator, whose address must stay the same across restarts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

const dir = mkdtempSync(join(tmpdir(), 'webstore-restart-'));
const running: StoreProcess[] = [];
after(async () => {
  await Promise.all(running.map((store) => store.stop()));
  rmSync(dir, { recursive: true, force: true });
});

it('should keep a demo order payable across a restart of the store and its bundled emulator', async () => {
  const emulatorPort = await freePort();
  const env = {
    DATABASE_URL: `sqlite:${join(dir, 'webstore.db')}`,
    STRIPE_EMULATOR_PORT: String(emulatorPort),
  };

  const first = await spawnStore(env, ['--demo']);
  running.push(first);
  const products = (await first.api.get('/api/v1/products')).body.data;
  assert.ok(products.length > 0, 'the demo catalogue is seeded');
  const registered = await first.api.post('/api/v1/auth/register', {
    body: { email: uniqueEmail(), password: 'a long password here' },
  });
  const token = registered.body.token as string;
  await first.api.put(`/api/v1/cart/items/${products[0].id}`, { token, body: { quantity: 1 } });
  const placed = await first.api.post('/api/v1/checkout', {
    token,
    idempotencyKey: idempotencyKey(),
    body: {},
  });
  assert.equal(placed.status, 201);
  await first.stop();

  const second = await spawnStore(env, ['--demo']);
  running.push(second);
  const again = (await second.api.get('/api/v1/products')).body.data;
  assert.equal(again.length, products.length, 'seeded once, not twice');

  const stripe = new Stripe('sk_test_restart', {
    host: '127.0.0.1',
    port: emulatorPort,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  const intent = await stripe.paymentIntents.confirm(placed.body.payment.payment_intent_id, {
    payment_method: 'pm_card_visa',
    return_url: 'http://127.0.0.1/return',
  });
  assert.equal(intent.status, 'succeeded');

  let status = 'pending_payment';
  for (let i = 0; i < 50 && status !== 'paid'; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    status = (await second.api.get(`/api/v1/orders/${placed.body.order.id}`, { token })).body
      .status;
  }
  assert.equal(
    status,
    'paid',
    'the restarted emulator still signs with the secret the store verifies',
  );
});
