// Benchmark: the prep stage on XQuAD-R + MLQA-R (train on MLQA-R, evaluate on both), median of repeats.
// Run after `pnpm build`: node packages/data-prep/bench/prep.bench.mjs [repeats]
// Data: $HBT_DATA_MIRROR, else <repo>/../shared/data. Prints figures; asserts nothing (style.md §12).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryLogger, runStage, silentProgress, validate } from '@hbt/core';
import {
  locateDatasets,
  PREP_STAGE,
  PREP_STAGE_VERSION,
  prepInputFiles,
  prepKeyConfig,
  run,
} from '@hbt/data-prep';

const here = dirname(fileURLToPath(import.meta.url));
const mirror = process.env.HBT_DATA_MIRROR
  ? resolve(process.env.HBT_DATA_MIRROR)
  : resolve(here, '../../../../shared/data');
if (!existsSync(join(mirror, 'xquad-r'))) {
  console.log(`prep.bench: skipped, no data mirror at ${mirror} (set HBT_DATA_MIRROR)`);
  process.exit(0);
}
const repeats = Number(process.argv[2] ?? 5);
const config = validate(
  {
    data: {
      mirror,
      train: [{ name: 'mlqa-r' }],
      eval: [{ name: 'xquad-r' }],
      pairs: { hard_negatives: true },
    },
  },
  'bench',
);
const data = config.data;
const work = mkdtempSync(join(tmpdir(), 'hbt-prep-bench-'));
const times = [];
let rows;
try {
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const inputs = locateDatasets(data, work);
    const res = await runStage(
      {
        stage: PREP_STAGE,
        stageVersion: PREP_STAGE_VERSION,
        dir: join(work, 'prep'),
        config,
        keyConfig: prepKeyConfig(data),
        inputs: prepInputFiles(inputs),
        seed: data.pairs.seed,
        backend: null,
        log: memoryLogger(),
        progress: silentProgress,
        force: true,
      },
      (ctx) => run(inputs, data, ctx),
    );
    times.push((performance.now() - t0) / 1000);
    rows = Object.fromEntries(res.manifest.outputs.map((o) => [o.name, o.rows]));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `prep.bench: XQuAD-R + MLQA-R prep, median ${median.toFixed(2)} s of ${repeats} ` +
    `(min ${times[0].toFixed(2)} s, max ${times[times.length - 1].toFixed(2)} s); ` +
    `node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}`,
);
console.log(`prep.bench: rows ${JSON.stringify(rows)}`);
