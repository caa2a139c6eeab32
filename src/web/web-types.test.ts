/**
 * The pages' modules are plain JavaScript with JSDoc types (no build step), checked by the
 * TypeScript compiler under `web/tsconfig.json` (DOM, strict). Run here so `npm test` catches a
 * module that no longer matches the API's shapes or the page's elements.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { WEB_ROOT } from './web-root.js';

void test('should type-check the pages’ modules', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(WEB_ROOT, 'tsconfig.json')], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});
