import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isId, newId, randomBase62 } from './ids.js';

describe('random ids', () => {
  it('should make ids of their kind, never the same one twice, across many pool refills', () => {
    const ids = Array.from({ length: 20_000 }, () => newId('order'));

    assert.ok(ids.every((id) => isId('order', id)));
    assert.equal(new Set(ids).size, ids.length);
  });

  it('should use every base62 character about equally often', () => {
    const counts = new Map<string, number>();
    for (const char of randomBase62(62 * 2_000)) counts.set(char, (counts.get(char) ?? 0) + 1);

    assert.equal(counts.size, 62);
    // 2,000 expected each; a bias such as byte % 62 without rejection would show as about 2,420.
    for (const [char, count] of counts)
      assert.ok(count > 1_750 && count < 2_250, `${char}: ${count}`);
  });
});
