/**
 * The emulator's options, checked and completed with defaults. A bad option fails at start with
 * a sentence that names it, never at the first request.
 */
import { createLogger, type Logger } from '../logging/logger.js';
import type { DeliverySettings } from './events/dispatcher.js';
import { isTestSecretKey } from './http/auth.js';

/** Options of `startStripeEmulator`; every one may be left out. */
export interface StripeEmulatorOptions {
  /** Where to listen; default 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The base URL browsers use for the hosted pages; default http://host:port. */
  publicUrl?: string;
  /** Where events are POSTed; null (the default) sends none until `setWebhookUrl`. */
  webhookUrl?: string | null;
  /** Default: generated, `whsec_test_…`, and kept in a file database across restarts. */
  webhookSecret?: string;
  /** When set, the only key accepted; otherwise any `sk_test_…` or `rk_test_…`. */
  apiKey?: string;
  /** SQLite file for state that survives restarts; default `:memory:`. */
  databasePath?: string;
  /** pino logger; default JSON lines on standard output at `info`. */
  logger?: Logger;
  /** Webhook retry timing: exponential backoff from `initialDelayMs`, capped at `maxDelayMs`. */
  delivery?: Partial<DeliverySettings>;
}

export interface ResolvedOptions {
  host: string;
  port: number;
  publicUrl: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  apiKey: string | null;
  databasePath: string;
  logger: Logger;
  delivery: DeliverySettings;
}

export const DEFAULT_DELIVERY: DeliverySettings = {
  initialDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  maxAttempts: 12,
  timeoutMs: 10_000,
};

const WEBHOOK_SECRET = /^whsec_[0-9A-Za-z_+/=-]+$/;

/** Checks `options` and fills in defaults; throws an Error naming the first bad option. */
export function resolveOptions(options: StripeEmulatorOptions): ResolvedOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Stripe emulator: port must be a number from 0 to 65535, got ${port}`);
  }
  if (options.webhookUrl != null && !isWebhookUrl(options.webhookUrl)) {
    throw new Error('Stripe emulator: webhookUrl must be an absolute http or https URL');
  }
  if (options.publicUrl !== undefined && !isWebhookUrl(options.publicUrl)) {
    throw new Error('Stripe emulator: publicUrl must be an absolute http or https URL');
  }
  if (options.webhookSecret !== undefined && !WEBHOOK_SECRET.test(options.webhookSecret)) {
    throw new Error(
      'Stripe emulator: webhookSecret must look like whsec_… ' +
        '(letters, digits, _ + / = -; no white space)',
    );
  }
  if (options.apiKey !== undefined && !isTestSecretKey(options.apiKey)) {
    // A live key has no business here; refusing it keeps one from being pasted in and leaking.
    throw new Error('Stripe emulator: apiKey must be a test key (sk_test_… or rk_test_…)');
  }
  return {
    host: options.host ?? '127.0.0.1',
    port,
    publicUrl: options.publicUrl?.replace(/\/+$/, '') ?? null,
    webhookUrl: options.webhookUrl ?? null,
    webhookSecret: options.webhookSecret ?? null,
    apiKey: options.apiKey ?? null,
    databasePath: options.databasePath ?? ':memory:',
    logger: options.logger ?? createLogger({ level: 'info' }),
    delivery: resolveDelivery(options.delivery ?? {}),
  };
}

function resolveDelivery(delivery: Partial<DeliverySettings>): DeliverySettings {
  const settings = { ...DEFAULT_DELIVERY, ...delivery };
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isInteger(value) || value < (name === 'maxAttempts' ? 1 : 0)) {
      throw new Error(`Stripe emulator: delivery.${name} must be a whole number, got ${value}`);
    }
  }
  return settings;
}

/** True for an absolute http or https URL. */
export function isWebhookUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
