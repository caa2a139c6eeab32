/**
 * Every scenario on one database engine, each on a fresh database, producing rows of the
 * table: webhook deliveries against the two baselines, peak memory under that load, catalogue
 * reads, checkout, growth with stored history, and the duplicate storm over two processes.
 */
import { createBenchDatabase, type BenchDatabase, type Engine } from './bench-database.js';
import type { BenchOptions } from './bench-options.js';
import { startBenchStore, type BenchStore } from './bench-store.js';
import { perSecond, type Row } from './report-table.js';
import { compareCatalogReads } from './scenarios/catalog-reads.js';
import { measureCheckout, type CheckoutResult } from './scenarios/checkout-orders.js';
import { measureIdempotencyOverhead } from './scenarios/idempotency-overhead.js';
import { runDuplicateStorm, STORM_EVENTS } from './scenarios/duplicate-storm.js';
import { measureDeliveries } from './scenarios/webhook-deliveries.js';
import type { LoadResult } from './load.js';
import type { ServerProcess } from './processes.js';
import { seedCatalog, seedHistory } from './seed.js';

export interface Baselines {
  bareFastify: ServerProcess;
  express: ServerProcess;
  webhookSecret: string;
}

export async function runEngineSuite(engine: Engine, baselines: Baselines, options: BenchOptions) {
  const rows: Row[] = [];
  const progress = (what: string) => process.stderr.write(`[${engine}] ${what}\n`);

  progress('webhook deliveries, catalogue, checkout');
  const empty = await withStore(engine, 0, baselines, options, async (store, products, bench) => {
    const server = firstStore(store);
    const url = server.url;
    const secret = baselines.webhookSecret;
    const bare = await measureDeliveries(baselines.bareFastify, secret, options);
    const express = await measureDeliveries(baselines.express, secret, options);
    const deliveries = await measureDeliveries(server, secret, options);
    const peakRss = server.peakRssMiB();
    rows.push(...deliveryRows(engine, deliveries, express, bare));
    rows.push(row('memory: peak RSS under webhook load', engine, `${peakRss?.toFixed(0)} MiB`));

    const catalog = await compareCatalogReads(server, options);
    rows.push({
      ...row('catalogue reads', engine, `${perSecond(catalog.store.rate)}, ${cpu(catalog.store)}`),
      against: `bare Fastify ${perSecond(catalog.bare.rate)}, ${cpu(catalog.bare)}`,
      ratio: catalog.store.rate / catalog.bare.rate,
      target: 0.6,
    });

    const checkout = await measureCheckout(url, products, options);
    rows.push(row('checkout: orders', engine, checkoutText(checkout)));

    const keyed = await measureIdempotencyOverhead(bench, products[0] ?? '', store.env, options);
    rows.push({
      ...row(
        'Idempotency-Key on a checkout-like POST: mean latency',
        engine,
        latency(keyed.withKey),
      ),
      against: `the same route without it ${latency(keyed.withoutKey)}`,
      ratio: keyed.withKey.meanMs / keyed.withoutKey.meanMs,
      target: 1.3,
      atMost: true,
    });
    return { deliveries, checkout };
  });

  for (const level of options.growthLevels) {
    progress(`growth: ${level.toLocaleString('en-US')} stored events and orders`);
    await withStore(engine, level, baselines, options, async (store, products) => {
      const server = firstStore(store);
      const deliveries = await measureDeliveries(server, baselines.webhookSecret, options);
      const checkout = await measureCheckout(server.url, products, options);
      rows.push(...growthRows(engine, level, empty, deliveries, checkout));
    });
  }

  progress('duplicate storm over two processes');
  await withStore(engine, 0, baselines, { ...options, processes: 2 }, async (store, _p, bench) => {
    const urls = store.stores.map((server) => server.url);
    const storm = await runDuplicateStorm(
      bench,
      urls,
      baselines.webhookSecret,
      options.connections,
    );
    const exact = storm.recorded === STORM_EVENTS && storm.processed === STORM_EVENTS;
    const once = exact && storm.attempts === STORM_EVENTS;
    rows.push(
      row(
        'duplicate storm: 1,000 events × 10, two processes',
        engine,
        perSecond(storm.deliveriesPerSecond),
      ),
      row(
        'duplicate storm: effects',
        engine,
        `${storm.recorded} recorded, ${storm.processed} processed, ${storm.attempts} attempts, ` +
          `${storm.replaysSeen} replays, ${storm.failedDeliveries} failed deliveries`,
        once ? 'exactly 1,000 applied once: yes' : 'exactly 1,000 applied once: **no**',
      ),
    );
  });
  return rows;
}

