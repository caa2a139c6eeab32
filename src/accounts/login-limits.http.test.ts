import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.js';
import { signUp, uniqueEmail } from '../../test/support/fixtures.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';

describeEachDatabase('login rate limits', (kind) => {
  let store: TestStore;
  before(async () => {
    store = await startTestStore(kind, {
      env: {
        RATE_LIMIT_LOGIN_PER_ACCOUNT: '3',
        RATE_LIMIT_LOGIN_PER_ADDRESS: '12',
        RATE_LIMIT_REGISTER_PER_ADDRESS: '1000',
      },
    });
  });
  after(() => store.close());

  const login = (email: string, password: string) =>
    store.api.post('/api/v1/auth/login', { body: { email, password } });

  it('should answer 429 with Retry-After once an account had too many failures', async () => {
    const user = await signUp(store.api);
    for (let i = 0; i < 3; i += 1)
      assert.equal((await login(user.email, 'wrong password!!')).status, 401);

    const limited = await login(user.email, 'wrong password!!');
    assert.equal(limited.status, 429);
    assert.equal(limited.body.code, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    // Even the right password waits: the limit protects the account, not the guess.
    assert.equal((await login(user.email, user.password)).status, 429);

    const events = await store.ctx.securityEvents.list({ limit: 100, type: 'authn_rate_limited' });
    assert.ok(events.data.length >= 1);
  });

  it('should let exactly the limit through when failures arrive at once', async () => {
    const user = await signUp(store.api);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => login(user.email, 'wrong password!!')),
    );
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
  });

  it('should not count successful logins as failures', async () => {
    const user = await signUp(store.api);
    for (let i = 0; i < 5; i += 1)
      assert.equal((await login(user.email, user.password)).status, 200);
    assert.equal((await login(user.email, 'wrong password!!')).status, 401);
  });

  it('should limit an address across accounts, unknown emails included', async () => {
    // 12 per address; the earlier tests in this suite used some, so count to the limit.
    let status = 401;
    for (let i = 0; i < 20 && status === 401; i += 1) {
      status = (await login(uniqueEmail('spray'), 'wrong password!!')).status;
    }
    assert.equal(status, 429);
  });

  it('should keep the count in the database, where a second process sees it', async () => {
    const rows = await store.ctx.database.db
      .selectFrom('rate_limit_counters')
      .selectAll()
      .execute();
    assert.ok(rows.some((row) => row.bucket.startsWith('login:account:')));
    // Buckets hold a digest, not the email.
    assert.ok(rows.every((row) => !row.bucket.includes('@')));
  });
});
