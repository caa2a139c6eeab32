import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../test/support/databases.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';
import { randomBase62 } from '../shared/ids.js';
import type { InboundEvent } from './inbound-event.js';
import { WebhookProcessor } from './processor.js';

describeEachDatabase('the webhook inbox, a batch at a time', (kind) => {
  let store: TestStore;
  before(async () => {
    store = await startTestStore(kind);
  });
  after(() => store.close());

  /** A handled event that names no order: applying it changes nothing but its row. */
  const refundOfNoOrder = (): InboundEvent => ({
    id: `evt_${randomBase62(24)}`,
    type: 'charge.refunded',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    objectId: `ch_${randomBase62(24)}`,
    paymentIntentId: null,
  });

  async function recordPending(count: number): Promise<string[]> {
    const events = Array.from({ length: count }, refundOfNoOrder);
    const outcomes = await Promise.all(
      events.map((event) => store.ctx.webhooks.inbox.record(event, 'webhook')),
    );
    assert.deepEqual(new Set(outcomes), new Set(['recorded']));
    return events.map((event) => event.id);
  }

  async function rowsOf(eventIds: string[]) {
    return store.ctx.database.db
      .selectFrom('webhook_events')
      .selectAll()
      .where('event_id', 'in', eventIds)
      .execute();
  }

  it('should record concurrent deliveries of one id as one new event and duplicates', async () => {
    const event = refundOfNoOrder();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => store.ctx.webhooks.inbox.record(event, 'webhook')),
    );
    assert.equal(outcomes.filter((outcome) => outcome === 'recorded').length, 1);
    assert.equal(outcomes.filter((outcome) => outcome === 'duplicate').length, 9);
    await store.ctx.webhooks.processor.drain();
  });

  it('should let concurrent claimers take each due event exactly once', async () => {
    const ids = await recordPending(30);
    const inbox = store.ctx.webhooks.inbox;

    const [first, second] = await Promise.all([
      inbox.claimDue(20, 60_000),
      inbox.claimDue(20, 60_000),
    ]);
    const rest = await inbox.claimDue(50, 60_000);
    const claimed = [...(first ?? []), ...(second ?? []), ...rest].map((row) => row.event_id);

    assert.equal(new Set(claimed).size, claimed.length, 'no event claimed twice');
    assert.deepEqual(new Set(claimed), new Set(ids));
    assert.deepEqual(await inbox.claimDue(50, 60_000), []);
    await inbox.markProcessed(ids);
    for (const row of await rowsOf(ids)) {
      assert.equal(row.status, 'processed');
      assert.equal(row.attempts, 1);
    }
  });

  it('should claim from a sudden backlog in a moment, whatever the planner last saw', async () => {
    // Statistics taken while every event was processed, as on a quiet store, then a burst:
    // a claim planned from them re-read the whole backlog once for every pending row.
    const inbox = store.ctx.webhooks.inbox;
    await inbox.markProcessed(await recordPending(5_000));
    await sql`analyze`.execute(store.ctx.database.db);
    const backlog = await recordPending(20_000);

    const started = performance.now();
    const claimed = await inbox.claimDue(500, 60_000);
    const tookMs = performance.now() - started;

    assert.equal(claimed.length, 500);
    assert.ok(tookMs < 500, `one claim of 500 took ${tookMs.toFixed(0)} ms`);
    await inbox.markProcessed(backlog);
  });

  it('should hand back claimed events that were not attempted, uncounted', async () => {
    const ids = await recordPending(5);
    const inbox = store.ctx.webhooks.inbox;
    assert.equal((await inbox.claimDue(50, 60_000)).length, 5);

    await inbox.release(ids);

    for (const row of await rowsOf(ids)) {
      assert.equal(row.status, 'pending');
      assert.equal(row.attempts, 0);
      assert.equal(row.locked_until, 0);
    }
    assert.equal((await inbox.claimDue(50, 60_000)).length, 5);
    await inbox.markProcessed(ids);
  });

  it('should stop at once when asked to, handing back the batch it had claimed', async () => {
    const ids = await recordPending(120);
    const processor = new WebhookProcessor(store.ctx, store.ctx.webhooks.inbox, store.ctx.logger);

    processor.kick();
    await processor.stop();

    const rows = await rowsOf(ids);
    assert.ok(rows.every((row) => row.status === 'pending' && row.attempts === 0));
    assert.equal(await store.ctx.webhooks.processor.drain(), 120);
  });

  it('should serve kicks that come together with one claim', async () => {
    const inbox = store.ctx.webhooks.inbox;
    let claims = 0;
    const counting = Object.create(inbox) as typeof inbox;
    counting.claimDue = (limit, leaseMs) => {
      claims += 1;
      return inbox.claimDue(limit, leaseMs);
    };
    const processor = new WebhookProcessor(store.ctx, counting, store.ctx.logger);
    const ids = await recordPending(10);

    for (let i = 0; i < 10; i += 1) processor.kick();
    for (let waited = 0; waited < 5_000; waited += 20) {
      if ((await rowsOf(ids)).every((row) => row.status === 'processed')) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await processor.stop();

    assert.ok((await rowsOf(ids)).every((row) => row.status === 'processed'));
    assert.equal(claims, 1);
  });

  it('should apply a backlog in batches, each event once', async () => {
    const ids = await recordPending(1_200);

    assert.equal(await store.ctx.webhooks.processor.drain(), 1_200);

    const rows = await rowsOf(ids);
    assert.ok(rows.every((row) => row.status === 'processed' && row.attempts === 1));
  });
});
