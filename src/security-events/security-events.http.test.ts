import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.js';
import { createAdmin } from '../cli/create-admin.js';
import {
  addProduct,
  idempotencyKey,
  putInCart,
  signUp,
  signUpAdmin,
  uniqueEmail,
  type SignedInUser,
} from '../../test/support/fixtures.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';

describeEachDatabase('the security-event trail', (kind) => {
  let store: TestStore;
  let admin: SignedInUser;
  before(async () => {
    store = await startTestStore(kind, { env: { RATE_LIMIT_CHECKOUT_PER_CUSTOMER: '2' } });
    admin = await signUpAdmin(store);
  });
  after(() => store.close());

  const trail = (query: string, token = admin.token) =>
    store.api.get(`/api/v1/admin/security-events${query}`, { token });

  it('should record refused input, with the route and never the input', async () => {
    const customer = await signUp(store.api);
    const marker = 'input-marker-93b1';
    const refused = await store.api.put('/api/v1/cart/items/prod_x', {
      token: customer.token,
      body: { quantity: marker },
    });
    assert.equal(refused.status, 400);
    const events = (await trail('?type=input_validation_fail')).body.data;
    const event = events.find((e: any) => e.request_id === refused.body.request_id);
    assert.ok(event);
    assert.equal(event.actor_id, customer.id);
    assert.deepEqual(event.detail, {
      reason: 'validation_failed',
      method: 'PUT',
      route: '/api/v1/cart/items/:product_id',
    });
    assert.ok(!JSON.stringify(events).includes(marker));
  });

  it('should record a customer over the checkout limit', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin, { stock: 50 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      await putInCart(store.api, customer, product.id, 1);
      const response = await store.api.post('/api/v1/checkout', {
        token: customer.token,
        idempotencyKey: idempotencyKey(),
        body: {},
      });
      statuses.push(response.status);
      if (response.status === 429) assert.ok(Number(response.headers.get('retry-after')) > 0);
    }
    assert.deepEqual(statuses, [201, 201, 429]);
    const events = (await trail('?type=excess_rate_limit_exceeded')).body.data;
    assert.ok(
      events.some(
        (e: any) => e.actor_id === customer.id && e.detail.limit === 'checkouts_per_customer',
      ),
    );
  });

  it('should be listed to admins only, newest first, filtered by type', async () => {
    const customer = await signUp(store.api);
    assert.equal((await trail('', customer.token)).status, 403);
    assert.equal((await store.api.get('/api/v1/admin/security-events')).status, 401);

    const all = (await trail('?limit=100')).body.data;
    const times = all.map((e: any) => e.occurred_at);
    assert.deepEqual([...times].sort().reverse(), times);
    const denied = (await trail('?type=authz_fail')).body.data;
    assert.ok(denied.length >= 1 && denied.every((e: any) => e.type === 'authz_fail'));
    assert.equal((await trail('?type=not_a_type')).status, 400);
  });

  it('should record admin creation, with no secret in any event', async () => {
    const email = uniqueEmail('new-admin');
    const { config, database } = store.ctx;
    assert.equal(
      await createAdmin(config, database, store.logs.logger, email, 'the new admin password'),
      'created',
    );
    const created = (await trail('?type=authz_admin_created')).body.data;
    const user = await store.ctx.users.findByEmail(email);
    assert.ok(created.some((e: any) => e.actor_id === user?.id && e.detail.via === 'cli'));

    const events = (await trail('?limit=100')).body.data;
    const text = JSON.stringify(events);
    assert.ok(!text.includes(admin.token));
    assert.ok(!text.includes(admin.password));
    assert.ok(!text.includes(store.emulator.webhookSecret));
    assert.ok(!text.includes('the new admin password'));
  });
});
