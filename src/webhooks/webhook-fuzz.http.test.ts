import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import fc from 'fast-check';
import { describeEachDatabase } from '../../test/support/databases.js';
import { deliver, eventPayload, signatureFor } from '../../test/support/webhooks.js';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';

describeEachDatabase('the Stripe webhook under fuzzing', (kind) => {
  let store: TestStore;
  before(async () => {
    store = await startTestStore(kind);
  });
  after(() => store.close());

  const inboxSize = async () =>
    Number(
      (
        await store.ctx.database.db
          .selectFrom('webhook_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const validPayload = fc
    .constantFrom('payment_intent.succeeded', 'charge.refunded', 'customer.created')
    .map((type) => eventPayload({ type, object: { id: 'pi_fuzz', object: 'payment_intent' } }));
  const anyBody = fc.oneof(
    validPayload,
    fc.string(),
    fc.json(),
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  );
  const headerValue = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc
      .tuple(
        fc.integer(),
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 70 }),
      )
      .map(([t, v]) => `t=${t},v1=${v}`),
    fc
      .array(fc.tuple(fc.constantFrom('t', 'v1', 'v0', 'x', ''), fc.string({ maxLength: 20 })), {
        maxLength: 5,
      })
      .map((parts) => parts.map(([k, v]) => `${k}=${v}`).join(',')),
  );
  const printable = (value: string) => /^[\x20-\x7e]*$/.test(value);

  it('should never answer 5xx nor record anything without a valid signature', async () => {
    const before = await inboxSize();
    await fc.assert(
      fc.asyncProperty(
        anyBody,
        fc.array(headerValue.filter(printable), { maxLength: 3 }),
        async (body, headers) => {
          const response = await deliver(store, body, {
            signature: headers.length === 0 ? null : headers,
          });
          assert.ok(
            response.status === 400 || response.status === 413,
            `status ${response.status}`,
          );
        },
      ),
      { numRuns: 150 },
    );
    assert.equal(await inboxSize(), before);
  });

  it('should refuse a valid signature moved onto any other body', async () => {
    const before = await inboxSize();
    const signed = eventPayload({
      type: 'payment_intent.succeeded',
      object: { id: 'pi_fuzz', object: 'payment_intent' },
    });
    const signature = signatureFor(signed, store.emulator.webhookSecret);
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), fc.nat(), async (insert, at) => {
        const position = at % (signed.length + 1);
        const altered = signed.slice(0, position) + insert + signed.slice(position);
        fc.pre(altered !== signed);
        const response = await deliver(store, altered, { signature });
        assert.equal(response.status, 400);
      }),
      { numRuns: 100 },
    );
    assert.equal(await inboxSize(), before);
  });
});
