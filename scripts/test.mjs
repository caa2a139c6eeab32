#!/usr/bin/env node
// Runs the test suite with node's own test runner.
//
// Node 20 expands no globs in `--test` arguments and would silently run zero files, so this
// script lists the test files itself and hands them over explicitly. Arguments narrow the run
// to files whose path contains any of them: `npm test -- webhooks orders`.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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

const concurrency = process.env.TEST_CONCURRENCY ?? '3';
const args = [
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  `--test-concurrency=${concurrency}`,
  ...files,
];
const child = spawn(process.execPath, args, { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
