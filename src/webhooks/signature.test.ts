import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { checkStripeSignature, type SignatureInput } from './signature.js';

const SECRET = 'whsec_test_primary';
const OLD_SECRET = 'whsec_test_previous';
const NOW = 1_800_000_000;
const BODY = Buffer.from(
  JSON.stringify({ id: 'evt_1', object: 'event', type: 'payment_intent.succeeded' }),
);

function header(
  options: { payload?: string; secret?: string; timestamp?: number; scheme?: string } = {},
) {
  return Stripe.webhooks.generateTestHeaderString({
    payload: options.payload ?? BODY.toString(),
    secret: options.secret ?? SECRET,
    timestamp: options.timestamp ?? NOW,
    ...(options.scheme ? { scheme: options.scheme } : {}),
  });
}

function check(headerValues: string[], overrides: Partial<SignatureInput> = {}) {
  return checkStripeSignature({
    rawBody: BODY,
    headerValues,
    secrets: [SECRET],
    toleranceSeconds: 300,
    nowSeconds: NOW,
    ...overrides,
  });
}

const reasonOf = (result: ReturnType<typeof check>) =>
  result.ok ? 'ok' : 'reason' in result ? result.reason : result.code;

describe('Stripe-Signature verification', () => {
  it('should accept a header signed with the secret over the exact bytes', () => {
    assert.deepEqual(check([header()]), { ok: true, timestamp: NOW });
  });

  it('should accept any configured secret, so a secret can be rolled', () => {
    const signedWithOld = header({ secret: OLD_SECRET });
    assert.equal(check([signedWithOld]).ok, false);
    assert.equal(check([signedWithOld], { secrets: [SECRET, OLD_SECRET] }).ok, true);
  });

  it('should refuse a missing, duplicated or malformed header', () => {
    assert.equal(reasonOf(check([])), 'missing_header');
    assert.equal(reasonOf(check([header(), header()])), 'duplicate_header');
    const v1 = header().split(',')[1];
    const malformed = [
      '',
      'garbage',
      `t=${NOW}`,
      't=abc,v1=00',
      `v1=${'a'.repeat(64)}`,
      `t=${NOW},t=${NOW},v1=00`,
      `t=${NOW}, v1=00`,
      `t=${NOW},v1`,
      `t=${NOW}a,${v1}`,
      `t=a${NOW},${v1}`,
      `t=100${NOW},${v1}`,
      `t=${NOW},${v1}=x`,
      `t=${NOW},${v1} x`,
      `t=${NOW},${v1},`,
    ];
    for (const bad of malformed) {
      const result = check([bad]);
      assert.equal(result.ok, false, bad);
      assert.ok(
        ['malformed_header', 'no_v1_signature'].includes(reasonOf(result)),
        `${bad}: ${reasonOf(result)}`,
      );
    }
  });

  it('should refuse an overlong header unread, even with a good signature in it', () => {
    const good = header();
    const padded = `${good},${Array.from({ length: 40 }, () => `v1=${'0'.repeat(64)}`).join(',')}`;
    assert.ok(padded.length > 2048);
    assert.equal(reasonOf(check([padded])), 'malformed_header');
    const base = `${good},${Array.from({ length: 25 }, () => `v1=${'0'.repeat(64)}`).join(',')}`;
    const atLimit = `${base},v1=${'0'.repeat(2048 - base.length - 4)}`;
    assert.equal(atLimit.length, 2048);
    assert.equal(check([atLimit]).ok, true);
  });

  it('should refuse a header with only a v0 signature', () => {
    const v0 = header({ scheme: 'v0' });
    assert.equal(reasonOf(check([v0])), 'no_v1_signature');
  });

  it('should refuse a signature made with the wrong secret', () => {
    assert.equal(
      reasonOf(check([header({ secret: 'whsec_test_attacker' })])),
      'no_matching_signature',
    );
  });

  it('should accept one bad and one good v1 signature, as Stripe sends while rolling', () => {
    const good = header();
    const bad = `v1=${'0'.repeat(64)}`;
    assert.equal(check([`${good},${bad}`]).ok, true);
    assert.equal(check([`t=${NOW},${bad},${good.split(',')[1]}`]).ok, true);
  });

  it('should refuse a tampered, re-serialised or empty body', () => {
    const signed = [header()];
    assert.equal(
      check(signed, { rawBody: Buffer.from(BODY.toString().replace('evt_1', 'evt_2')) }).ok,
      false,
    );
    const pretty = Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 2));
    assert.equal(check(signed, { rawBody: pretty }).ok, false);
    assert.equal(check(signed, { rawBody: Buffer.alloc(0) }).ok, false);
  });

  it('should accept a correctly signed pretty-printed body', () => {
    const pretty = JSON.stringify(JSON.parse(BODY.toString()), null, 2);
    assert.equal(check([header({ payload: pretty })], { rawBody: Buffer.from(pretty) }).ok, true);
  });

  it('should refuse a timestamp too old or too far in the future, only after the signature', () => {
    const old = check([header({ timestamp: NOW - 301 })]);
    assert.deepEqual(old, { ok: false, code: 'signature_expired', skewSeconds: 301 });
    const future = check([header({ timestamp: NOW + 301 })]);
    assert.deepEqual(future, { ok: false, code: 'signature_expired', skewSeconds: -301 });
    assert.equal(check([header({ timestamp: NOW - 300 })]).ok, true);
    assert.equal(check([header({ timestamp: NOW + 300 })]).ok, true);
    // A forged header with an old timestamp learns nothing about the tolerance.
    assert.equal(
      reasonOf(check([header({ timestamp: NOW - 9999, secret: 'whsec_x' })])),
      'no_matching_signature',
    );
  });
});
