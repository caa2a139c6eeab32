/**
 * What the Idempotency-Key plugin costs a checkout-like POST: the same route (cart, then
 * checkout with its PaymentIntent at the emulator) with a required key, a fresh one each
 * request so every request is a first use, and without the plugin, in one run, compared by
 * mean latency. The bound is 1.3 times.
 */
import { SessionStore } from '../../src/accounts/sessions.js';
import { UserStore } from '../../src/accounts/users.js';
import { randomBase62 } from '../../src/shared/ids.js';
import { systemClock } from '../../src/shared/clock.js';
import type { BenchDatabase } from '../bench-database.js';
import type { BenchOptions } from '../bench-options.js';
import { measure, type LoadResult } from '../load.js';
import { spawnBaseline } from '../processes.js';

/** A few buyers at once, not a crowd: latency, not throughput, is what is compared. */
const CONNECTIONS = 8;
/** Customers taken in turn, so that no two requests in flight share one cart. */
const CUSTOMERS = 64;

export async function measureIdempotencyOverhead(
  bench: BenchDatabase,
  productId: string,
  storeEnv: Record<string, string>,
  options: BenchOptions,
): Promise<{ withKey: LoadResult; withoutKey: LoadResult }> {
  const tokens = await Promise.all(
    Array.from({ length: CUSTOMERS }, () => signedInCustomer(bench)),
  );
  let turn = 0;
  const server = await spawnBaseline('idempotency-route.ts', {
    ...storeEnv,
    PRODUCT_ID: productId,
  });
  try {
    const spec = (path: string, withKey: boolean) => ({
      url: server.url,
      path,
      method: 'POST' as const,
      connections: CONNECTIONS,
      serverPid: server.child.pid,
      nextRequest: () => ({
        headers: {
          authorization: `Bearer ${tokens[turn++ % CUSTOMERS] ?? ''}`,
          'content-type': 'application/json',
          ...(withKey ? { 'idempotency-key': `bench-${randomBase62(20)}` } : {}),
        },
        body: '{}',
      }),
    });
    const withoutKey = await measure(
      spec('/bench/without-key', false),
      options.warmupSeconds,
      options.measureSeconds,
    );
    const withKey = await measure(
      spec('/bench/with-key', true),
      options.warmupSeconds,
      options.measureSeconds,
    );
    return { withKey, withoutKey };
  } finally {
    await server.stop();
  }
}

async function signedInCustomer(bench: BenchDatabase): Promise<string> {
  const users = new UserStore(bench.database.db, systemClock);
  const email = `bench-${randomBase62(10).toLowerCase()}@example.test`;
  // Nobody logs in with it: a session is made directly, so no hash needs computing.
  const user = await users.create(email, 'not a password hash', 'customer');
  if (user === null) throw new Error('could not create the bench customer');
  const sessions = new SessionStore(bench.database.db, systemClock, {
    idleMinutes: 600,
    absoluteHours: 24,
  });
  return (await sessions.create(user.id)).token;
}
