#!/usr/bin/env node
// `npm run mutate [group…]`: runs Stryker over each group of security-critical modules with
// its own tests (see stryker.config.mjs), then prints one table of mutation scores.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { GROUPS } from './mutation-groups.mjs';

const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(GROUPS);

for (const group of chosen) {
  console.log(`\n== mutating ${group}: ${GROUPS[group].mutate.join(', ')}\n`);
  const run = spawnSync('npx', ['stryker', 'run'], {
    stdio: 'inherit',
    env: { ...process.env, MUTATE_GROUP: group },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

/** Killed, timed out, survived and uncovered mutants of one group, from Stryker's JSON report. */
function tally(group) {
  const report = JSON.parse(readFileSync(`reports/mutation/${group}.json`, 'utf8'));
  const counts = { detected: 0, survived: 0, noCoverage: 0 };
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) {
      if (mutant.status === 'Killed' || mutant.status === 'Timeout') counts.detected += 1;
      else if (mutant.status === 'Survived') counts.survived += 1;
      else if (mutant.status === 'NoCoverage') counts.noCoverage += 1;
    }
  }
  return counts;
}

const rows = chosen.map((group) => ({ group, ...tally(group) }));
const total = rows.reduce(
  (sum, row) => ({
    detected: sum.detected + row.detected,
    survived: sum.survived + row.survived,
    noCoverage: sum.noCoverage + row.noCoverage,
  }),
  { detected: 0, survived: 0, noCoverage: 0 },
);
const score = (r) => ((100 * r.detected) / (r.detected + r.survived + r.noCoverage)).toFixed(1);

console.log('\ngroup                  score   killed survived no-coverage');
for (const row of rows) {
  console.log(
    `${row.group.padEnd(22)} ${score(row).padStart(5)}% ${String(row.detected).padStart(8)} ` +
      `${String(row.survived).padStart(8)} ${String(row.noCoverage).padStart(11)}`,
  );
}
console.log(`${'all'.padEnd(22)} ${score(total).padStart(5)}%`);
