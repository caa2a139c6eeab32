import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Stripe from 'stripe';
import {
  FAST_DELIVERY,
  WebhookReceiver,
  paidIntent,
  sdkFor,
  startTestEmulator,
} from './test-harness.js';

describe('stripe emulator: state in a file database', () => {
  let directory: string;
  let databasePath: string;

  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'stripe-emulator-'));
    databasePath = join(directory, 'nested', 'stripe-emulator.db');
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('should keep objects, events, keys and idempotency keys across a restart', async () => {
    const first = await startTestEmulator({ databasePath });
    const stripe = sdkFor(first);
    const intent = await paidIntent(stripe, 4200);
    const created = await stripe.paymentIntents.create(
      { amount: 1000, currency: 'usd' },
      { idempotencyKey: 'persist-1' },
    );
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        {
          price_data: { currency: 'usd', unit_amount: 700, product_data: { name: 'Pen' } },
          quantity: 1,
        },
      ],
    });
    const { webhookSecret, publishableKey } = first;
    await first.close();

    const second = await startTestEmulator({ databasePath });
    try {
      const again = sdkFor(second);
      assert.equal(second.webhookSecret, webhookSecret);
      assert.equal(second.publishableKey, publishableKey);
      assert.equal((await again.paymentIntents.retrieve(intent.id)).status, 'succeeded');
      assert.equal((await again.events.list({ limit: 100 })).data.length, 4);
      const replayed = await again.paymentIntents.create(
        { amount: 1000, currency: 'usd' },
        { idempotencyKey: 'persist-1' },
      );
      assert.equal(replayed.id, created.id);

      // The demo order is still payable: its page now lives under the new address.
      const reopened = await again.checkout.sessions.retrieve(session.id);
      assert.equal(reopened.url, `${second.url}/test/checkout/${session.id}`);
      assert.equal((await fetch(String(reopened.url))).status, 200);
    } finally {
      await second.close();
    }
  });

  it('should resume a delivery that was owed when the emulator stopped', async () => {
    const path = join(directory, 'resume.db');
    let secret = '';
    const receiver = await new WebhookReceiver(() => secret).start();
    receiver.respond = () => 503;
    const first = await startTestEmulator({
      databasePath: path,
      webhookUrl: receiver.url,
      delivery: { ...FAST_DELIVERY, initialDelayMs: 200, maxAttempts: 10 },
    });
    secret = first.webhookSecret;
    const intent = await sdkFor(first).paymentIntents.create({ amount: 1000, currency: 'usd' });
    await waitUntil(() => receiver.deliveries.length >= 1);
    await first.close();

    receiver.respond = () => 200;
    const second = await startTestEmulator({ databasePath: path, webhookUrl: receiver.url });
    try {
      await second.waitForDeliveries(3000);
      const delivered = receiver.events.at(-1);
      assert.equal((delivered?.data.object as Stripe.PaymentIntent | undefined)?.id, intent.id);
      assert.equal((await sdkFor(second).events.list({ delivery_success: true })).data.length, 1);
    } finally {
      await second.close();
      await receiver.close();
    }
  });

  it('should resend a delivery cut off mid-attempt by a stop', async () => {
    const path = join(directory, 'cut.db');
    let secret = '';
    const receiver = await new WebhookReceiver(() => secret).start();
    receiver.delayMs = (index) => (index === 0 ? 2000 : 0);
    const first = await startTestEmulator({ databasePath: path, webhookUrl: receiver.url });
    secret = first.webhookSecret;
    await sdkFor(first).paymentIntents.create({ amount: 1000, currency: 'usd' });
    await waitUntil(() => receiver.deliveries.length >= 1);
    await first.close();

    const second = await startTestEmulator({ databasePath: path, webhookUrl: receiver.url });
    try {
      await second.waitForDeliveries(3000);
      assert.equal(receiver.deliveries.length, 2);
      assert.equal(receiver.deliveries[0]?.event?.id, receiver.deliveries[1]?.event?.id);
      assert.deepEqual(
        second.deliveryAttempts().map((attempt) => attempt.ok),
        [true],
      );
    } finally {
      await second.close();
      await receiver.close();
    }
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
