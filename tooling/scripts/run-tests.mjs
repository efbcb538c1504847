#!/usr/bin/env node
// Runs the whole vitest suite and ends with one plain line read from vitest's JSON results:
//   "N passed, N failed"
// Extra arguments are passed to vitest (e.g. a path filter). Exit code: vitest's.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const outDir = join(root, '.test-results');
mkdirSync(outDir, { recursive: true });
const out = join(outDir, 'vitest.json');
rmSync(out, { force: true });
const vitest = join(root, 'node_modules/.bin/vitest');
const r = spawnSync(
  vitest,
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
let passed = 0;
let failed = 0;
if (existsSync(out)) {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed = j.numPassedTests ?? 0;
  failed = j.numFailedTests ?? 0;
  // A test file that fails to load counts as a failure even though it ran no test.
  for (const f of j.testResults ?? []) {
    if (f.status === 'failed' && (f.assertionResults ?? []).length === 0) failed++;
  }
} else {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
