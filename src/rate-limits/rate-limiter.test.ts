import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimate } from './rate-limiter.js';

const WINDOW = 60_000;

describe('sliding-window estimate', () => {
  it('should allow while the weighted count is below the limit', () => {
    assert.deepEqual(estimate(30_000, WINDOW, 4, 10, 10), { limited: false, retryAfterSeconds: 0 });
  });

  it('should count the previous window by how much of it still overlaps', () => {
    // Half-way through the window: 10 * 0.5 + 5 = 10, at the limit.
    assert.equal(estimate(30_000, WINDOW, 5, 10, 10).limited, true);
    assert.equal(estimate(30_001, WINDOW, 5, 10, 10).limited, false);
  });

  it('should say when the previous window has decayed enough', () => {
    // 10 * (1 - e) + 5 < 10 once e > 0.5: at 20 s in, that is 10 s away.
    assert.deepEqual(estimate(20_000, WINDOW, 5, 10, 10), { limited: true, retryAfterSeconds: 11 });
  });

  it('should wait into the next window when this one alone reached the limit', () => {
    // 40 s to the window's end, then 10 * (1 - f) < 10 for any f > 0.
    assert.deepEqual(estimate(20_000, WINDOW, 10, 0, 10), { limited: true, retryAfterSeconds: 41 });
    // Twice the limit: half of the next window as well.
    assert.deepEqual(estimate(20_000, WINDOW, 20, 0, 10), { limited: true, retryAfterSeconds: 71 });
  });
});
