import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.js';
import {
  addProduct,
  idempotencyKey,
  putInCart,
  signUp,
  signUpAdmin,
} from '../../test/support/fixtures.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';

describeEachDatabase('checkout under concurrency', (kind) => {
  let store: TestStore;
  before(async () => {
    store = await startTestStore(kind, { env: { RATE_LIMIT_REGISTER_PER_ADDRESS: '1000' } });
  });
  after(() => store.close());

  it('should sell the last item exactly once to 50 customers at once', async () => {
    const admin = await signUpAdmin(store);
    const product = await addProduct(store.api, admin, { stock: 1 });
    const customers = await Promise.all(Array.from({ length: 50 }, () => signUp(store.api)));
    for (const customer of customers) await putInCart(store.api, customer, product.id, 1);

    const answers = await Promise.all(
      customers.map((customer) =>
        store.api.post('/api/v1/checkout', {
          token: customer.token,
          idempotencyKey: idempotencyKey(),
          body: {},
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses.filter((s) => s === 201).length, 1, JSON.stringify(statuses));
    assert.equal(statuses.filter((s) => s === 409).length, 49);
    assert.ok(
      answers.filter((a) => a.status === 409).every((a) => a.body.code === 'insufficient_stock'),
    );

    assert.equal((await store.api.get(`/api/v1/products/${product.id}`)).body.stock, 0);
    const orders = await store.ctx.database.db.selectFrom('orders').select('id').execute();
    assert.equal(orders.length, 1);
  });
});
