import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeliveryFaults } from '../events/delivery-faults.js';
import { DeliveryQueue } from '../events/delivery-queue.js';
import { EventLog } from '../events/event-log.js';
import { openDatabase } from '../store/database.js';
import { ObjectStore } from '../store/object-store.js';
import type { CheckoutSessionObject } from './checkout-session-object.js';
import { createCheckoutSession, expireDueSessions, loadSession } from './checkout-sessions.js';
import type { ResourceDeps } from './deps.js';

function resources(): ResourceDeps {
  const db = openDatabase(':memory:');
  const events = new EventLog(db, new DeliveryQueue(db), new DeliveryFaults(), {
    webhookUrl: () => null,
    deliveryQueued: () => undefined,
  });
  return { store: new ObjectStore(db), events, publicUrl: () => 'http://emulator.test' };
}

describe('checkout session expiry', () => {
  it('should expire open sessions whose expires_at has passed, and only those', () => {
    const deps = resources();
    const line = { currency: 'usd', unitAmount: 1000, name: 'Mug', quantity: 1 };
    const due = createCheckoutSession(deps, { lineItems: [line] });
    const later = createCheckoutSession(deps, { lineItems: [line] });
    deps.store.save<CheckoutSessionObject>({
      ...due,
      expires_at: Math.floor(Date.now() / 1000) - 1,
    });

    expireDueSessions(deps);

    assert.equal(loadSession(deps, due.id).status, 'expired');
    assert.equal(loadSession(deps, due.id).url, null);
    assert.equal(loadSession(deps, later.id).status, 'open');
    assert.equal(loadSession(deps, later.id).url, `http://emulator.test/test/checkout/${later.id}`);
    const { data } = deps.events.list({ type: 'checkout.session.expired' }, { limit: 10 });
    assert.deepEqual(
      data.map((event) => (event.data.object as CheckoutSessionObject).id),
      [due.id],
    );
    assert.deepEqual(data[0]?.request, { id: null, idempotency_key: null });
  });
});
