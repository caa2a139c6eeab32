import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, requestFingerprint, scopeHash } from './fingerprint.js';

describe('request fingerprint', () => {
  it('should not depend on key order', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, 2], c: null } }),
      '{"a":{"c":null,"d":[1,2]},"b":1}',
    );
    const one = requestFingerprint({ route: 'POST /x', params: {}, body: { a: 1, b: 2 } });
    const two = requestFingerprint({ route: 'POST /x', params: {}, body: { b: 2, a: 1 } });
    assert.equal(one, two);
  });

  it('should tell different bodies, params and routes apart', () => {
    const base = { route: 'POST /x', params: { id: 'a' }, body: { amount: 1 } };
    const fingerprint = requestFingerprint(base);
    assert.notEqual(fingerprint, requestFingerprint({ ...base, body: { amount: 2 } }));
    assert.notEqual(fingerprint, requestFingerprint({ ...base, params: { id: 'b' } }));
    assert.notEqual(fingerprint, requestFingerprint({ ...base, route: 'POST /y' }));
    assert.notEqual(fingerprint, requestFingerprint({ ...base, body: undefined }));
  });

  it('should scope a key to its caller and route', () => {
    assert.notEqual(scopeHash('usr_a', 'POST /x', 'k'), scopeHash('usr_b', 'POST /x', 'k'));
    assert.notEqual(scopeHash('usr_a', 'POST /x', 'k'), scopeHash('usr_a', 'POST /y', 'k'));
  });
});
