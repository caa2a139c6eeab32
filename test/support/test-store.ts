/**
 * A whole store for a test: its own database, the bundled Stripe emulator on an ephemeral port
 * (configured as a standalone emulator, through STRIPE_API_BASE and the keys, as an operator
 * would), the server on an ephemeral port, and logs captured at debug level. Background jobs
 * are off; tests run them by hand so that nothing happens behind their back.
 */
import { loadConfig } from '../../src/config/config.js';
import { startStore, type RunningStore } from '../../src/server/start-store.js';
import type { Clock } from '../../src/shared/clock.js';
import { CrashPoints } from '../../src/shared/crash-points.js';
import { randomBase62 } from '../../src/shared/ids.js';
import { startStripeEmulator, type StripeEmulator } from '../../src/stripe-emulator/index.js';
import { ApiClient } from './api-client.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';
import { LogCapture } from './log-capture.js';
import { rememberSecret } from './secrets.js';

export interface TestStore extends RunningStore {
  api: ApiClient;
  database: TestDatabase;
  emulator: StripeEmulator;
  logs: LogCapture;
  crashPoints: CrashPoints;
  /** The environment the store was configured with, for starting a second process like it. */
  env: Record<string, string>;
}

export interface TestStoreOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** Reuse a database (a restart, or a second process on the same data). */
  database?: TestDatabase;
  /** Reuse an emulator (a restart keeps Stripe's state). */
  emulator?: StripeEmulator;
}

export async function startTestStore(
  kind: DatabaseKind,
  options: TestStoreOptions = {},
): Promise<TestStore> {
  const database = options.database ?? (await createTestDatabase(kind));
  const logs = new LogCapture();
  const emulator =
    options.emulator ??
    (await startStripeEmulator({
      port: 0,
      logger: logs.logger.child({ component: 'stripe_emulator' }),
      delivery: { initialDelayMs: 20, maxDelayMs: 200, maxAttempts: 8, timeoutMs: 2_000 },
    }));
  const secretKey = `sk_test_${randomBase62(24)}`;
  rememberSecret('stripe_secret_key', secretKey);
  rememberSecret('webhook_secret', emulator.webhookSecret);

  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    HOST: '127.0.0.1',
    PORT: '0',
    STRIPE_SECRET_KEY: secretKey,
    STRIPE_PUBLISHABLE_KEY: emulator.publishableKey,
    STRIPE_WEBHOOK_SECRET: emulator.webhookSecret,
    STRIPE_API_BASE: emulator.url,
    STRIPE_TIMEOUT_MS: '2000',
    LOG_LEVEL: 'debug',
    ...options.env,
  };
  const crashPoints = new CrashPoints();
  const store = await startStore(loadConfig(env), {
    logger: logs.logger,
    jobs: false,
    crashPoints,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  emulator.setWebhookUrl(`${store.url}/webhooks/stripe`);

  return {
    ...store,
    api: new ApiClient(store.url),
    database,
    emulator,
    logs,
    crashPoints,
    env,
    async close() {
      await store.close();
      if (!options.emulator) await emulator.close();
      if (!options.database) await database.drop();
    },
  };
}
