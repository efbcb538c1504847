#!/usr/bin/env node
// Compares an experiment's summary.json with the independent PyTorch reference's per-run results
// (../shared/reference/runs/main_<strategy>_m0_s<seed>.json): means ± sd over seeds per strategy, the
// difference, the tolerance of issue #12 and a verdict per number. Prints a Markdown table; exits 1 when a
// number lies outside its tolerance, 2 on missing or unreadable input.
//
//   node tooling/scripts/compare-reference.mjs [apps/reference-protocol/artifacts/report/summary.json]
//        [--runs ../shared/reference/runs] [--json]
//
// Tolerances: zero-shot (XQuAD-R) mono mAP ±.01, cross and multi mAP ±.003; in-domain (MLQA-R) mono, cross
// and multi mAP ±.03; rank distance ±100 ranks in both.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(name);
  return i < 0 ? dflt : args[i + 1];
};
const summaryPath =
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ??
  join(root, 'apps/reference-protocol/artifacts/report/summary.json');
const runsDir = flag('--runs', join(root, '..', 'shared', 'reference', 'runs'));

function fail(msg) {
  console.error(`compare-reference: ${msg}`);
  process.exit(2);
}
if (!existsSync(summaryPath))
  fail(`${summaryPath} not found: run \`turbo run report\` on the experiment first`);
if (!existsSync(runsDir)) fail(`${runsDir} not found: pass --runs <reference runs folder>`);

const summary = JSON.parse(readFileSync(summaryPath, 'utf8'));
const STRATEGIES = ['x-x-mono', 'x-y', 'hybrid'];
// [label, reference eval key, hbt dataset, setting, hbt measure, reference summary key, tolerance]
const ROWS = [
  ['zero-shot mono mAP', 'xquad_r', 'xquad-r', 'mono', 'mAP', 'mono_map', 0.01],
  ['zero-shot cross mAP', 'xquad_r', 'xquad-r', 'cross', 'mAP', 'cross_map', 0.003],
  ['zero-shot multi mAP', 'xquad_r', 'xquad-r', 'multi', 'mAP', 'multi_map', 0.003],
  ['zero-shot rank distance', 'xquad_r', 'xquad-r', 'multi', 'rank_distance', 'rd', 100],
  ['in-domain mono mAP', 'mlqa_r_train_indomain', 'mlqa-r', 'mono', 'mAP', 'mono_map', 0.03],
  ['in-domain cross mAP', 'mlqa_r_train_indomain', 'mlqa-r', 'cross', 'mAP', 'cross_map', 0.03],
  ['in-domain multi mAP', 'mlqa_r_train_indomain', 'mlqa-r', 'multi', 'mAP', 'multi_map', 0.03],
  ['in-domain rank distance', 'mlqa_r_train_indomain', 'mlqa-r', 'multi', 'rank_distance', 'rd', 100],
];

/** The reference's value of one row in one run: the summary's, or (rank distance) the macro mean over languages. */
function refValue(run, key, summaryKey) {
  const e = run.eval?.[key];
  if (!e) return null;
  if (summaryKey === 'rd') {
    const langs = Object.values(e.multi ?? {}).map((l) => l.rd);
    return langs.length ? langs.reduce((a, b) => a + b, 0) / langs.length : null;
  }
  return e.summary?.[summaryKey] ?? null;
}

const stats = (xs) => {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : null;
  return { mean, sd, n };
};
const fmt = (x, tol) => (tol >= 1 ? x.toFixed(0) : x.toFixed(tol >= 0.01 ? 3 : 4));
const pm = (s, tol) => (s.sd === null ? fmt(s.mean, tol) : `${fmt(s.mean, tol)} ± ${fmt(s.sd, tol)}`);

const files = readdirSync(runsDir);
const out = [];
let outside = 0;
for (const strategy of STRATEGIES) {
  const runs = files
    .filter((f) => f.startsWith(`main_${strategy}_m0_s`) && f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(runsDir, f), 'utf8')));
  const arm = summary.arms?.find((a) => a.strategy === strategy);
  if (!arm) fail(`${summaryPath} has no arm with strategy ${strategy}`);
  for (const [label, key, dataset, setting, measure, sk, tol] of ROWS) {
    const ref = runs.map((r) => refValue(r, key, sk)).filter((x) => x !== null);
    const ds = arm.datasets.find((d) => d.name === dataset);
    const hbt = ds?.settings?.[setting]?.[measure];
    if (!ref.length || !hbt || hbt.mean === null) {
      out.push({ strategy, label, hbt: null, ref: ref.length ? stats(ref) : null, tol, within: null });
      continue;
    }
    const r = stats(ref);
    const diff = hbt.mean - r.mean;
    const within = Math.abs(diff) <= tol;
    if (!within) outside++;
    out.push({ strategy, label, hbt: { mean: hbt.mean, sd: hbt.std, n: hbt.n }, ref: r, diff, tol, within });
  }
}

if (args.includes('--json')) {
  console.log(JSON.stringify({ summary: summaryPath, runs: runsDir, outside, rows: out }, null, 1));
} else {
  console.log(`hbt: ${summaryPath}\nreference: ${runsDir}\n`);
  console.log(
    '| strategy | number | hbt (mean ± sd, seeds) | reference (mean ± sd, seeds) | hbt − ref | tolerance | |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | --- |');
  for (const r of out) {
    const h = r.hbt ? `${pm(r.hbt, r.tol)} (${r.hbt.n})` : 'missing';
    const f = r.ref ? `${pm(r.ref, r.tol)} (${r.ref.n})` : 'missing';
    const d = r.diff === undefined ? '' : `${r.diff >= 0 ? '+' : ''}${fmt(r.diff, r.tol)}`;
    const v = r.within === null ? 'n/a' : r.within ? 'within' : '**outside**';
    console.log(`| ${r.strategy} | ${r.label} | ${h} | ${f} | ${d} | ±${r.tol} | ${v} |`);
  }
  console.log(`\n${out.length - outside} of ${out.length} numbers within tolerance`);
}
process.exit(outside > 0 ? 1 : 0);
