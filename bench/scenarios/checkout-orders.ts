/**
 * Checkout against the bundled emulator: each of a few customers fills the cart with one
 * product and checks out, again and again, as a closed loop. Only the checkout call is timed;
 * an order counts once the store answered 201 with its PaymentIntent.
 */
import { randomBase62 } from '../../src/shared/ids.js';
import type { BenchOptions } from '../bench-options.js';

/** Enough concurrent buyers to keep the store and the emulator busy on two cores. */
const CUSTOMERS = 16;

export interface CheckoutResult {
  ordersPerSecond: number;
  p99Ms: number;
  failed: number;
}

interface Customer {
  token: string;
}

export async function measureCheckout(
  storeUrl: string,
  productIds: string[],
  options: BenchOptions,
): Promise<CheckoutResult> {
  const customers = await Promise.all(
    Array.from({ length: CUSTOMERS }, () => registerCustomer(storeUrl)),
  );
  await runBuyers(storeUrl, customers, productIds, options.warmupSeconds);
  const run = await runBuyers(storeUrl, customers, productIds, options.measureSeconds);
  const latencies = run.latencies.sort((a, b) => a - b);
  return {
    ordersPerSecond: latencies.length / run.seconds,
    p99Ms: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? NaN,
    failed: run.failed,
  };
}

async function runBuyers(
  url: string,
  customers: Customer[],
  productIds: string[],
  seconds: number,
) {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    customers.map(async (customer, index) => {
      for (let round = 0; performance.now() < deadline; round += 1) {
        const productId = productIds[(index + round) % productIds.length] ?? '';
        await call(url, 'PUT', `/api/v1/cart/items/${productId}`, customer, { quantity: 1 });
        const before = performance.now();
        const status = await call(url, 'POST', '/api/v1/checkout', customer, {});
        if (status === 201) latencies.push(performance.now() - before);
        else failed += 1;
      }
    }),
  );
  return { latencies, failed, seconds: (performance.now() - started) / 1000 };
}

async function registerCustomer(url: string): Promise<Customer> {
  const email = `bench-${randomBase62(12).toLowerCase()}@example.test`;
  const response = await fetch(`${url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: `pw-${randomBase62(20)}` }),
  });
  const body = (await response.json()) as { token?: string };
  if (response.status !== 201 || !body.token) throw new Error(`register: ${response.status}`);
  return { token: body.token };
}

async function call(url: string, method: string, path: string, who: Customer, body: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${who.token}`,
      'content-type': 'application/json',
      ...(method === 'POST' ? { 'idempotency-key': `bench-${randomBase62(20)}` } : {}),
    },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}
