// Benchmark of @hbt/sampler (run against the built dist: `pnpm exec turbo run build` first).
//
//   node packages/sampler/bench/sampler.bench.mjs [train_pairs.parquet] [--steps N] [--batch B] [--repeats R]
//
// Without a path it builds MLQA-R training pairs from $HBT_DATA_MIRROR or <repo>/../shared/data
// (see mlqa-pairs.mjs). Prints the median of R repeats (default 5) for: indexing the pairs, planning
// N steps × B slots (default 100,000 × 64; target < 5 s) per strategy, the manifest stats, and
// writing batches.parquet for a tenth of the steps.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable } from '@hbt/core';
import { indexPairs, planBatches, planStats, writeBatches } from '../dist/index.js';
import { dataMirror, mlqaPairs } from './mlqa-pairs.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(args[i + 1]);
  args.splice(i, 2);
  return v;
};
const steps = opt('--steps', 100_000);
const batch = opt('--batch', 64);
const repeats = opt('--repeats', 5);
const path = args[0];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const time = (fn) => {
  const t0 = performance.now();
  const r = fn();
  return [performance.now() - t0, r];
};
const line = (label, ms, extra = '') =>
  console.log(`${label.padEnd(44)} ${ms.toFixed(1).padStart(9)} ms ${extra}`);

let columns;
let source;
if (path !== undefined) {
  columns = (await readTable(path)).columns;
  source = path;
} else {
  const mirror = dataMirror();
  if (mirror === null) {
    console.error(
      'sampler bench: no data mirror (set HBT_DATA_MIRROR or pass a train_pairs.parquet); skipped',
    );
    process.exit(0);
  }
  columns = mlqaPairs(join(mirror, 'mlqa-r'));
  source = `MLQA-R pairs built from ${join(mirror, 'mlqa-r')}`;
}

console.log(
  `# @hbt/sampler bench — node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}`,
);
console.log(
  `# pairs: ${source}: ${columns.pair_id.length} rows; plan ${steps} steps × ${batch}; median of ${repeats}`,
);

const idx = [];
let pairs;
for (let r = 0; r < repeats; r++) {
  const [ms, p] = time(() => indexPairs(columns));
  idx.push(ms);
  pairs = p;
}
line('index pairs', median(idx), `(${pairs.n} pairs, ${pairs.nGroups} groups, ${pairs.langs.length} langs)`);

const base = {
  alpha: 0.5,
  batch_size: batch,
  steps,
  dataset_weighting: 'proportional',
  temperature: 1,
  dataset_size: 'pairs',
  on_short_batch: 'shrink',
};
let hybridPlan;
for (const strategy of ['hybrid', 'x-x-mono', 'x-y', 'mixed']) {
  const cfg = { ...base, strategy };
  const ts = [];
  let plan;
  for (let r = 0; r < repeats; r++) {
    const [ms, p] = time(() => planBatches(pairs, cfg, 13 + r));
    ts.push(ms);
    plan = p;
  }
  if (strategy === 'hybrid') hybridPlan = plan;
  const rows = plan.pairs.length;
  line(`plan ${strategy}`, median(ts), `(${rows} slots, ${(rows / median(ts) / 1000).toFixed(1)} M slots/s)`);
}

{
  const cfg = { ...base, strategy: 'hybrid' };
  const ts = [];
  for (let r = 0; r < repeats; r++) ts.push(time(() => planStats(hybridPlan, pairs, cfg))[0]);
  line('stats (hybrid plan)', median(ts));
}

{
  const small = planBatches(
    pairs,
    { ...base, strategy: 'hybrid', steps: Math.max(1, Math.round(steps / 10)) },
    13,
  );
  const dir = mkdtempSync(join(tmpdir(), 'hbt-sampler-bench-'));
  const ts = [];
  let bytes = 0;
  for (let r = 0; r < Math.min(repeats, 3); r++) {
    const t0 = performance.now();
    await writeBatches(join(dir, 'batches.parquet'), small, pairs, { strategy: 'hybrid', seed: 13 });
    ts.push(performance.now() - t0);
    bytes = statSync(join(dir, 'batches.parquet')).size;
  }
  rmSync(dir, { recursive: true, force: true });
  line(
    `write batches.parquet (${small.steps} steps)`,
    median(ts),
    `(${small.pairs.length} rows, ${(bytes / 1e6).toFixed(1)} MB)`,
  );
}
