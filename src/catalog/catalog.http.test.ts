import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.js';
import { addProduct, signUp, signUpAdmin, type SignedInUser } from '../../test/support/fixtures.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';

describeEachDatabase('catalogue over HTTP', (kind) => {
  let store: TestStore;
  let admin: SignedInUser;
  let customer: SignedInUser;
  before(async () => {
    store = await startTestStore(kind);
    admin = await signUpAdmin(store);
    customer = await signUp(store.api);
  });
  after(() => store.close());

  it('should let an admin add a product that anyone can then read', async () => {
    const product = await addProduct(store.api, admin, { name: 'Teapot', amount: 4500, stock: 3 });
    assert.match(product.id, /^prod_/);

    const read = await store.api.get(`/api/v1/products/${product.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, {
      id: product.id,
      name: 'Teapot',
      description: '',
      price: { amount: 4500, currency: 'usd' },
      stock: 3,
      active: true,
    });
    const list = await store.api.get('/api/v1/products');
    assert.ok(list.body.data.some((p: { id: string }) => p.id === product.id));
  });

  it('should answer 401 to strangers and 403 to customers on admin routes', async () => {
    const body = { name: 'x', price: { amount: 100, currency: 'usd' }, stock: 1 };
    const stranger = await store.api.post('/api/v1/admin/products', { body });
    assert.equal(stranger.status, 401);
    const asCustomer = await store.api.post('/api/v1/admin/products', {
      token: customer.token,
      body,
    });
    assert.equal(asCustomer.status, 403);
    assert.equal(asCustomer.body.code, 'forbidden');
    const events = await store.ctx.securityEvents.list({ limit: 10, type: 'authz_fail' });
    assert.ok(events.data.some((e) => e.actor_id === customer.id));
  });

  it('should hide a deactivated product from everyone but admins', async () => {
    const product = await addProduct(store.api, admin);
    const patched = await store.api.patch(`/api/v1/admin/products/${product.id}`, {
      token: admin.token,
      body: { active: false },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.active, false);
    assert.equal((await store.api.get(`/api/v1/products/${product.id}`)).status, 404);
    const list = await store.api.get('/api/v1/products?limit=100');
    assert.ok(!list.body.data.some((p: { id: string }) => p.id === product.id));
    const adminList = await store.api.get('/api/v1/admin/products?limit=100', {
      token: admin.token,
    });
    assert.ok(adminList.body.data.some((p: { id: string }) => p.id === product.id));
  });

  it('should page through the catalogue with a cursor, newest first', async () => {
    for (let i = 0; i < 5; i += 1) await addProduct(store.api, admin, { name: `Paged ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await store.api.get(`/api/v1/products${query}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.data.length <= 2);
      seen.push(...page.body.data.map((p: { id: string }) => p.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length);
    const all = await store.api.get('/api/v1/products?limit=100');
    assert.deepEqual(
      seen,
      all.body.data.map((p: { id: string }) => p.id),
    );
  });

  it('should refuse a limit outside 1 to 100 and a cursor it did not hand out', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'cursor=bm9wZQ', 'colour=red']) {
      const response = await store.api.get(`/api/v1/products?${query}`);
      assert.equal(response.status, 400, query);
      assert.equal(response.body.code, 'validation_failed');
    }
  });

  it('should refuse prices that are not positive whole minor units', async () => {
    for (const price of [
      { amount: 0, currency: 'usd' },
      { amount: 1.5, currency: 'usd' },
      { amount: 100, currency: 'USD' },
      { amount: '100', currency: 'usd' },
    ]) {
      const response = await store.api.post('/api/v1/admin/products', {
        token: admin.token,
        body: { name: 'Bad price', price, stock: 1 },
      });
      assert.equal(response.status, 400, JSON.stringify(price));
    }
  });
});
