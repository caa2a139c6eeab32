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

    const forged = await store.api.post('/api/v1/auth/logout', {
      headers: { cookie: cookieHeader },
    });
    assert.equal(forged.status, 403);
    assert.equal(forged.body.code, 'csrf_failed');

    const otherOrigin = await store.api.post('/api/v1/auth/logout', {
      headers: { cookie: cookieHeader, 'x-csrf-token': csrfToken, origin: 'https://evil.test' },
    });
    assert.equal(otherOrigin.status, 403);

    const genuine = await store.api.post('/api/v1/auth/logout', {
      headers: { cookie: cookieHeader, 'x-csrf-token': csrfToken, origin: 'http://shop.test' },
    });
    assert.equal(genuine.status, 204);
    assert.equal(
      (await store.api.get('/api/v1/me', { headers: { cookie: cookieHeader } })).status,
      401,
    );
    const events = await store.ctx.securityEvents.list({ limit: 10, type: 'csrf_fail' });
    assert.equal(events.data.length, 2);
  });
});
