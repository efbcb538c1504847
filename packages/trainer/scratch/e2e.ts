import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, createLogger, Rng, runStage, silentProgress, writeArtifact } from '@hbt/core';
import { initBackend, tf } from '@hbt/models';
import { run } from '../src/index.js';

const backend = await initBackend((process.argv[2] ?? 'wasm') as 'wasm');
const root = await mkdtemp(join(tmpdir(), 'hbt-train-'));
const words =
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega'.split(
    ' ',
  );
const rng = Rng.fromSeed(1);
const n = 64;
const pair_id = [],
  group_id = [],
  query_text = [],
  query_lang = [],
  pos_text = [],
  pos_lang = [],
  neg_text = [],
  dataset = [];
for (let i = 0; i < n; i++) {
  const a = words[i % words.length]!,
    b = words[(i * 7 + 3) % words.length]!,
    c = words[(i * 5 + 1) % words.length]!;
  pair_id.push(`p${i}`);
  group_id.push(`g${i}`);
  query_text.push(`where is ${a} ${b}`);
  pos_text.push(`the ${a} ${b} is near ${c}`);
  neg_text.push(i % 2 ? `the ${c} is far` : null);
  query_lang.push('en');
  pos_lang.push('en');
  dataset.push('toy');
}
const cols = { pair_id, group_id, query_text, query_lang, pos_text, pos_lang, neg_text, dataset };
await writeArtifact(join(root, 'train_pairs.parquet'), 'train_pairs', cols);
const val = Object.fromEntries(
  Object.entries(cols).map(([k, v]) => [k, v.slice(0, 16).map((x) => (k === 'pair_id' ? `v${x}` : x))]),
);
await writeArtifact(join(root, 'val_pairs.parquet'), 'train_pairs', val);
const steps = 30,
  B = 8;
const st = [],
  sl = [],
  pid = [],
  kind = [],
  ql = [],
  pl = [];
for (let s = 0; s < steps; s++) {
  const perm = rng.shuffle([...Array(n).keys()]).slice(0, B);
  perm.forEach((p, k) => {
    st.push(s);
    sl.push(k);
    pid.push(`p${p}`);
    kind.push('mono');
    ql.push('en');
    pl.push('en');
  });
}
await writeArtifact(join(root, 'batches.parquet'), 'batches', {
  step: st,
  slot: sl,
  pair_id: pid,
  kind,
  query_lang: ql,
  pos_lang: pl,
});
const config = configSchema.parse({
  seed: 3,
  model: {
    hidden: 32,
    layers: 1,
    heads: 2,
    max_length: 16,
    tokenizer: { kind: 'wordpiece', vocab_size: 200 },
  },
  train: {
    lr: 3e-3,
    checkpoint_every: 10,
    validate_every: 10,
    hard_negatives: true,
    symmetric: true,
    micro_batch: process.argv[3] ? Number(process.argv[3]) : null,
  },
});
const t0 = performance.now();
const before = tf.memory().numTensors;
const r = await runStage(
  {
    stage: 'train',
    stageVersion: 1,
    dir: join(root, 'train'),
    config,
    keyConfig: config,
    inputs: {},
    seed: 3,
    backend,
    log: createLogger(),
    progress: silentProgress,
  },
  (ctx) =>
    run(
      {
        batches: join(root, 'batches.parquet'),
        train_pairs: join(root, 'train_pairs.parquet'),
        val_pairs: join(root, 'val_pairs.parquet'),
        init: null,
        mbert_vocab: null,
      },
      config,
      ctx,
    ),
);
console.log(
  JSON.stringify(r.manifest.stats),
  (performance.now() - t0) / 1000,
  'tensors',
  before,
  tf.memory().numTensors,
);
console.log(root);
