/**
 * Starting a whole store: database (reached, migrated), Stripe (real or bundled emulator), the
 * HTTP app and the background jobs, and stopping it all again in the reverse order.
 */
import type { FastifyInstance } from 'fastify';
import { createAppContext, type AppContext } from '../app-context.js';
import { buildApp } from '../app.js';
import { seedDemoCatalog } from '../catalog/demo-catalog.js';
import { ConfigError, type Config } from '../config/config.js';
import { openDatabase, pingDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import type { Logger } from '../logging/logger.js';
import type { Clock } from '../shared/clock.js';
import type { CrashPoints } from '../shared/crash-points.js';
import type { StripeEmulator } from '../stripe-emulator/index.js';
import { startJobs, type Jobs } from './jobs.js';
import { setUpStripe } from './stripe-setup.js';

export interface StartOptions {
  logger: Logger;
  /** Seed the demo catalogue when the catalogue is empty (`npm start`). */
  demo?: boolean;
  clock?: Clock;
  crashPoints?: CrashPoints;
  /** Background jobs run unless turned off (tests drive them by hand). */
  jobs?: boolean;
}

export interface RunningStore {
  url: string;
  app: FastifyInstance;
  ctx: AppContext;
  emulator: StripeEmulator | null;
  close(): Promise<void>;
}

export async function startStore(config: Config, options: StartOptions): Promise<RunningStore> {
  const { logger } = options;
  const database = openDatabase(config.database);
  await reachDatabase(database.db, config);
  const applied = await migrateToLatest(database);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');

  const stripe = await setUpStripe(config, logger);
  const ctx = createAppContext({
    config: { ...config, stripe: stripe.settings },
    database,
    logger,
    gateway: stripe.gateway,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.crashPoints ? { crashPoints: options.crashPoints } : {}),
  });
  if (options.demo) {
    const seeded = await seedDemoCatalog(ctx.catalog);
    if (seeded > 0) logger.info({ products: seeded }, 'demo catalogue seeded');
  }

  const app = await buildApp(ctx);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  stripe.emulator?.setWebhookUrl(`${url}/webhooks/stripe`);
  const jobs: Jobs | null = options.jobs === false ? null : startJobs(ctx);
  logger.info(
    { url, public_url: config.publicUrl, stripe_mode: config.stripe.mode },
    'store listening',
  );

  return {
    url,
    app,
    ctx,
    emulator: stripe.emulator,
    async close() {
      await jobs?.stop();
      await app.close();
      await ctx.webhooks.processor.stop();
      await stripe.emulator?.close();
      await database.close();
    },
  };
}

/** Refuses to start, with one line, when the database does not answer. */
async function reachDatabase(
  db: Parameters<typeof pingDatabase>[0],
  config: Config,
): Promise<void> {
  try {
    await pingDatabase(db);
  } catch (error) {
    const where =
      config.database.kind === 'sqlite' ? config.database.path : hostOf(config.database.url);
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(`the database at ${where} does not answer: ${reason}`);
  }
}

/** Host and port of a database URL, never its password. */
function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'the configured URL';
  }
}
