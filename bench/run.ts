/**
 * `npm run bench` (short) and `npm run bench -- --full`: starts the baselines, runs every
 * scenario on SQLite and, when its server answers, on PostgreSQL, and prints one table of
 * ratios measured in this same run. Nothing here is a test: it never fails on a slow machine.
 * `-- --cpu-prof [dir]` also writes a CPU profile of every store process.
 */
import pg from 'pg';
import { postgresAnswers, type Engine } from './bench-database.js';
import { DEFAULT_POSTGRES_URL, parseBenchArgs, type BenchOptions } from './bench-options.js';
import { runEngineSuite } from './engine-suite.js';
import { spawnBaseline } from './processes.js';
import { machineLine, renderTable, type Row } from './report-table.js';
import { newWebhookSecret } from './signed-events.js';

async function main(): Promise<void> {
  const postgresUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_POSTGRES_URL;
  const reachable = await postgresAnswers(postgresUrl);
  const options: BenchOptions = {
    ...parseBenchArgs(process.argv.slice(2)),
    postgresUrl: reachable ? postgresUrl : null,
  };
  if (!reachable)
    process.stderr.write(`PostgreSQL at ${postgresUrl} does not answer: SQLite only\n`);

  const webhookSecret = newWebhookSecret();
  const bareFastify = await spawnBaseline('bare-fastify.ts', {});
  const express = await spawnBaseline('express-verify.ts', {
    STRIPE_WEBHOOK_SECRET: webhookSecret,
  });
  const baselines = { bareFastify, express, webhookSecret };

  const started = Date.now();
  const rows: Row[] = [];
  try {
    const engines: Engine[] = reachable ? ['sqlite', 'postgres'] : ['sqlite'];
    for (const engine of engines) rows.push(...(await runEngineSuite(engine, baselines, options)));
  } finally {
    await Promise.all([bareFastify.stop(), express.stop()]);
  }

  const version = reachable ? await postgresVersion(postgresUrl) : null;
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  process.stdout.write(
    `\nWebstore bench, ${options.mode} mode (${options.measureSeconds} s a measurement, ` +
      `${options.connections} connections), ${minutes} min\n${machineLine(version)}\n\n` +
      `${renderTable(rows)}\n`,
  );
}

async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ server_version: string }>('show server_version');
    return result.rows[0]?.server_version.split(' ')[0] ?? '?';
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
