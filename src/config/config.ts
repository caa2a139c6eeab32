/**
 * Configuration, read from the environment once at start-up and validated as a whole.
 *
 * Every refusal is a `ConfigError` whose message is one line that says what is wrong and how
 * to fix it; the CLI prints it and exits non-zero. Nothing else in the store reads
 * `process.env`.
 */
import { parseStripeSettings, type StripeSettings } from './stripe-settings.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type DatabaseLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export interface RateLimit {
  /** How many events the window allows. */
  limit: number;
  windowSeconds: number;
}

export interface Config {
  database: DatabaseLocation;
  host: string;
  port: number;
  /** The origin customers see, without a trailing slash. */
  publicUrl: string;
  stripe: StripeSettings;
  webhookToleranceSeconds: number;
  logLevel: string;
  trustProxy: boolean;
  sessions: { idleMinutes: number; absoluteHours: number };
  /** Unpaid orders older than this are cancelled and their stock released. */
  orderPaymentTimeoutMinutes: number;
  /** How long a request may hold an idempotency key before a retry may take it over. */
  idempotencyLeaseSeconds: number;
  /** Timeout of one call to Stripe; the SDK's own default is 80 s. */
  stripeTimeoutMs: number;
  rateLimits: {
    loginPerAccount: RateLimit;
    loginPerAddress: RateLimit;
    registrationsPerAddress: RateLimit;
    checkoutsPerCustomer: RateLimit;
  };
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and validates the whole configuration; throws `ConfigError` on the first problem. */
export function loadConfig(env: Env = process.env): Config {
  const host = env.HOST ?? '127.0.0.1';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const publicUrl = parsePublicUrl(env.PUBLIC_URL ?? `http://${host}:${port}`);
  const stripe = parseStripeSettings(env, publicUrl, (message) => new ConfigError(message));

  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}"`);
  }

  return {
    database: parseDatabaseUrl(env.DATABASE_URL ?? 'sqlite:data/webstore.db'),
    host,
    port,
    publicUrl,
    stripe,
    webhookToleranceSeconds: integer(env, 'WEBHOOK_TOLERANCE_SECONDS', 300, 1, 3600),
    logLevel,
    trustProxy: flag(env, 'TRUST_PROXY', false),
    sessions: {
      idleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 60, 1, 60 * 24 * 30),
      absoluteHours: integer(env, 'SESSION_MAX_HOURS', 24, 1, 24 * 90),
    },
    orderPaymentTimeoutMinutes: integer(env, 'ORDER_PAYMENT_TIMEOUT_MINUTES', 60, 1, 60 * 24 * 7),
    idempotencyLeaseSeconds: integer(env, 'IDEMPOTENCY_LEASE_SECONDS', 60, 1, 3600),
    stripeTimeoutMs: integer(env, 'STRIPE_TIMEOUT_MS', 10_000, 100, 80_000),
    rateLimits: {
      loginPerAccount: rateLimit(env, 'LOGIN_PER_ACCOUNT', 10, 15 * 60),
      loginPerAddress: rateLimit(env, 'LOGIN_PER_ADDRESS', 100, 15 * 60),
      registrationsPerAddress: rateLimit(env, 'REGISTER_PER_ADDRESS', 100, 10 * 60),
      checkoutsPerCustomer: rateLimit(env, 'CHECKOUT_PER_CUSTOMER', 30, 60),
    },
  };
}

export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path === '') throw new ConfigError('DATABASE_URL "sqlite:" needs a file path');
    return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  throw new ConfigError('DATABASE_URL must be sqlite:PATH or postgres://…');
}

function parsePublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`PUBLIC_URL is not a URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('PUBLIC_URL must be an http or https URL');
  }
  return url.origin;
}

/**
 * `RATE_LIMIT_<NAME>` is how many events the window allows and `RATE_LIMIT_<NAME>_WINDOW_SECONDS`
 * how long the window is. A limit can be raised but never switched off.
 */
function rateLimit(env: Env, name: string, limit: number, windowSeconds: number): RateLimit {
  return {
    limit: integer(env, `RATE_LIMIT_${name}`, limit, 1, 1_000_000),
    windowSeconds: integer(env, `RATE_LIMIT_${name}_WINDOW_SECONDS`, windowSeconds, 1, 86_400),
  };
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}"`);
  }
  return Number(raw);
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false; got "${raw}"`);
}
