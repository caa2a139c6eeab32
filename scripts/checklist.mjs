#!/usr/bin/env node
// `npm run checklist`: runs every test that docs/security/checklist.md names and prints the
// checklist with each control passed or failed. Fails when a control names no test, names a
// test that did not run, or when any of its tests failed (on any database).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const CHECKLIST = 'docs/security/checklist.md';
const AUDIT = 'test/log-audit.check.ts';

/** Controls from the checklist tables: `| id | control | threat | standard | tests |`. */
function readControls() {
  const controls = [];
  let section = '';
  for (const line of readFileSync(CHECKLIST, 'utf8').split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3);
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 7 || !/^[A-Z]+-\d+$/.test(cells[1])) continue;
    const tests = [...cells[5].matchAll(/`([^`]+)` › ([^<]+?)(?=<br>|$)/g)].map((m) => ({
      file: m[1],
      name: m[2].trim(),
    }));
    controls.push({ section, id: cells[1], control: cells[2], tests });
  }
  return controls;
}

function runTests(files, logDir, resultsFile) {
  const env = { ...process.env, WEBSTORE_TEST_LOG_DIR: logDir, WEBSTORE_TEST_FULL_SUITE: '0' };
  const reporters = [
    '--test-reporter=dot',
    '--test-reporter-destination=stderr',
    '--test-reporter=./scripts/checklist-reporter.mjs',
    `--test-reporter-destination=${resultsFile}`,
  ];
  const run = (list) =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=3', ...reporters, ...list],
      {
        stdio: 'inherit',
        env,
      },
    );
  const results = [];
  const read = () =>
    readFileSync(resultsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  const tests = files.filter((file) => file !== AUDIT);
  if (tests.length > 0) {
    run(tests);
    results.push(...read());
  }
  if (files.includes(AUDIT)) {
    run([AUDIT]);
    results.push(...read().map((r) => ({ ...r, file: r.file ?? resolve(AUDIT) })));
  }
  return results;
}

const controls = readControls();
const files = [...new Set(controls.flatMap((c) => c.tests.map((t) => t.file)))].sort();
const workDir = mkdtempSync(join(tmpdir(), 'webstore-checklist-'));
const results = runTests(files, join(workDir, 'logs'), join(workDir, 'results.jsonl'));
rmSync(workDir, { recursive: true, force: true });

/** A test passes when it ran at least once (once per database) and never failed. */
function outcome(test) {
  const runs = results.filter(
    (r) => r.name === test.name && r.file && relative(process.cwd(), r.file) === test.file,
  );
  if (runs.length === 0) return 'missing';
  if (runs.some((r) => !r.passed && !r.skipped)) return 'failed';
  return runs.every((r) => r.skipped) ? 'missing' : 'passed';
}

let failures = 0;
let section = '';
for (const control of controls) {
  if (control.section !== section) {
    section = control.section;
    console.log(`\n${section}`);
  }
  const outcomes = control.tests.map((test) => ({ test, result: outcome(test) }));
  const ok = outcomes.length > 0 && outcomes.every((o) => o.result === 'passed');
  if (!ok) failures += 1;
  console.log(`  ${ok ? '✔' : '✖'} ${control.id}  ${control.control}`);
  if (outcomes.length === 0) console.log('      no verification step names a test');
  for (const { test, result } of outcomes.filter((o) => o.result !== 'passed')) {
    console.log(`      ${result}: ${test.file} › ${test.name}`);
  }
}

const total = controls.length;
console.log(
  `\n${total - failures} of ${total} controls proven${failures ? `; ${failures} not` : ''}`,
);
process.exit(failures === 0 && total > 0 ? 0 : 1);
