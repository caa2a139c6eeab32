/**
 * One store under test, or two on the same database: each a `webstore serve` process, beside
 * one bundled Stripe emulator running alone, configured as an operator would configure a
 * standalone emulator. Rate limits are raised (never switched off) so that the checkout load,
 * which buys far faster than people do, is measured rather than refused.
 */
import { randomBase62 } from '../src/shared/ids.js';
import type { BenchDatabase } from './bench-database.js';
import { freePort, spawnEmulator, spawnStore, type ServerProcess } from './processes.js';

export interface BenchStore {
  stores: ServerProcess[];
  emulator: ServerProcess;
  webhookSecret: string;
  /** The environment the stores run with, for another server configured like them. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startBenchStore(
  bench: BenchDatabase,
  options: { webhookSecret: string; processes?: number; profileDir: string | null },
): Promise<BenchStore> {
  const { webhookSecret } = options;
  const ports = await Promise.all(Array.from({ length: options.processes ?? 1 }, () => freePort()));
  const emulatorPort = await freePort();
  const emulator = await spawnEmulator(
    emulatorPort,
    `http://127.0.0.1:${ports[0]}/webhooks/stripe`,
    webhookSecret,
  );

  const env = {
    DATABASE_URL: bench.url,
    STRIPE_SECRET_KEY: `sk_test_${randomBase62(24)}`,
    STRIPE_PUBLISHABLE_KEY: `pk_test_${randomBase62(24)}`,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: emulator.url,
    RATE_LIMIT_CHECKOUT_PER_CUSTOMER: '1000000',
    RATE_LIMIT_REGISTER_PER_ADDRESS: '1000000',
  };
  const stores: ServerProcess[] = [];
  try {
    // One after the other: the first applies the migrations (already applied by the bench).
    for (const port of ports)
      stores.push(await spawnStore({ ...env, PORT: String(port) }, options.profileDir));
  } catch (error) {
    await Promise.all([...stores, emulator].map((server) => server.stop()));
    throw error;
  }
  return {
    stores,
    emulator,
    webhookSecret,
    env,
    async stop() {
      await Promise.all(stores.map((store) => store.stop()));
      await emulator.stop();
    },
  };
}
