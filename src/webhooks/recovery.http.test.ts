import assert from 'node:assert/strict';
import { after, afterEach, before, it } from 'node:test';
import { ManualClock } from '../shared/clock.js';
import { describeEachDatabase } from '../../test/support/databases.js';
import { addProduct, signUp, signUpAdmin, type SignedInUser } from '../../test/support/fixtures.js';
import { checkoutOne, confirmPayment, settleWebhooks } from '../../test/support/payments.js';
import { deliver, eventPayload } from '../../test/support/webhooks.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';
import { MAX_ATTEMPTS } from './inbox.js';
import { recoverMissedEvents } from './recovery.js';

describeEachDatabase('missed and failing webhook events', (kind) => {
  let store: TestStore;
  let admin: SignedInUser;
  const clock = new ManualClock();
  before(async () => {
    store = await startTestStore(kind, {
      clock,
      env: { SESSION_IDLE_MINUTES: '10000', SESSION_MAX_HOURS: '2000' },
    });
    admin = await signUpAdmin(store);
  });
  after(() => store.close());
  afterEach(() => store.emulator.faults.reset());

  it('should complete an order whose webhook deliveries were all lost, by listing events', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin);
    const { order, payment } = await checkoutOne(store, customer, product.id);
    store.emulator.faults.dropNextDeliveries(10);
    await confirmPayment(store.emulator, payment.payment_intent_id);
    await settleWebhooks(store);
    assert.equal((await store.ctx.orders.findForSystem(order.id))?.status, 'pending_payment');

    const recovered = await recoverMissedEvents(store.ctx);
    assert.ok(recovered >= 1);
    await store.ctx.webhooks.processor.drain();
    assert.equal((await store.ctx.orders.findForSystem(order.id))?.status, 'paid');
    const recoveredRows = await store.ctx.database.db
      .selectFrom('webhook_events')
      .selectAll()
      .where('source', '=', 'recovery')
      .execute();
    assert.ok(recoveredRows.some((row) => row.type === 'payment_intent.succeeded'));

    // A second scan finds nothing new.
    assert.equal(await recoverMissedEvents(store.ctx), 0);
  });

  it('should retry a failing effect with backoff, then keep it as a dead letter an admin can retry', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin);
    const { order, payment } = await checkoutOne(store, customer, product.id);
    store.emulator.faults.dropNextDeliveries(10);
    await confirmPayment(store.emulator, payment.payment_intent_id);
    const payload = eventPayload({
      id: 'evt_dead_letter_1',
      type: 'payment_intent.succeeded',
      object: { id: payment.payment_intent_id, object: 'payment_intent' },
    });

    // Stripe cannot be reached for as long as the effect is retried.
    store.emulator.faults.failNextApiCalls(1_000);
    assert.equal(
      (await deliver(store, payload, { timestamp: Math.floor(clock.now() / 1000) })).status,
      200,
    );
    for (let attempt = 0; attempt < MAX_ATTEMPTS + 1; attempt += 1) {
      await store.ctx.webhooks.processor.drain();
      clock.advance(2 * 3_600_000);
    }
    const dead = await store.api.get('/api/v1/admin/webhook-events?status=dead', {
      token: admin.token,
    });
    const letter = dead.body.data.find((e: { id: string }) => e.id === 'evt_dead_letter_1');
    assert.ok(letter, 'the event is a dead letter');
    assert.equal(letter.attempts, MAX_ATTEMPTS);
    assert.match(letter.last_error, /Unavailable/);
    assert.equal((await store.ctx.orders.findForSystem(order.id))?.status, 'pending_payment');

    store.emulator.faults.reset();
    const retried = await store.api.post('/api/v1/admin/webhook-events/evt_dead_letter_1/retry', {
      token: admin.token,
    });
    assert.equal(retried.status, 200);
    await store.ctx.webhooks.processor.drain();
    assert.equal((await store.ctx.orders.findForSystem(order.id))?.status, 'paid');
    assert.equal((await store.ctx.webhooks.inbox.find('evt_dead_letter_1'))?.status, 'processed');
  });

  it('should forget applied events after 35 days, not before', async () => {
    const applied = eventPayload({
      id: 'evt_old_applied',
      type: 'customer.created',
      object: { id: 'cus_1', object: 'customer' },
    });
    assert.equal(
      (await deliver(store, applied, { timestamp: Math.floor(clock.now() / 1000) })).status,
      200,
    );
    clock.advance(34 * 24 * 3_600_000);
    await store.ctx.webhooks.inbox.prune();
    assert.ok(await store.ctx.webhooks.inbox.find('evt_old_applied'));
    clock.advance(2 * 24 * 3_600_000);
    assert.ok((await store.ctx.webhooks.inbox.prune()) >= 1);
    assert.equal(await store.ctx.webhooks.inbox.find('evt_old_applied'), null);
  });
});
