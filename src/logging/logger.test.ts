import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { createLogger, maskEmail, serializeError, writesAt } from './logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'trace', destination }) };
}

describe('the logger', () => {
  it('should blank out secrets wherever a careless line puts them', () => {
    const { lines, logger } = capture();
    logger.info({
      password: 'hunter2hunter2',
      token: 'wst_secret_token',
      client_secret: 'pi_1_secret_2',
      authorization: 'Bearer wst_abc',
      headers: {
        authorization: 'Bearer wst_def',
        cookie: 'webstore_session=wst_ghi',
        'stripe-signature': 't=1,v1=abc',
      },
      body: { anything: 'at all' },
      payload: '{"id":"evt_1"}',
      nested: { secret: 'whsec_x', webhook_secret: 'whsec_y', api_key: 'sk_test_z' },
      response: { 'set-cookie': 'webstore_session=wst_jkl', signature: 'v1=cafe' },
      stripe: { secret_key: 'sk_live_mno', card: '4242424242424242' },
    });
    const text = lines.join('\n');
    for (const secret of [
      'hunter2hunter2',
      'wst_secret_token',
      'pi_1_secret_2',
      'wst_abc',
      'wst_def',
      'wst_ghi',
      'v1=abc',
      'at all',
      'evt_1',
      'whsec_x',
      'whsec_y',
      'sk_test_z',
      'wst_jkl',
      'v1=cafe',
      'sk_live_mno',
      '4242424242424242',
    ]) {
      assert.ok(!text.includes(secret), secret);
    }
    assert.ok(text.includes('[redacted]'));
  });

  it('should log only method, path and address of a request: no query string, no headers', () => {
    const { lines, logger } = capture();
    logger.info({
      req: {
        method: 'GET',
        url: '/api/v1/orders?token=wst_leak',
        ip: '10.0.0.1',
        headers: { authorization: 'x' },
      },
    });
    const entry = JSON.parse(lines[0] ?? '{}');
    assert.deepEqual(entry.req, { method: 'GET', path: '/api/v1/orders', ip: '10.0.0.1' });
  });

  it('should fall back to the socket address, and log only the status of a response', () => {
    const { lines, logger } = capture();
    logger.info({
      req: { method: 'POST', socket: { remoteAddress: '10.0.0.2' } },
      res: { statusCode: 201, headers: { x: 1 } },
    });
    const entry = JSON.parse(lines[0] ?? '{}');
    assert.deepEqual(entry.req, { method: 'POST', path: '', ip: '10.0.0.2' });
    assert.deepEqual(entry.res, { status: 201 });
  });

  it('should keep an error’s string code, and say what was thrown when it is no Error', () => {
    const coded = Object.assign(new Error('refused'), { code: 'ECONNREFUSED', detail: 'secret' });
    assert.equal(serializeError(coded).code, 'ECONNREFUSED');
    assert.equal(serializeError(coded).detail, undefined);
    assert.equal('code' in serializeError(Object.assign(new Error('x'), { code: 42 })), false);
    assert.deepEqual(serializeError('a string'), { type: 'string' });
    assert.deepEqual(serializeError({ password: 'x' }), { type: 'object' });
  });

  it('should keep a Stripe verification error to its type and message, never its payload', () => {
    const error = new Stripe.errors.StripeSignatureVerificationError(
      't=1,v1=deadbeef',
      '{"marker":"p4yl0ad"}',
      {
        message: 'No signatures found matching the expected signature for payload',
      },
    );
    const serialized = serializeError(error);
    assert.deepEqual(Object.keys(serialized).sort(), ['message', 'stack', 'type']);
    assert.ok(!JSON.stringify(serialized).includes('deadbeef'));
    assert.ok(!JSON.stringify(serialized).includes('p4yl0ad'));
  });

  it('should neutralise line breaks in logged values: one event, one line', () => {
    const { lines, logger } = capture();
    logger.warn({ route: '/x\r\n{"level":60,"msg":"forged"}' }, 'line\nbreak');
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0] ?? '{}');
    assert.equal(entry.route, '/x\r\n{"level":60,"msg":"forged"}');
    assert.equal(entry.msg, 'line\nbreak');
  });

  it('should mask emails down to their first letter and domain', () => {
    assert.equal(maskEmail('alice@example.com'), 'a***@example.com');
    assert.equal(maskEmail('a@b.c'), 'a***@b.c');
    assert.equal(maskEmail('not-an-email'), '***');
    assert.equal(maskEmail('@example.com'), '***');
  });

  it('should tell whether a line of a level would be written', () => {
    assert.equal(writesAt({ level: 'info' }, 'info'), true);
    assert.equal(writesAt({ level: 'debug' }, 'info'), true);
    assert.equal(writesAt({ level: 'warn' }, 'info'), false);
    assert.equal(writesAt({ level: 'info' }, 'debug'), false);
    assert.equal(writesAt({ level: 'silent' }, 'info'), false);
  });
});
