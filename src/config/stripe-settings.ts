/**
 * The Stripe part of the configuration: which keys sit in which slot, and which combinations
 * are refused because they would leak a secret or verify webhooks with the wrong secret.
 *
 * Stripe keys carry their kind and mode in the prefix (`sk_live_`, `pk_test_`, `rk_live_`), so
 * most mistakes can be caught before the first request.
 * https://docs.stripe.com/keys
 */

export type StripeMode = 'emulator' | 'test' | 'live';

export interface StripeApiBase {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

export interface StripeSettings {
  /** `emulator` when no secret key is set: the bundled emulator runs in-process. */
  mode: StripeMode;
  secretKey: string | null;
  publishableKey: string | null;
  /** Every secret a webhook may be signed with, so a secret can be rolled without downtime. */
  webhookSecrets: string[];
  /** Where the Stripe API is, when it is not api.stripe.com. */
  apiBase: StripeApiBase | null;
  /** The port of the in-process emulator (emulator mode only). */
  emulatorPort: number;
}

type Env = Record<string, string | undefined>;

const SECRET_KEY = /^(sk|rk)_(test|live)_[0-9A-Za-z_]+$/;
const PUBLISHABLE_KEY = /^pk_(test|live)_[0-9A-Za-z_]+$/;
const WEBHOOK_SECRET = /^whsec_[0-9A-Za-z_+/=-]+$/;

/** The emulator marks its webhook secrets so a live key can never be paired with one. */
export const TEST_WEBHOOK_SECRET_PREFIX = 'whsec_test_';

export function parseStripeSettings(
  env: Env,
  publicUrl: string,
  fail: (message: string) => Error,
): StripeSettings {
  const secretKey = secretKeyFrom(env, fail);
  const publishableKey = publishableKeyFrom(env, fail);
  const webhookSecrets = webhookSecretsFrom(env, fail);
  const apiBase = apiBaseFrom(env, fail);
  const mode: StripeMode = secretKey === null ? 'emulator' : modeOf(secretKey);

  if (secretKey === null && apiBase !== null) {
    throw fail('STRIPE_API_BASE needs STRIPE_SECRET_KEY: the key to use at that API');
  }
  if (secretKey !== null && publishableKey === null) {
    throw fail('STRIPE_PUBLISHABLE_KEY is required when STRIPE_SECRET_KEY is set');
  }
  if (secretKey !== null && webhookSecrets.length === 0) {
    throw fail('STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set');
  }
  if (publishableKey !== null && modeOf(publishableKey) !== (mode === 'live' ? 'live' : 'test')) {
    throw fail('STRIPE_PUBLISHABLE_KEY and STRIPE_SECRET_KEY are of different modes (test/live)');
  }
  if (mode === 'live') checkLiveSettings(webhookSecrets, apiBase, publicUrl, fail);

  return {
    mode,
    secretKey,
    publishableKey,
    webhookSecrets,
    apiBase,
    emulatorPort: emulatorPortFrom(env, fail),
  };
}

function secretKeyFrom(env: Env, fail: (message: string) => Error): string | null {
  const key = nonEmpty(env.STRIPE_SECRET_KEY);
  if (key === null) return null;
  refuseWhiteSpace('STRIPE_SECRET_KEY', key, fail);
  if (key.startsWith('pk_')) {
    throw fail(
      'STRIPE_SECRET_KEY holds a publishable key (pk_…); it takes the secret key (sk_… or rk_…)',
    );
  }
  if (key.startsWith('whsec_')) {
    throw fail(
      'STRIPE_SECRET_KEY holds a webhook secret (whsec_…); that goes in STRIPE_WEBHOOK_SECRET',
    );
  }
  if (!SECRET_KEY.test(key)) {
    throw fail('STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_… or rk_…)');
  }
  return key;
}

function publishableKeyFrom(env: Env, fail: (message: string) => Error): string | null {
  const key = nonEmpty(env.STRIPE_PUBLISHABLE_KEY);
  if (key === null) return null;
  refuseWhiteSpace('STRIPE_PUBLISHABLE_KEY', key, fail);
  if (/^(sk|rk)_/.test(key)) {
    // A secret key here would be handed to every browser that checks out.
    throw fail('STRIPE_PUBLISHABLE_KEY holds a secret key; it takes the publishable key (pk_…)');
  }
  if (!PUBLISHABLE_KEY.test(key)) {
    throw fail('STRIPE_PUBLISHABLE_KEY must be a Stripe publishable key (pk_…)');
  }
  return key;
}

function webhookSecretsFrom(env: Env, fail: (message: string) => Error): string[] {
  const raw = env.STRIPE_WEBHOOK_SECRET;
  if (raw === undefined || raw === '') return [];

  // White space is refused rather than trimmed: a secret pasted with a stray newline would
  // otherwise fail every signature in production with no hint why.
  refuseWhiteSpace('STRIPE_WEBHOOK_SECRET', raw, fail);
  const secrets = raw.split(',');
  for (const secret of secrets) {
    if (!WEBHOOK_SECRET.test(secret)) {
      throw fail('STRIPE_WEBHOOK_SECRET must be one or more whsec_… secrets, comma-separated');
    }
  }
  return secrets;
}

function apiBaseFrom(env: Env, fail: (message: string) => Error): StripeApiBase | null {
  const raw = nonEmpty(env.STRIPE_API_BASE);
  if (raw === null) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fail(`STRIPE_API_BASE is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw fail('STRIPE_API_BASE must be an http or https URL');
  }
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port === '' ? (protocol === 'https' ? 443 : 80) : Number(url.port);
  return { host: url.hostname, port, protocol };
}

function checkLiveSettings(
  webhookSecrets: string[],
  apiBase: StripeApiBase | null,
  publicUrl: string,
  fail: (message: string) => Error,
): void {
  if (webhookSecrets.some((secret) => secret.startsWith(TEST_WEBHOOK_SECRET_PREFIX))) {
    throw fail('a live STRIPE_SECRET_KEY cannot be used with a test webhook secret (whsec_test_…)');
  }
  if (!publicUrl.startsWith('https://')) {
    throw fail('PUBLIC_URL must be https when a live STRIPE_SECRET_KEY is set');
  }
  if (apiBase !== null && apiBase.protocol !== 'https') {
    throw fail('STRIPE_API_BASE must be https when a live STRIPE_SECRET_KEY is set');
  }
}

function emulatorPortFrom(env: Env, fail: (message: string) => Error): number {
  const raw = env.STRIPE_EMULATOR_PORT;
  if (raw === undefined || raw === '') return 12111;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
    throw fail(`STRIPE_EMULATOR_PORT must be a port number; got "${raw}"`);
  }
  return Number(raw);
}

function modeOf(key: string): 'test' | 'live' {
  return key.split('_')[1] === 'live' ? 'live' : 'test';
}

function refuseWhiteSpace(name: string, value: string, fail: (message: string) => Error): void {
  if (/\s/.test(value)) throw fail(`${name} contains white space; remove it`);
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}
