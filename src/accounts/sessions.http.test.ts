import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createAdmin } from '../cli/create-admin.js';
import { ManualClock } from '../shared/clock.js';
import { describeEachDatabase } from '../../test/support/databases.js';
import { signUp } from '../../test/support/fixtures.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';

describeEachDatabase('sessions', (kind) => {
  let store: TestStore;
  const clock = new ManualClock();
  before(async () => {
    store = await startTestStore(kind, {
      clock,
      env: { SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '2', PUBLIC_URL: 'http://shop.test' },
    });
  });
  after(() => store.close());

  it('should end a session idle for longer than the idle timeout', async () => {
    const user = await signUp(store.api);
    clock.advance(29 * 60_000);
    assert.equal((await store.api.get('/api/v1/me', { token: user.token })).status, 200);
    clock.advance(29 * 60_000);
    assert.equal((await store.api.get('/api/v1/me', { token: user.token })).status, 200);
    clock.advance(31 * 60_000);
    assert.equal((await store.api.get('/api/v1/me', { token: user.token })).status, 401);
  });

  it('should end a session at its absolute lifetime, however busy', async () => {
    const user = await signUp(store.api);
    // Five requests 20 minutes apart: never idle, 100 minutes old.
    for (let i = 0; i < 5; i += 1) {
      clock.advance(20 * 60_000);
      assert.equal((await store.api.get('/api/v1/me', { token: user.token })).status, 200);
    }
    clock.advance(25 * 60_000);
    assert.equal((await store.api.get('/api/v1/me', { token: user.token })).status, 401);
  });

  it('should end every session of a user whose role changes', async () => {
    const user = await signUp(store.api);
    const { config, database } = store.ctx;
    const outcome = await createAdmin(
      config,
      database,
      store.logs.logger,
      user.email,
      'a new admin password',
    );
    assert.equal(outcome, 'promoted');
    assert.equal((await store.api.get('/api/v1/me', { token: user.token })).status, 401);

    const login = await store.api.post('/api/v1/auth/login', {
      body: { email: user.email, password: 'a new admin password' },
    });
    assert.equal(login.body.user.role, 'admin');
    const events = await store.ctx.securityEvents.list({ limit: 10, type: 'authz_role_changed' });
    assert.equal(events.data[0]?.actor_id, user.id);
  });

  it('should accept the session cookie, and demand the CSRF token on changes', async () => {
    const user = await signUp(store.api);
    const login = await store.api.post('/api/v1/auth/login', {
      body: { email: user.email, password: user.password },
    });
    const cookies = login.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('webstore_session='));
    const csrf = cookies.find((c) => c.startsWith('webstore_csrf='));
    assert.ok(session?.includes('HttpOnly') && session.includes('SameSite=Lax'));
    assert.ok(csrf && !csrf.includes('HttpOnly'));
    const cookieHeader = [session, csrf].map((c) => c?.split(';')[0]).join('; ');
    const csrfToken = csrf.split(';')[0]?.split('=')[1] ?? '';

    const me = await store.api.get('/api/v1/me', { headers: { cookie: cookieHeader } });
    assert.equal(me.status, 200);
    // Reads change nothing, so they need no CSRF token: GET, and HEAD for the same routes.
    const head = await store.api.request('HEAD', '/api/v1/me', {
      headers: { cookie: cookieHeader },
    });
    assert.equal(head.status, 200);

    const forged = await store.api.post('/api/v1/auth/logout', {
      headers: { cookie: cookieHeader },
    });
    assert.equal(forged.status, 403);
    assert.equal(forged.body.code, 'csrf_failed');

    const ownOriginNoToken = await store.api.post('/api/v1/auth/logout', {
      headers: { cookie: cookieHeader, origin: 'http://shop.test' },
    });
    assert.equal(ownOriginNoToken.status, 403);

    const otherOrigin = await store.api.post('/api/v1/auth/logout', {
      headers: { cookie: cookieHeader, 'x-csrf-token': csrfToken, origin: 'https://evil.test' },
    });
    assert.equal(otherOrigin.status, 403);

    // A client that sends no Origin (not a browser) passes on the CSRF token alone.
    const cart = await store.api.put('/api/v1/cart/items/prod_0000000000000000000000', {
      headers: { cookie: cookieHeader, 'x-csrf-token': csrfToken },
      body: { quantity: 1 },
    });
    assert.equal(cart.status, 404, 'past the CSRF check, to the unknown product');

    const genuine = await store.api.post('/api/v1/auth/logout', {
      headers: { cookie: cookieHeader, 'x-csrf-token': csrfToken, origin: 'http://shop.test' },
    });
    assert.equal(genuine.status, 204);
    assert.equal(
      (await store.api.get('/api/v1/me', { headers: { cookie: cookieHeader } })).status,
      401,
    );
    // Events without the token (no origin, or the store's own), one from another origin, each
    // found by the request id its refusal carried.
    const events = await store.ctx.securityEvents.list({ limit: 10, type: 'csrf_fail' });
    assert.ok(events.data.every((e) => e.actor_id === user.id));
    const originMatched = (refusal: typeof forged) =>
      events.data.find((e) => e.request_id === refusal.body.request_id)?.detail.origin_matches;
    assert.equal(originMatched(forged), true);
    assert.equal(originMatched(ownOriginNoToken), true);
    assert.equal(originMatched(otherOrigin), false);
  });

  it('should refuse an Authorization header that is not exactly Bearer and a token', async () => {
    const user = await signUp(store.api);
    const malformed = [
      `Basic Bearer ${user.token}`,
      `Bearer ${user.token} extra`,
      `bearer ${user.token}`,
      `Bearer  ${user.token}`,
      `Bearer ${user.token}!`,
      'Bearer',
      `Token ${user.token}`,
    ];
    for (const authorization of malformed) {
      const response = await store.api.get('/api/v1/me', { headers: { authorization } });
      assert.equal(response.status, 401, authorization.replace(user.token, '<token>'));
      assert.equal(response.body.code, 'unauthenticated');
    }
    // A malformed header is refused outright, even beside a valid session cookie.
    const cookie = `webstore_session=${user.token}`;
    const both = await store.api.get('/api/v1/me', {
      headers: { authorization: 'Basic x', cookie },
    });
    assert.equal(both.status, 401);
  });

  it('should record a token that matches no live session, saying how it came', async () => {
    const user = await signUp(store.api);
    await store.api.post('/api/v1/auth/logout', { token: user.token });
    const response = await store.api.get('/api/v1/me', { token: user.token });
    assert.equal(response.status, 401);
    const events = await store.ctx.securityEvents.list({ limit: 20, type: 'authn_token_invalid' });
    const event = events.data.find((e) => e.request_id === response.body.request_id);
    assert.equal(event?.detail.via, 'bearer');
    assert.equal(event?.ip, '127.0.0.1');
  });
});
