import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.js';
import { signUp, type SignedInUser } from '../../test/support/fixtures.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';

describeEachDatabase('HTTP hygiene', (kind) => {
  let store: TestStore;
  let customer: SignedInUser;
  before(async () => {
    store = await startTestStore(kind);
    customer = await signUp(store.api);
  });
  after(() => store.close());

  it('should answer unknown routes with a 404 problem', async () => {
    const response = await store.api.get('/api/v1/nothing-here');
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.deepEqual(Object.keys(response.body).sort(), [
      'code',
      'request_id',
      'status',
      'title',
      'type',
    ]);
    assert.equal(response.body.code, 'not_found');
    assert.equal(response.body.request_id, response.headers.get('x-request-id'));
  });

  it('should answer a known path with a wrong method with 405 and Allow', async () => {
    const response = await store.api.delete('/api/v1/products');
    assert.equal(response.status, 405);
    assert.equal(response.body.code, 'method_not_allowed');
    assert.match(response.headers.get('allow') ?? '', /GET/);
    const withParam = await store.api.post('/api/v1/products/prod_x');
    assert.equal(withParam.status, 405);
  });

  it('should answer 404, not 405, for a missing file under a route of its own method', async () => {
    for (const path of ['/docs/static/missing.js', '/assets/missing.css']) {
      const response = await store.api.get(path);
      assert.equal(response.status, 404, path);
      assert.equal(response.body.code, 'not_found');
    }
  });

  it('should refuse a body that is not JSON with 415', async () => {
    const response = await store.api.post('/api/v1/auth/login', {
      rawBody: 'email=a@b.c&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(response.status, 415);
    assert.equal(response.body.code, 'unsupported_media_type');
    const plain = await store.api.put('/api/v1/cart/items/prod_x', {
      token: customer.token,
      rawBody: '{"quantity":1}',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(plain.status, 415);
  });

  it('should refuse malformed JSON without echoing it', async () => {
    const response = await store.api.post('/api/v1/auth/login', {
      rawBody: '{"email": "secret-looking-input", ',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(response.status, 400);
    assert.equal(response.body.code, 'validation_failed');
    assert.ok(!response.text.includes('secret-looking-input'));
  });

  it('should refuse JSON bodies over 64 KiB with 413', async () => {
    const response = await store.api.post('/api/v1/auth/login', {
      body: { email: 'a@b.test', password: 'x'.repeat(70 * 1024) },
    });
    assert.equal(response.status, 413);
    assert.equal(response.body.code, 'payload_too_large');
  });

  it('should set security headers and a request id on every answer', async () => {
    for (const path of ['/api/v1/products', '/api/v1/me', '/nowhere', '/healthz']) {
      const response = await store.api.get(path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(response.headers.get('x-frame-options'), 'DENY', path);
      assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      assert.match(response.headers.get('x-request-id') ?? '', /^req_[0-9A-Za-z]{16}$/);
      // Served over http here, so no HSTS.
      assert.equal(response.headers.get('strict-transport-security'), null);
    }
  });

  it('should never reuse a request id the client sends', async () => {
    const response = await store.api.get('/healthz', { headers: { 'x-request-id': 'forged' } });
    assert.notEqual(response.headers.get('x-request-id'), 'forged');
  });

  it('should mark private answers no-store', async () => {
    const me = await store.api.get('/api/v1/me', { token: customer.token });
    assert.equal(me.headers.get('cache-control'), 'no-store');
    const orders = await store.api.get('/api/v1/orders', { token: customer.token });
    assert.equal(orders.headers.get('cache-control'), 'no-store');
  });

  it('should serve health, readiness and the OpenAPI document', async () => {
    assert.equal((await store.api.get('/healthz')).status, 200);
    assert.equal((await store.api.get('/readyz')).status, 200);
    const openapi = await store.api.get('/api/v1/openapi.json');
    assert.equal(openapi.status, 200);
    assert.equal(openapi.body.openapi, '3.1.0');
    for (const path of [
      '/api/v1/auth/register',
      '/api/v1/checkout',
      '/api/v1/orders/{id}',
      '/webhooks/stripe',
    ]) {
      assert.ok(openapi.body.paths[path], path);
    }
    const docs = await store.api.get('/docs/');
    assert.equal(docs.status, 200);
    assert.match(docs.text, /swagger/i);
  });
});

describeEachDatabase('HTTP failures', (kind) => {
  it('should answer a generic 500 with the request id, the detail only in the log', async () => {
    const store = await startTestStore(kind);
    try {
      await store.ctx.database.close();
      const response = await store.api.get('/api/v1/products');
      assert.equal(response.status, 500);
      assert.equal(response.body.code, 'internal_error');
      assert.equal(response.body.detail, undefined);
      const logged = store.logs.entries('unhandled error');
      assert.equal(logged[0]?.request_id, response.body.request_id);

      const ready = await store.api.get('/readyz');
      assert.equal(ready.status, 503);
    } finally {
      await store.app.close();
      await store.emulator.close();
      await store.database.drop();
    }
  });
});
