import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.js';
import {
  addProduct,
  putInCart,
  signUp,
  signUpAdmin,
  type SignedInUser,
} from '../../test/support/fixtures.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';

describeEachDatabase('cart over HTTP', (kind) => {
  let store: TestStore;
  let admin: SignedInUser;
  before(async () => {
    store = await startTestStore(kind);
    admin = await signUpAdmin(store);
  });
  after(() => store.close());

  it('should price the cart from the catalogue, now', async () => {
    const customer = await signUp(store.api);
    const mug = await addProduct(store.api, admin, { name: 'Mug', amount: 1200, stock: 5 });
    const cart = await putInCart(store.api, customer, mug.id, 2);
    assert.deepEqual(cart, {
      items: [
        {
          product_id: mug.id,
          name: 'Mug',
          quantity: 2,
          unit_price: { amount: 1200, currency: 'usd' },
          line_total: { amount: 2400, currency: 'usd' },
        },
      ],
      subtotal: { amount: 2400, currency: 'usd' },
    });

    await store.api.patch(`/api/v1/admin/products/${mug.id}`, {
      token: admin.token,
      body: { price: { amount: 1000, currency: 'usd' } },
    });
    const repriced = await store.api.get('/api/v1/cart', { token: customer.token });
    assert.deepEqual(repriced.body.subtotal, { amount: 2000, currency: 'usd' });
  });

  it('should keep each customer to their own cart', async () => {
    const alice = await signUp(store.api, 'alice');
    const bob = await signUp(store.api, 'bob');
    const product = await addProduct(store.api, admin);
    await putInCart(store.api, alice, product.id, 1);
    const bobs = await store.api.get('/api/v1/cart', { token: bob.token });
    assert.deepEqual(bobs.body, { items: [], subtotal: null });
  });

  it('should refuse quantities that are not whole numbers from 0 to 99', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin, { stock: 500 });
    for (const quantity of [-1, 1.5, 100, 1e12, '3', null, true]) {
      const response = await store.api.put(`/api/v1/cart/items/${product.id}`, {
        token: customer.token,
        body: { quantity },
      });
      assert.equal(response.status, 400, String(quantity));
      assert.equal(response.body.code, 'validation_failed');
    }
    const cart = await store.api.get('/api/v1/cart', { token: customer.token });
    assert.deepEqual(cart.body.items, []);
  });

  it('should refuse a price or an owner sent with the quantity', async () => {
    const customer = await signUp(store.api);
    const product = await addProduct(store.api, admin);
    for (const extra of [{ unit_price: 1 }, { price: 1 }, { user_id: 'usr_x' }]) {
      const response = await store.api.put(`/api/v1/cart/items/${product.id}`, {
        token: customer.token,
        body: { quantity: 1, ...extra },
      });
      assert.equal(response.status, 400);
    }
  });

  it('should remove a line at quantity 0 and on DELETE', async () => {
    const customer = await signUp(store.api);
    const one = await addProduct(store.api, admin);
    const two = await addProduct(store.api, admin);
    await putInCart(store.api, customer, one.id, 1);
    await putInCart(store.api, customer, two.id, 1);
    assert.equal((await putInCart(store.api, customer, one.id, 0)).items.length, 1);
    const deleted = await store.api.delete(`/api/v1/cart/items/${two.id}`, {
      token: customer.token,
    });
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.body.items, []);
  });

  it('should answer 404 for an unknown product or an id of another kind', async () => {
    const customer = await signUp(store.api);
    for (const id of ['prod_0000000000000000000000', 'ord_0000000000000000000000', 'nonsense']) {
      const response = await store.api.put(`/api/v1/cart/items/${id}`, {
        token: customer.token,
        body: { quantity: 1 },
      });
      assert.equal(response.status, 404, id);
      assert.equal(response.body.code, 'not_found');
    }
  });

  it('should refuse more than is in stock, and a second currency', async () => {
    const customer = await signUp(store.api);
    const scarce = await addProduct(store.api, admin, { stock: 2 });
    const euro = await addProduct(store.api, admin, { currency: 'eur' });
    const tooMany = await store.api.put(`/api/v1/cart/items/${scarce.id}`, {
      token: customer.token,
      body: { quantity: 3 },
    });
    assert.equal(tooMany.status, 409);
    assert.equal(tooMany.body.code, 'insufficient_stock');

    await putInCart(store.api, customer, scarce.id, 2);
    const mixed = await store.api.put(`/api/v1/cart/items/${euro.id}`, {
      token: customer.token,
      body: { quantity: 1 },
    });
    assert.equal(mixed.status, 422);
    assert.equal(mixed.body.code, 'currency_mismatch');
  });
});
