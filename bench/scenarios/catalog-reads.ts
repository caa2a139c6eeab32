/**
 * `GET /api/v1/products` on the store against a bare Fastify route answering the very same
 * JSON, fetched from the store first so that both send the same bytes.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions } from '../bench-options.js';
import { measure, type LoadResult } from '../load.js';
import { spawnBaseline, type ServerProcess } from '../processes.js';

export interface CatalogComparison {
  store: LoadResult;
  bare: LoadResult;
}

export async function compareCatalogReads(store: ServerProcess, options: BenchOptions) {
  const response = await fetch(`${store.url}/api/v1/products`);
  if (response.status !== 200) throw new Error(`catalogue answered ${response.status}`);
  const file = join(tmpdir(), `webstore-bench-catalog-${process.pid}.json`);
  writeFileSync(file, await response.text());

  const bare = await spawnBaseline('bare-fastify.ts', { CATALOG_JSON: file });
  try {
    const read = (server: ServerProcess) =>
      measure(
        {
          url: server.url,
          path: '/api/v1/products',
          method: 'GET',
          connections: options.connections,
          serverPid: server.child.pid,
        },
        options.warmupSeconds,
        options.measureSeconds,
      );
    const comparison: CatalogComparison = { bare: await read(bare), store: await read(store) };
    return comparison;
  } finally {
    await bare.stop();
    rmSync(file, { force: true });
  }
}
