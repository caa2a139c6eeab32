import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInboundEvent } from './inbound-event.js';

const event = (overrides: Record<string, unknown> = {}, object: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      id: 'evt_1',
      object: 'event',
      type: 'charge.refunded',
      created: 1_800_000_000,
      livemode: false,
      data: { object: { id: 'ch_1', object: 'charge', payment_intent: 'pi_1', ...object } },
      ...overrides,
    }),
  );

describe('reading a verified body as a Stripe event', () => {
  it('should keep the id, type, time, mode and the objects it points at', () => {
    assert.deepEqual(parseInboundEvent(event()), {
      id: 'evt_1',
      type: 'charge.refunded',
      created: 1_800_000_000,
      livemode: false,
      objectId: 'ch_1',
      paymentIntentId: 'pi_1',
    });
  });

  it('should take a PaymentIntent as its own, and an expanded one by its id', () => {
    const intent = parseInboundEvent(
      event({}, { id: 'pi_9', object: 'payment_intent', payment_intent: undefined }),
    );
    assert.equal(intent?.paymentIntentId, 'pi_9');
    const expanded = parseInboundEvent(
      event({}, { payment_intent: { id: 'pi_7', object: 'payment_intent' } }),
    );
    assert.equal(expanded?.paymentIntentId, 'pi_7');
    const none = parseInboundEvent(event({}, { payment_intent: null }));
    assert.equal(none?.paymentIntentId, null);
  });

  it('should refuse what is not JSON, not an object, or not an event', () => {
    for (const body of ['not json', '[]', 'null', '"evt_1"', '{"object":"charge"}']) {
      assert.equal(parseInboundEvent(Buffer.from(body)), null, body);
    }
    assert.equal(parseInboundEvent(event({ object: 'list' })), null);
  });

  it('should refuse an event with a malformed id, type, time, mode or object', () => {
    const bad: Record<string, unknown>[] = [
      { id: 'ch_1' },
      { id: 'evt_' },
      { id: 'xevt_1' },
      { id: 'evt_1 x' },
      { id: 1 },
      { id: ['evt_1'] },
      { type: ['charge.refunded'] },
      { type: 'Charge.Refunded' },
      { type: '' },
      { type: 'x'.repeat(101) },
      { created: 1.5 },
      { created: '1800000000' },
      { livemode: 'false' },
      { data: {} },
      { data: { object: [] } },
      { data: null },
    ];
    for (const overrides of bad) {
      assert.equal(parseInboundEvent(event(overrides)), null, JSON.stringify(overrides));
    }
  });

  it('should drop ids that are not plain tokens instead of looking them up', () => {
    const odd = parseInboundEvent(event({}, { id: 'ch_1; drop table', payment_intent: 'pi_1\n' }));
    assert.deepEqual([odd?.objectId, odd?.paymentIntentId], [null, null]);
    const long = parseInboundEvent(event({}, { id: `ch_${'a'.repeat(300)}` }));
    assert.equal(long?.objectId, null);
    const listed = parseInboundEvent(event({}, { id: ['ch_1'], payment_intent: ['pi_1'] }));
    assert.deepEqual([listed?.objectId, listed?.paymentIntentId], [null, null]);
  });
});
