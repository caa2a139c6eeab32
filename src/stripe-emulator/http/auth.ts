/**
 * API key authentication as Stripe does it: the secret key as a bearer token (or as the user name
 * of HTTP Basic, as `curl -u sk_test_…:` sends it). Without a configured key any test secret or
 * restricted key is accepted; with one, only that key. Anything else is a 401.
 * https://docs.stripe.com/api/authentication
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { invalidRequest, type StripeApiError } from '../core/errors.js';

const TEST_KEY = /^(sk|rk)_test_[0-9A-Za-z_]+$/;

/** True for keys the emulator may be configured with: test secret or restricted keys. */
export function isTestSecretKey(key: string): boolean {
  return TEST_KEY.test(key);
}

/** The API key the request authenticates with, or Stripe's 401. */
export function authenticate(header: string | undefined, configuredKey: string | null): string {
  const key = keyFromHeader(header);
  if (key === null) {
    throw unauthorized(
      'You did not provide an API key. Send it in the Authorization header as a bearer token ' +
        '(Authorization: Bearer sk_test_…).',
    );
  }
  if (key.startsWith('pk_')) {
    throw unauthorized(
      'This API call cannot be made with a publishable API key. Use a secret API key.',
    );
  }
  if (configuredKey !== null ? !sameKey(key, configuredKey) : !isTestSecretKey(key)) {
    const hint = configuredKey === null ? ' The emulator accepts test keys only.' : '';
    throw unauthorized(`Invalid API Key provided: ${maskKey(key)}.${hint}`);
  }
  return key;
}

function keyFromHeader(header: string | undefined): string | null {
  if (header === undefined) return null;
  const [scheme, credentials] = header.split(' ', 2);
  if (credentials === undefined || credentials === '') return null;
  if (scheme?.toLowerCase() === 'bearer') return credentials;
  if (scheme?.toLowerCase() === 'basic') {
    const user = Buffer.from(credentials, 'base64').toString('utf8').split(':')[0];
    return user === undefined || user === '' ? null : user;
  }
  return null;
}

/** Compared as digests, in constant time, so the comparison leaks neither content nor length. */
function sameKey(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Stripe shows a rejected key with all but its prefix and last four characters masked. */
function maskKey(key: string): string {
  if (key.length <= 12) return '*'.repeat(key.length);
  return `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

function unauthorized(message: string): StripeApiError {
  return invalidRequest(message, { status: 401 });
}
