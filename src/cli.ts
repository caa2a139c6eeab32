#!/usr/bin/env node
/**
 * The `webstore` command: `serve`, `migrate`, `create-admin` and `stripe-emulator`.
 *
 * Every refusal (bad configuration, unreachable database, bad arguments) is one line on
 * standard error and exit status 1; the server's own output is JSON log lines.
 */
import { parseArgs } from 'node:util';
import { createAdmin, readPasswordLine } from './cli/create-admin.js';
import { CliError } from './cli/cli-error.js';
import { ConfigError, loadConfig } from './config/config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { createLogger } from './logging/logger.js';
import { startStore } from './server/start-store.js';
import { CrashPoints } from './shared/crash-points.js';
import { runStripeEmulatorCommand } from './stripe-emulator/index.js';

const USAGE = `usage: webstore <command>

  serve [--demo]                 serve the store (npm start adds --demo: seed a demo catalogue)
  migrate                        apply database migrations and exit
  create-admin --email E         create or promote an admin; password on standard input
  stripe-emulator --port P --webhook-url U --webhook-secret S [--api-key K]
                                 run the bundled Stripe emulator alone

Configuration comes from the environment; see README.md.`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'migrate':
      return migrate();
    case 'create-admin':
      return createAdminCommand(rest);
    case 'stripe-emulator':
      return runStripeEmulatorCommand(rest);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      throw new CliError(`unknown command "${command}"\n${USAGE}`);
  }
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { demo: { type: 'boolean', default: false } } });
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  const store = await startStore(config, {
    logger,
    demo: values.demo,
    crashPoints: CrashPoints.fromEnvironment(process.env),
  });

  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    store.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function migrate(): Promise<void> {
  const config = loadConfig();
  const database = openDatabase(config.database);
  try {
    const applied = await migrateToLatest(database);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'up to date\n');
  } finally {
    await database.close();
  }
}

async function createAdminCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } } });
  if (!values.email) throw new CliError('create-admin needs --email E');
  const config = loadConfig();
  const password = await readPasswordLine();
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database);
    // The command's own output is its one line; the trail of what it did is in the database.
    const logger = createLogger({ level: 'error' });
    const outcome = await createAdmin(config, database, logger, values.email, password);
    process.stdout.write(
      outcome === 'created' ? 'admin created\n' : 'account promoted to admin; its sessions ended\n',
    );
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof CliError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`webstore: ${known ? message : `failed: ${message}`}\n`);
  process.exit(1);
});
