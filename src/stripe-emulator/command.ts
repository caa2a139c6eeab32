/**
 * `webstore stripe-emulator --port P --webhook-url U --webhook-secret S [--api-key K] [--host H]
 * [--database PATH] [--public-url URL]`: the emulator alone, until SIGINT or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../logging/logger.js';
import { startStripeEmulator } from './emulator.js';
import type { StripeEmulatorOptions } from './options.js';

/** Starts the emulator from command-line arguments and resolves once it has stopped. */
export async function runStripeEmulatorCommand(argv: string[]): Promise<void> {
  const options = optionsFrom(argv);
  const emulator = await startStripeEmulator(options);
  // The one plain line: what runs where, and that it is not Stripe.
  process.stdout.write(
    `Stripe emulator listening on ${emulator.url} (test mode: no real money moves)\n`,
  );

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await emulator.close();
}

function optionsFrom(argv: string[]): StripeEmulatorOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'api-key': { type: 'string' },
      database: { type: 'string' },
      'public-url': { type: 'string' },
    },
  });
  const port = values.port === undefined ? 12111 : Number(values.port);
  if (values.port !== undefined && !/^\d+$/.test(values.port)) {
    throw new Error(`--port must be a port number, got "${values.port}"`);
  }
  return {
    port,
    host: values.host,
    webhookUrl: values['webhook-url'] ?? null,
    webhookSecret: values['webhook-secret'],
    apiKey: values['api-key'],
    databasePath: values.database,
    publicUrl: values['public-url'],
    logger: createLogger({ level: process.env.LOG_LEVEL ?? 'info' }),
  };
}
