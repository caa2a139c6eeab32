#!/usr/bin/env node
// Runs the test suite with node's own test runner, then audits what the stores logged.
//
// Node 20 expands no globs in `--test` arguments and would silently run zero files, so this
// script lists the test files itself and hands them over explicitly. Arguments narrow the run
// to files whose path contains any of them: `npm test -- webhooks orders`.
//
// Every store the tests start writes its log lines (debug level) and the secrets the tests
// used into a fresh folder; test/log-audit.check.ts then checks that no line holds a secret.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const roots = ['src', 'test'];
const filters = process.argv.slice(2);

function findTestFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findTestFiles(path));
    else if (name.endsWith('.test.ts')) found.push(relative(process.cwd(), path));
  }
  return found;
}

const files = roots
  .flatMap((root) => findTestFiles(root))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ') || 'the project'}`);
  process.exit(1);
}

const logDir = mkdtempSync(join(tmpdir(), 'webstore-test-logs-'));
const env = {
  ...process.env,
  WEBSTORE_TEST_LOG_DIR: logDir,
  WEBSTORE_TEST_FULL_SUITE: filters.length === 0 ? '1' : '0',
};
const concurrency = process.env.TEST_CONCURRENCY ?? '3';
const run = (testFiles) =>
  spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      `--test-concurrency=${concurrency}`,
      ...testFiles,
    ],
    { stdio: 'inherit', env },
  ).status ?? 1;

const suite = run(files);
console.log('\nLog audit: what the stores logged during the tests above\n');
const audit = run(['test/log-audit.check.ts']);
rmSync(logDir, { recursive: true, force: true });
process.exit(suite !== 0 ? suite : audit);
