import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

const TEST_KEYS = {
  STRIPE_SECRET_KEY: 'sk_test_abc123',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_abc123',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
};
const LIVE_KEYS = {
  STRIPE_SECRET_KEY: 'sk_live_abc123',
  STRIPE_PUBLISHABLE_KEY: 'pk_live_abc123',
  STRIPE_WEBHOOK_SECRET: 'whsec_live123',
  PUBLIC_URL: 'https://shop.example',
};

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    assert.ok(!error.message.includes('\n'), 'one line');
    return error.message;
  }
  assert.fail('the configuration was accepted');
}

describe('configuration', () => {
  it('should default to SQLite, 127.0.0.1:3000 and the bundled emulator', () => {
    const config = loadConfig({});
    assert.deepEqual(config.database, { kind: 'sqlite', path: 'data/webstore.db' });
    assert.equal(config.publicUrl, 'http://127.0.0.1:3000');
    assert.equal(config.stripe.mode, 'emulator');
    assert.equal(config.webhookToleranceSeconds, 300);
    assert.deepEqual(config.rateLimits.loginPerAccount, { limit: 10, windowSeconds: 900 });
  });

  it('should accept test and live keys in their slots, and several webhook secrets', () => {
    const test = loadConfig({ ...TEST_KEYS, STRIPE_WEBHOOK_SECRET: 'whsec_new,whsec_old' });
    assert.equal(test.stripe.mode, 'test');
    assert.deepEqual(test.stripe.webhookSecrets, ['whsec_new', 'whsec_old']);
    assert.equal(loadConfig(LIVE_KEYS).stripe.mode, 'live');
    assert.equal(
      loadConfig({ ...LIVE_KEYS, STRIPE_SECRET_KEY: 'rk_live_abc123' }).stripe.mode,
      'live',
    );
  });

  it('should refuse a publishable key in the secret slot, and a secret key in the publishable one', () => {
    assert.match(refusal({ ...TEST_KEYS, STRIPE_SECRET_KEY: 'pk_test_abc123' }), /publishable key/);
    assert.match(
      refusal({ ...TEST_KEYS, STRIPE_PUBLISHABLE_KEY: 'sk_test_abc123' }),
      /holds a secret key/,
    );
    assert.match(refusal({ ...TEST_KEYS, STRIPE_SECRET_KEY: 'whsec_abc123' }), /webhook secret/);
  });

  it('should refuse a live key with a test webhook secret or an http PUBLIC_URL', () => {
    assert.match(
      refusal({ ...LIVE_KEYS, STRIPE_WEBHOOK_SECRET: 'whsec_test_emulator1' }),
      /test webhook secret/,
    );
    assert.match(
      refusal({ ...LIVE_KEYS, PUBLIC_URL: 'http://shop.example' }),
      /PUBLIC_URL must be https/,
    );
    assert.match(refusal({ ...LIVE_KEYS, STRIPE_API_BASE: 'http://127.0.0.1:12111' }), /https/);
  });

  it('should refuse keys of different modes, and a key without its partners', () => {
    assert.match(
      refusal({ ...TEST_KEYS, STRIPE_PUBLISHABLE_KEY: 'pk_live_abc123' }),
      /different modes/,
    );
    assert.match(
      refusal({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_a' }),
      /PUBLISHABLE_KEY is required/,
    );
    assert.match(
      refusal({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_PUBLISHABLE_KEY: 'pk_test_a' }),
      /WEBHOOK_SECRET is required/,
    );
  });

  it('should refuse white space in a webhook secret or key, rather than trim it', () => {
    for (const secret of ['whsec_abc\n', ' whsec_abc', 'whsec_a, whsec_b', 'whsec_a\tb']) {
      assert.match(refusal({ ...TEST_KEYS, STRIPE_WEBHOOK_SECRET: secret }), /white space/);
    }
    assert.match(refusal({ ...TEST_KEYS, STRIPE_SECRET_KEY: 'sk_test_abc ' }), /white space/);
    assert.match(refusal({ ...TEST_KEYS, STRIPE_WEBHOOK_SECRET: 'whsec_a,,whsec_b' }), /whsec_/);
  });

  it('should refuse malformed values with the variable named', () => {
    assert.match(refusal({ PORT: 'eighty' }), /^PORT/);
    assert.match(refusal({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
    assert.match(refusal({ LOG_LEVEL: 'loud' }), /LOG_LEVEL/);
    assert.match(refusal({ RATE_LIMIT_LOGIN_PER_ACCOUNT: '0' }), /RATE_LIMIT_LOGIN_PER_ACCOUNT/);
    assert.match(refusal({ WEBHOOK_TOLERANCE_SECONDS: '-5' }), /WEBHOOK_TOLERANCE_SECONDS/);
    assert.match(refusal({ PUBLIC_URL: 'ftp://shop' }), /PUBLIC_URL/);
  });
});
