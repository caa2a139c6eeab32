import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import type { StripeEmulator } from './emulator.js';
import { TEST_KEY, collectingLogger, sdkFor, startTestEmulator } from './test-harness.js';

describe('stripe emulator: wire format and authentication', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;

  before(async () => {
    emulator = await startTestEmulator();
    stripe = sdkFor(emulator);
  });
  after(() => emulator.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${emulator.url}${path}`, {
      headers: { authorization: `Bearer ${TEST_KEY}`, ...headers },
    });

  it('should accept any sk_test_ or rk_test_ key when none is configured', async () => {
    for (const key of ['sk_test_one', 'rk_test_two']) {
      const list = await sdkFor(emulator, key).paymentIntents.list();
      assert.equal(list.object, 'list');
    }
  });

  it('should answer 401 to publishable, live, garbage and missing keys', async () => {
    for (const key of ['pk_test_abc', 'sk_live_abc', 'garbage']) {
      await assert.rejects(sdkFor(emulator, key).paymentIntents.list(), (error: unknown) => {
        assert.ok(error instanceof Stripe.errors.StripeAuthenticationError, key);
        assert.equal(error.statusCode, 401);
        return true;
      });
    }
    const response = await fetch(`${emulator.url}/v1/payment_intents`);
    assert.equal(response.status, 401);
    const body = (await response.json()) as { error: { type: string; message: string } };
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, /did not provide an API key/);
  });

  it('should accept only the configured key when one is given', async () => {
    const strict = await startTestEmulator({ apiKey: 'sk_test_only_this' });
    try {
      assert.equal(
        (await sdkFor(strict, 'sk_test_only_this').paymentIntents.list()).object,
        'list',
      );
      await assert.rejects(
        sdkFor(strict, 'sk_test_another').paymentIntents.list(),
        Stripe.errors.StripeAuthenticationError,
      );
    } finally {
      await strict.close();
    }
  });

  it('should refuse to start with a live key configured', async () => {
    await assert.rejects(startTestEmulator({ apiKey: 'sk_live_abc' }), /must be a test key/);
  });

  it('should accept the key as the user name of HTTP Basic, as curl -u sends it', async () => {
    const basic = Buffer.from(`${TEST_KEY}:`).toString('base64');
    const response = await fetch(`${emulator.url}/v1/events`, {
      headers: { authorization: `Basic ${basic}` },
    });
    assert.equal(response.status, 200);
  });

  it('should put a Request-Id on every response, errors and unknown routes included', async () => {
    for (const response of [
      await get('/v1/payment_intents'),
      await get('/v1/payment_intents/pi_missing'),
      await get('/v1/nothing_here'),
      await fetch(`${emulator.url}/v1/payment_intents`),
      await fetch(`${emulator.url}/test/assets/emulator.css`),
    ]) {
      assert.match(response.headers.get('request-id') ?? '', /^req_[0-9A-Za-z]{14}$/);
    }
  });

  it('should answer an unknown route with a 404 invalid_request_error naming it', async () => {
    const response = await get('/v1/nothing_here?x=1');
    assert.equal(response.status, 404);
    const body = (await response.json()) as { error: { type: string; message: string } };
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, /GET: \/v1\/nothing_here\)/);
  });

  it('should answer 404 resource_missing for an unknown id', async () => {
    await assert.rejects(stripe.paymentIntents.retrieve('pi_unknown'), (error: unknown) => {
      assert.ok(error instanceof Stripe.errors.StripeInvalidRequestError);
      assert.equal(error.statusCode, 404);
      assert.equal(error.code, 'resource_missing');
      assert.equal(error.message.includes("No such payment_intent: 'pi_unknown'"), true);
      return true;
    });
  });

  it('should refuse unknown, missing and malformed parameters as Stripe does', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ amount: 1000, currency: 'usd', colour: 'red' }, 'parameter_unknown', 'colour'],
      [
        { amount: 1000, currency: 'usd', metadata: { a: 'b' }, shipping: { x: 1 } },
        'parameter_unknown',
        'shipping',
      ],
      [{ currency: 'usd' }, 'parameter_missing', 'amount'],
      [{ amount: 'ten', currency: 'usd' }, 'parameter_invalid_integer', 'amount'],
      [{ amount: 49, currency: 'usd' }, 'amount_too_small', 'amount'],
      [{ amount: 100_000_000, currency: 'usd' }, 'amount_too_large', 'amount'],
      [
        { amount: 1000, currency: 'usd', description: '' },
        'parameter_invalid_empty',
        'description',
      ],
    ];
    for (const [params, code, param] of cases) {
      await assert.rejects(
        stripe.paymentIntents.create(params as unknown as Stripe.PaymentIntentCreateParams),
        (error: unknown) => {
          assert.ok(error instanceof Stripe.errors.StripeInvalidRequestError, code);
          assert.equal(error.statusCode, 400);
          assert.equal(error.code, code);
          assert.equal(error.param, param);
          assert.equal(
            error.doc_url,
            `https://docs.stripe.com/error-codes/${code.replaceAll('_', '-')}`,
          );
          return true;
        },
      );
    }
  });

  it('should name nested parameters with brackets in errors', async () => {
    await assert.rejects(
      stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [
          { price_data: { currency: 'usd', product_data: { name: 'Mug' } }, quantity: 1 },
        ],
      } as Stripe.Checkout.SessionCreateParams),
      (error: unknown) => {
        assert.ok(error instanceof Stripe.errors.StripeInvalidRequestError);
        assert.equal(error.code, 'parameter_missing');
        assert.equal(error.param, 'line_items[0][price_data][unit_amount]');
        return true;
      },
    );
  });

  it('should take bracketed query-string parameters on GET', async () => {
    await stripe.paymentIntents.create({ amount: 500, currency: 'eur' });
    const response = await get('/v1/payment_intents?limit=1&expand[]=data.latest_charge');
    const body = (await response.json()) as { data: unknown[]; url: string };
    assert.equal(body.data.length, 1);
    assert.equal(body.url, '/v1/payment_intents');
  });

  it('should refuse JSON bodies as the Stripe API does', async () => {
    const response = await fetch(`${emulator.url}/v1/payment_intents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 1000, currency: 'usd' }),
    });
    assert.equal(response.status, 415);
    const body = (await response.json()) as { error: { type: string } };
    assert.equal(body.error.type, 'invalid_request_error');
  });

  it('should keep keys such as toString as plain metadata, touching no prototype', async () => {
    const response = await fetch(`${emulator.url}/v1/payment_intents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TEST_KEY}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'amount=1000&currency=usd&metadata[__proto__]=x&metadata[toString]=y',
    });
    const intent = (await response.json()) as { metadata: Record<string, string> };
    assert.equal(response.status, 200);
    // qs drops `__proto__` keys on parsing; what remains is ordinary data.
    assert.deepEqual(Object.entries(intent.metadata), [['toString', 'y']]);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it('should log requests without keys, secrets, client secrets or bodies', async () => {
    const { logger, lines } = collectingLogger();
    const logged = await startTestEmulator({ logger, webhookSecret: 'whsec_test_logcheck' });
    try {
      const sdk = sdkFor(logged, 'sk_test_logcheck_key');
      const intent = await sdk.paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        metadata: { order_id: 'ord_secretish' },
      });
      await fetch(
        logged.paymentPageUrl(intent.id, intent.client_secret ?? '', 'http://shop.test/r'),
      );
      const text = lines.join('\n');
      assert.ok(lines.some((line) => line.includes('"route":"/v1/payment_intents"')));
      for (const secret of [
        'sk_test_logcheck_key',
        'whsec_test_logcheck',
        intent.client_secret ?? '',
        'ord_secretish',
      ]) {
        assert.equal(text.includes(secret), false, `log contains ${secret.slice(0, 8)}…`);
      }
    } finally {
      await logged.close();
    }
  });
});
