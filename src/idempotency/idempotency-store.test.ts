import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ManualClock } from '../shared/clock.js';
import { describeEachDatabase } from '../../test/support/databases.js';
import { signUp } from '../../test/support/fixtures.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';
import type { Claim, ClaimRequest, IdempotencyStore } from './idempotency-store.js';

// The lease rules, at the store itself: what a process that died half-way leaves behind cannot
// be produced over HTTP in one process, which gives its lease back when a request fails.
describeEachDatabase('idempotency record leases', (kind) => {
  const LEASE_MS = 30_000;
  let store: TestStore;
  let keys: IdempotencyStore;
  let userId: string;
  let counter = 0;
  const clock = new ManualClock();

  before(async () => {
    store = await startTestStore(kind, {
      clock,
      env: { IDEMPOTENCY_LEASE_SECONDS: String(LEASE_MS / 1000) },
    });
    keys = store.ctx.idempotency;
    userId = (await signUp(store.api)).id;
  });
  after(() => store.close());

  const request = (): ClaimRequest => ({
    scopeHash: `scope_${kind}_${++counter}`,
    userId,
    route: 'POST /api/v1/checkout',
    fingerprint: 'fp',
  });

  /** A claim that owns the key, as a request that then dies without settling it leaves it. */
  async function abandoned(claim: ClaimRequest): Promise<Extract<Claim, { kind: 'owned' }>> {
    const first = await keys.claim(claim);
    assert.equal(first.kind, 'owned');
    return first;
  }

  it('should let a retry take over a lease that ran out, and hold it for a whole lease', async () => {
    const claim = request();
    await abandoned(claim);
    assert.equal((await keys.claim(claim)).kind, 'in_progress');

    clock.advance(LEASE_MS + 1);
    assert.equal((await keys.claim(claim)).kind, 'owned');
    // The taker's lease is a fresh one: a third attempt must wait for it to run out too.
    assert.equal((await keys.claim(claim)).kind, 'in_progress');
    clock.advance(LEASE_MS - 1_000);
    assert.equal((await keys.claim(claim)).kind, 'in_progress');
  });

  it('should end a lease at its last millisecond, not one later', async () => {
    const claim = request();
    await abandoned(claim);

    clock.advance(LEASE_MS - 1);
    assert.equal((await keys.claim(claim)).kind, 'in_progress');
    clock.advance(1);
    assert.equal((await keys.claim(claim)).kind, 'owned');
  });

  it('should give an expired lease to one of several retries arriving at once', async () => {
    const claim = request();
    await abandoned(claim);
    clock.advance(LEASE_MS + 1);

    const claims = await Promise.all([keys.claim(claim), keys.claim(claim), keys.claim(claim)]);
    const kinds = claims.map((c) => c.kind).sort();
    assert.deepEqual(kinds, ['in_progress', 'in_progress', 'owned']);
  });

  it('should refuse a checkpoint from a request whose lease was taken over', async () => {
    const claim = request();
    const dead = await abandoned(claim);
    clock.advance(LEASE_MS + 1);
    const taker = await keys.claim(claim);
    assert.equal(taker.kind, 'owned');

    const db = store.ctx.database.db;
    await assert.rejects(
      db
        .transaction()
        .execute((trx) => keys.checkpoint(trx, claim.scopeHash, dead.lockToken, 'late', 'ord_x')),
      /lease lost/,
    );
    const record = await db
      .selectFrom('idempotency_keys')
      .select(['recovery_point', 'resource_id'])
      .where('scope_hash', '=', claim.scopeHash)
      .executeTakeFirstOrThrow();
    assert.deepEqual(record, { recovery_point: null, resource_id: null });
  });
});
