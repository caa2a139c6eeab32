/**
 * Which Stripe the store talks to: the real one (or a standalone emulator) when a secret key
 * is configured, or else the bundled emulator, started in-process beside the store, with a
 * plain warning that no real money moves.
 */
import { dirname, join } from 'node:path';
import type { Config } from '../config/config.js';
import type { StripeSettings } from '../config/stripe-settings.js';
import type { Logger } from '../logging/logger.js';
import { StripeGateway } from '../payments/stripe/stripe-gateway.js';
import { createStripeClient } from '../payments/stripe/stripe-client.js';
import { randomBase62 } from '../shared/ids.js';
import { startStripeEmulator, type StripeEmulator } from '../stripe-emulator/index.js';

export interface StripeSetup {
  gateway: StripeGateway;
  /** The settings in force, with the emulator's keys filled in when it runs. */
  settings: StripeSettings & { secretKey: string; publishableKey: string };
  emulator: StripeEmulator | null;
}

export async function setUpStripe(config: Config, logger: Logger): Promise<StripeSetup> {
  const configured = config.stripe;
  let settings: StripeSetup['settings'];
  let emulator: StripeEmulator | null = null;

  if (configured.secretKey !== null && configured.publishableKey !== null) {
    settings = {
      ...configured,
      secretKey: configured.secretKey,
      publishableKey: configured.publishableKey,
    };
  } else {
    emulator = await startStripeEmulator({
      host: config.host,
      port: configured.emulatorPort,
      databasePath: emulatorDatabasePath(config),
      ...(configured.webhookSecrets[0] ? { webhookSecret: configured.webhookSecrets[0] } : {}),
      logger: logger.child({ component: 'stripe_emulator' }),
    });
    logger.warn(
      { stripe_api: emulator.url },
      'no STRIPE_SECRET_KEY set: payments go to the bundled Stripe emulator; no real money moves',
    );
    settings = {
      ...configured,
      secretKey: `sk_test_emulator_${randomBase62(24)}`,
      publishableKey: configured.publishableKey ?? emulator.publishableKey,
      webhookSecrets: [emulator.webhookSecret],
      apiBase: { host: emulator.host, port: emulator.port, protocol: 'http' },
    };
  }

  const stripe = createStripeClient({
    secretKey: settings.secretKey,
    apiBase: settings.apiBase,
    timeoutMs: config.stripeTimeoutMs,
  });
  return { gateway: new StripeGateway(stripe, settings.publishableKey), settings, emulator };
}

/** The emulator keeps its state beside the store's SQLite file, so demo orders survive restarts. */
function emulatorDatabasePath(config: Config): string {
  const storeFile = config.database.kind === 'sqlite' ? config.database.path : 'data/webstore.db';
  if (storeFile === ':memory:') return ':memory:';
  return join(dirname(storeFile), 'stripe-emulator.db');
}
