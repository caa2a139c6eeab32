import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../shared/clock.js';
import { LISTING_TTL_MS, ListingCache } from './listing-cache.js';

describe('the public listing cache', () => {
  it('should serve a page for a second, and read afresh after', () => {
    const clock = new ManualClock();
    const cache = new ListingCache<string>(clock);
    cache.set('20:', 'page one');
    clock.advance(LISTING_TTL_MS - 1);
    assert.equal(cache.get('20:'), 'page one');
    clock.advance(1);
    assert.equal(cache.get('20:'), undefined);
  });

  it('should keep pages apart by key, and forget them all when told', () => {
    const cache = new ListingCache<string>(new ManualClock());
    cache.set('20:', 'first');
    cache.set('20:abc', 'second');
    assert.deepEqual(
      [cache.get('20:'), cache.get('20:abc'), cache.get('5:')],
      ['first', 'second', undefined],
    );
    cache.clear();
    assert.equal(cache.get('20:'), undefined);
  });

  it('should never grow past its bound, whatever cursors are asked for', () => {
    const cache = new ListingCache<number>(new ManualClock());
    for (let i = 0; i < 10_000; i += 1) cache.set(`20:${i}`, i);
    const kept = Array.from({ length: 10_000 }, (_, i) => cache.get(`20:${i}`)).filter(
      (v) => v !== undefined,
    );
    assert.ok(kept.length <= 256, `${kept.length} pages kept`);
    assert.equal(cache.get('20:9999'), 9999);
  });
});
