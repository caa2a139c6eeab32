/**
 * Every route against the bad inputs a client can send: no token, another user's token, an
 * admin route as a customer, unknown and mass-assignment fields, wrong types, oversized bodies,
 * a wrong content type, malformed JSON, unknown ids and ids of the wrong kind. Each answer has
 * the contract's status and code, and after each one the stored data is exactly as before.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/databases.js';
import {
  addProduct,
  idempotencyKey,
  signUp,
  signUpAdmin,
  type SignedInUser,
} from '../support/fixtures.js';
import { checkoutOne, confirmPayment, settleWebhooks } from '../support/payments.js';
import { startTestStore, type TestStore } from '../support/test-store.js';
import { ROUTES, type Fixtures, type RouteCase } from './routes-under-test.js';

const MASS_ASSIGNMENT = [
  'role',
  'price',
  'total',
  'status',
  'user_id',
  'owner_id',
  'refunded_amount',
];
const WRONG_TYPES = [{}, [], 'text', -1, 1.5, 1e400, true, null];

describeEachDatabase('bad input on every route', (kind) => {
  let store: TestStore;
  let fixtures: Fixtures;

  before(async () => {
    store = await startTestStore(kind, {
      env: { RATE_LIMIT_LOGIN_PER_ADDRESS: '100000', RATE_LIMIT_REGISTER_PER_ADDRESS: '100000' },
    });
    const admin = await signUpAdmin(store);
    const owner = await signUp(store.api, 'owner');
    const other = await signUp(store.api, 'other');
    const product = await addProduct(store.api, admin, { stock: 50 });
    const { order, payment } = await checkoutOne(store, owner, product.id);
    await confirmPayment(store.emulator, payment.payment_intent_id);
    await settleWebhooks(store);
    const pending = await checkoutOne(store, owner, product.id);
    fixtures = {
      admin,
      owner,
      other,
      productId: product.id,
      paidOrderId: order.id,
      pendingOrderId: pending.order.id,
    };
  });
  after(() => store.close());

  /** The stored state a refused request must leave untouched. */
  async function snapshot(): Promise<string> {
    const db = store.ctx.database.db;
    const tables = await Promise.all([
      db
        .selectFrom('users')
        .select(['id', 'email', 'role', 'password_hash'])
        .orderBy('id')
        .execute(),
      db.selectFrom('products').selectAll().orderBy('id').execute(),
      db.selectFrom('cart_items').selectAll().orderBy('user_id').orderBy('product_id').execute(),
      db.selectFrom('orders').selectAll().orderBy('id').execute(),
      db.selectFrom('order_items').selectAll().orderBy('order_id').orderBy('product_id').execute(),
      db.selectFrom('refunds').selectAll().orderBy('id').execute(),
      db
        .selectFrom('idempotency_keys')
        .select(['scope_hash', 'state'])
        .orderBy('scope_hash')
        .execute(),
    ]);
    return JSON.stringify(tables);
  }

  async function expectRefused(
    route: RouteCase,
    label: string,
    send: () => Promise<{ status: number; body: any }>,
    status: number,
    code?: string,
  ) {
    const before = await snapshot();
    const response = await send();
    assert.equal(
      response.status,
      status,
      `${route.method} ${route.template}: ${label} → ${JSON.stringify(response.body)}`,
    );
    if (code) assert.equal(response.body.code, code, `${route.method} ${route.template}: ${label}`);
    assert.equal(
      await snapshot(),
      before,
      `${route.method} ${route.template}: ${label} changed stored data`,
    );
  }

  const tokenFor = (route: RouteCase, f: Fixtures): SignedInUser =>
    route.access === 'admin' ? f.admin : f.owner;

  const call = (
    route: RouteCase,
    options: Parameters<TestStore['api']['request']>[2] = {},
    path?: string,
  ) =>
    store.api.request(route.method, path ?? route.path(fixtures), {
      ...(route.idempotency ? { idempotencyKey: idempotencyKey() } : {}),
      ...options,
    });

  it('should cover every route of the API, so a new route cannot skip these checks', async () => {
    const document = (await store.api.get('/api/v1/openapi.json')).body;
    const served = Object.entries(document.paths as Record<string, object>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const covered = new Set(ROUTES.map((route) => `${route.method} ${route.template}`));
    const missing = served.filter((route) => route.includes('/api/') && !covered.has(route));
    assert.deepEqual(missing, []);
  });

  it('should answer 401 to a request without a token on every private route', async () => {
    for (const route of ROUTES.filter((r) => r.access !== 'public')) {
      await expectRefused(
        route,
        'no token',
        () => call(route, { body: route.body?.(fixtures) }),
        401,
        'unauthenticated',
      );
      await expectRefused(
        route,
        'unknown token',
        () => call(route, { token: 'wst_not_a_real_token', body: route.body?.(fixtures) }),
        401,
        'unauthenticated',
      );
    }
  });

  it('should answer 403 to a customer on every admin route', async () => {
    const admins = ROUTES.filter((r) => r.access === 'admin');
    for (const route of admins) {
      await expectRefused(
        route,
        'customer',
        () => call(route, { token: fixtures.other.token, body: route.body?.(fixtures) }),
        403,
        'forbidden',
      );
    }
    // Each refusal is on the trail: who, from where, in which request, on which route.
    const events = await store.ctx.securityEvents.list({ limit: 100, type: 'authz_fail' });
    const mine = events.data.filter((e) => e.actor_id === fixtures.other.id);
    assert.equal(mine.length, admins.length);
    for (const event of mine) {
      assert.equal(event.detail.reason, 'role');
      assert.equal(event.ip, '127.0.0.1');
      assert.match(event.request_id ?? '', /^req_/);
      assert.ok(
        admins.some(
          (r) =>
            r.method === event.detail.method &&
            String(event.detail.route).startsWith('/api/v1/admin/'),
        ),
      );
    }
  });

  it('should answer 404 to another customer on every route of someone’s own object', async () => {
    for (const route of ROUTES.filter((r) => r.owned)) {
      await expectRefused(
        route,
        'other user',
        () => call(route, { token: fixtures.other.token, body: route.body?.(fixtures) }),
        404,
        'not_found',
      );
    }
  });

  it('should refuse unknown and mass-assignment fields in every body', async () => {
    for (const route of ROUTES.filter((r) => r.method !== 'GET' && r.method !== 'DELETE')) {
      const token = route.access === 'public' ? undefined : tokenFor(route, fixtures).token;
      for (const field of MASS_ASSIGNMENT) {
        const body = { ...route.body?.(fixtures), [field]: field === 'role' ? 'admin' : 1 };
        await expectRefused(
          route,
          `field ${field}`,
          () => call(route, { token, body }),
          400,
          'validation_failed',
        );
      }
      const proto = JSON.stringify(route.body?.(fixtures) ?? {})
        .replace(/^\{/, '{"__proto__":{"role":"admin"},')
        .replace(',}', '}');
      await expectRefused(
        route,
        '__proto__',
        () =>
          call(route, { token, rawBody: proto, headers: { 'content-type': 'application/json' } }),
        400,
        'validation_failed',
      );
    }
  });

  it('should refuse wrong types in every field of every body', async () => {
    for (const route of ROUTES.filter((r) => r.body)) {
      const token = route.access === 'public' ? undefined : tokenFor(route, fixtures).token;
      const valid = route.body?.(fixtures) ?? {};
      for (const field of Object.keys(valid)) {
        for (const wrong of WRONG_TYPES) {
          if (route.accepts?.(field, wrong)) continue;
          const raw = JSON.stringify({ ...valid, [field]: wrong === 1e400 ? '§' : wrong }).replace(
            '"§"',
            '1e400',
          );
          await expectRefused(
            route,
            `${field}=${JSON.stringify(wrong)}`,
            () =>
              call(route, { token, rawBody: raw, headers: { 'content-type': 'application/json' } }),
            400,
            'validation_failed',
          );
        }
      }
    }
  });

  it('should refuse oversized, non-JSON and malformed bodies', async () => {
    for (const route of ROUTES.filter((r) => r.method !== 'GET' && r.method !== 'DELETE')) {
      const token = route.access === 'public' ? undefined : tokenFor(route, fixtures).token;
      const huge = JSON.stringify({ padding: 'x'.repeat(70 * 1024) });
      await expectRefused(
        route,
        'oversized',
        () =>
          call(route, { token, rawBody: huge, headers: { 'content-type': 'application/json' } }),
        413,
        'payload_too_large',
      );
      await expectRefused(
        route,
        'text/plain',
        () => call(route, { token, rawBody: '{}', headers: { 'content-type': 'text/plain' } }),
        415,
        'unsupported_media_type',
      );
      await expectRefused(
        route,
        'form',
        () =>
          call(route, {
            token,
            rawBody: 'a=1',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }),
        415,
        'unsupported_media_type',
      );
      await expectRefused(
        route,
        'malformed',
        () =>
          call(route, { token, rawBody: '{"a":', headers: { 'content-type': 'application/json' } }),
        400,
        'validation_failed',
      );
    }
  });

  it('should answer 404 to an unknown id and to an id of another kind', async () => {
    for (const route of ROUTES.filter((r) => r.withId)) {
      const token = route.access === 'public' ? undefined : tokenFor(route, fixtures).token;
      for (const id of route.withId?.(fixtures) ?? []) {
        await expectRefused(
          route,
          `id ${id}`,
          () => call(route, { token, body: route.body?.(fixtures) }, route.path(fixtures, id)),
          404,
          'not_found',
        );
      }
    }
  });
});