type StoreWork<T> = (store: BenchStore, productIds: string[], bench: BenchDatabase) => Promise<T>;

async function withStore<T>(
  engine: Engine,
  history: number,
  baselines: Baselines,
  options: BenchOptions & { processes?: number },
  work: StoreWork<T>,
): Promise<T> {
  const bench = await createBenchDatabase(engine, options.postgresUrl);
  try {
    const products = await seedCatalog(bench);
    await seedHistory(bench, products[0] ?? '', history);
    const store = await startBenchStore(bench, {
      webhookSecret: baselines.webhookSecret,
      profileDir: options.profileDir,
      ...(options.processes ? { processes: options.processes } : {}),
    });
    try {
      return await work(store, products, bench);
    } finally {
      await store.stop();
    }
  } finally {
    await bench.drop();
  }
}

function firstStore(store: BenchStore): ServerProcess {
  const server = store.stores[0];
  if (server === undefined) throw new Error('no store process');
  return server;
}

function latency(result: LoadResult): string {
  return `${result.meanMs.toFixed(1)} ms (p99 ${result.p99Ms} ms)`;
}

/** Server CPU time per answer. */
function cpu(result: LoadResult): string {
  return `${result.cpuMicros?.toFixed(0) ?? '?'} µs CPU`;
}

function deliveryRows(engine: Engine, store: LoadResult, express: LoadResult, bare: LoadResult) {
  const measured = `${perSecond(store.rate)}, p99 ${store.p99Ms} ms`;
  return [
    {
      ...row('webhook deliveries (verify, dedupe, durable record)', engine, measured),
      against: `Express verify-only ${perSecond(express.rate)}`,
      ratio: store.rate / express.rate,
      target: 1.5,
    },
    {
      ...row('webhook deliveries', engine, measured),
      against: `bare Fastify ${perSecond(bare.rate)}`,
      ratio: store.rate / bare.rate,
      target: 0.5,
    },
    {
      // Less noisy than throughput where other work shares the machine; the ratio is the
      // baseline's cost over the store's, so that above 1 is better here too.
      ...row('webhook deliveries: server CPU per delivery', engine, cpu(store)),
      against: `Express ${cpu(express)}, bare Fastify ${cpu(bare)}`,
      ratio: express.cpuMicros && store.cpuMicros ? express.cpuMicros / store.cpuMicros : null,
      target: null,
    },
  ];
}

function growthRows(
  engine: Engine,
  level: number,
  empty: { deliveries: LoadResult; checkout: CheckoutResult },
  deliveries: LoadResult,
  checkout: CheckoutResult,
): Row[] {
  const stored = `${level.toLocaleString('en-US')} stored`;
  return [
    {
      ...row(`growth: deliveries, ${stored}`, engine, perSecond(deliveries.rate)),
      against: `empty ${perSecond(empty.deliveries.rate)}`,
      ratio: deliveries.rate / empty.deliveries.rate,
      target: level >= 1_000_000 ? 0.9 : null,
    },
    {
      ...row(`growth: checkout, ${stored}`, engine, checkoutText(checkout)),
      against: `empty ${perSecond(empty.checkout.ordersPerSecond)}`,
      ratio: checkout.ordersPerSecond / empty.checkout.ordersPerSecond,
      target: null,
    },
  ];
}

function checkoutText(checkout: CheckoutResult): string {
  const failed = checkout.failed > 0 ? `, ${checkout.failed} failed` : '';
  return `${perSecond(checkout.ordersPerSecond)}, p99 ${checkout.p99Ms.toFixed(0)} ms${failed}`;
}

function row(scenario: string, engine: Engine, measured: string, against = ''): Row {
  return { scenario, engine, measured, against, ratio: null, target: null };
}
