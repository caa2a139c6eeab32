// Mutation testing of the security-critical modules (`npm run mutate`): Stryker changes their
// code one small way at a time and runs the project's own tests (node:test, as TAP) that cover
// each change; a change no test notices is a surviving mutant, a control nothing would miss.
//
// The modules are mutated in groups, each with the tests written for it: a logging mutant is
// "covered" by every HTTP test (they all log), and running them all for each one would take
// hours. scripts/mutate.mjs runs every group and sums the scores; MUTATE_GROUP picks one.

import { GROUPS } from './scripts/mutation-groups.mjs';

const group = GROUPS[process.env.MUTATE_GROUP ?? ''];
if (!group) throw new Error(`MUTATE_GROUP must be one of ${Object.keys(GROUPS).join(', ')}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  tap: { testFiles: group.tests, nodeArgs: ['--import', 'tsx'] },
  mutate: group.mutate,
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 60_000,
  ignoreStatic: true,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${process.env.MUTATE_GROUP}.json` },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
