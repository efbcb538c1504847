#!/usr/bin/env node
/**
 * Benchmark (not a test): the train stage's data side at mMARCO scale, `train_pairs` → sample → train.
 *
 * A synthetic `train_pairs.parquet` of N triples (default 39,000,000, `HBT_SCALE_TRIPLES`) in mMARCO's
 * shape, from the generator the sampler's scale bench uses (`sampler/bench/synthetic-triples.mjs`: N/100
 * queries of 100 triples, 13 languages, half mono and half cross, hard negatives from 8.8 M passages
 * scaled by N/39 M, short texts). Then, each phase in a fresh process so that its peak RSS (maxRSS)
 * is its own:
 *
 *   gen     the file, written 100,000 rows (one row group) at a time with ParquetAppender;
 *   sample  readPairTable + streamPlan (hybrid, α 0.5, batch 64, S planned steps) → batches.parquet;
 *   train   readPairs (the trainer's compact pairs), PlanReader.open (checks every plan row), the model
 *           (test-fixtures/models/tiny-mbert: 4 layers of 32, vocab 3,959, max length 32), then T steps of
 *           trainLoop with dense AdamW: the time to the first step includes the trained word rows
 *           (every distinct text tokenised, streamed). Hard negatives on (2 × 64 passages a step).
 *
 * `HBT_SCALE_PLAN_STEPS` (default 10000,100000) are the planned step counts S, `HBT_SCALE_TRAIN_STEPS`
 * (default 20,100) the trained step counts T (pairs with the S list), `HBT_BACKEND` (default auto).
 * Prints a row per S: wall time and peak RSS per phase, and for train the pairs' bytes per triple (typed
 * arrays and packed strings, spare room of the growing buffers included). The peak RSS
 * should not grow with S or T. Files live in $TMPDIR/hbt-bench-scale-train/ and are removed afterwards.
 *
 * Usage: node packages/trainer/bench/scale-train.bench.mjs   (after `pnpm turbo run build`)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticTriples } from '../../sampler/bench/synthetic-triples.mjs';

const CHUNK = 100_000;
const root = join(os.tmpdir(), 'hbt-bench-scale-train');
const self = fileURLToPath(import.meta.url);
const repo = fileURLToPath(new URL('../../../', import.meta.url));

const peakGb = () => process.resourceUsage().maxRSS / 2 ** 20;
const rssGb = () => process.memoryUsage().rss / 2 ** 30;
const since = (t) => (performance.now() - t) / 1000;

async function gen(n, file) {
  const { openArtifactAppender } = await import('@hbt/core');
  const t0 = performance.now();
  const w = await openArtifactAppender(file, 'train_pairs');
  const s = syntheticTriples(n);
  for (let a = 0; a < n; a += CHUNK) w.append(s.columns(a, Math.min(n, a + CHUNK)));
  await w.finish();
  return { seconds: since(t0), file_mb: statSync(file).size / 2 ** 20, peak_rss_gb: peakGb() };
}

async function sample(file, steps, out) {
  const { configSchema } = await import('@hbt/core');
  const { BatchPlanner, readPairTable, streamPlan } = await import('../../sampler/dist/index.js');
  const t0 = performance.now();
  const pairs = await readPairTable(file);
  const tTable = since(t0);
  const cfg = configSchema.parse({
    sampler: { strategy: 'hybrid', alpha: 0.5, batch_size: 64, steps },
  }).sampler;
  const t1 = performance.now();
  const { rows } = await streamPlan(out, new BatchPlanner(pairs, cfg, 13), pairs, cfg, 13);
  return { table_s: tTable, plan_s: since(t1), rows, peak_rss_gb: peakGb() };
}

async function train(file, plan, steps, backend) {
  const { configSchema, memoryLogger, Rng, silentProgress } = await import('@hbt/core');
  const { initBackend } = await import('@hbt/models');
  const { PlanReader, readPairs, setupModel, trainLoop } = await import('../dist/index.js');
  const used = await initBackend(backend);
  const t0 = performance.now();
  const pairs = await readPairs(file);
  const tPairs = since(t0);
  const rssPairs = rssGb();
  const t1 = performance.now();
  const reader = await PlanReader.open(plan, pairs);
  const tPlan = since(t1);
  const config = configSchema.parse({
    seed: 13,
    model: { init: 'tiny-mbert', max_length: 32 },
    train: {
      max_steps: steps,
      hard_negatives: true,
      checkpoint_every: 1_000_000,
      validate_every: 1_000_000,
    },
  });
  const log = memoryLogger();
  const t2 = performance.now();
  const init = join(repo, 'test-fixtures/models/tiny-mbert');
  const model = await setupModel(config, { init, mbertVocab: null }, pairs, log);
  const tModel = since(t2);
  const workDir = mkdtempSync(join(root, 'work-'));
  const marks = [];
  const t3 = performance.now();
  await trainLoop({
    config,
    model,
    pairs,
    plan: reader.cursor(steps),
    val: null,
    workDir,
    fingerprint: 'scale-bench',
    rng: Rng.fromSeed(13),
    log,
    progress: silentProgress,
    hooks: { onStep: () => void marks.push(performance.now()) },
    teacher: null,
  });
  const firstStep = (marks[0] - t3) / 1000;
  const per = marks.slice(1).map((m, i) => (m - marks[i]) / 1000);
  per.sort((a, b) => a - b);
  model.encoder.dispose();
  return {
    backend: used,
    triples: pairs.size,
    texts: pairs.texts.size,
    pairs_s: tPairs,
    pairs_bytes_per_triple: pairs.byteLength / pairs.size,
    rss_after_pairs_gb: rssPairs,
    plan_open_s: tPlan,
    model_s: tModel,
    to_first_step_s: firstStep,
    step_median_s: per[Math.floor(per.length / 2)] ?? null,
    steps: marks.length,
    peak_rss_gb: peakGb(),
  };
}

function runChild(args) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--max-old-space-size=8192', self, '--child', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`child ${args.join(' ')} exited with ${code}: ${out}`));
      else resolve(JSON.parse(line.slice(7)));
    });
  });
}

if (process.argv[2] === '--child') {
  const [phase, ...a] = process.argv.slice(3);
  let r;
  if (phase === 'gen') r = await gen(Number(a[0]), a[1]);
  else if (phase === 'sample') r = await sample(a[0], Number(a[1]), a[2]);
  else r = await train(a[0], a[1], Number(a[2]), a[3]);
  console.log(`RESULT ${JSON.stringify(r)}`);
  process.exit(0);
} else {
  const n = Number(process.env.HBT_SCALE_TRIPLES ?? 39_000_000);
  const planSteps = (process.env.HBT_SCALE_PLAN_STEPS ?? '10000,100000').split(',').map(Number);
  const trainSteps = (process.env.HBT_SCALE_TRAIN_STEPS ?? '20,100').split(',').map(Number);
  const backend = process.env.HBT_BACKEND ?? 'auto';
  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
  console.log(
    `# train stage data at scale — node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, load ${load()}`,
  );
  console.log(
    `# ${n.toLocaleString('en')} synthetic triples; hybrid α 0.5, batch 64, seed 13; tiny-mbert, dense AdamW`,
  );
  mkdirSync(root, { recursive: true });
  const file = join(root, 'train_pairs.parquet');
  try {
    const g = await runChild(['gen', String(n), file]);
    console.log(
      `gen: ${g.seconds.toFixed(1)} s, ${g.file_mb.toFixed(0)} MB, peak RSS ${g.peak_rss_gb.toFixed(2)} GB`,
    );
    console.log(
      '| planned steps | trained steps | sample: table (s) | sample: plan (s) | sample peak RSS (GB) | train: pairs (s) | distinct texts | pairs B/triple | RSS after pairs (GB) | plan open (s) | to first step (s) | step median (s) | train peak RSS (GB) | backend |',
    );
    console.log(
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    );
    for (let k = 0; k < planSteps.length; k++) {
      const s = planSteps[k];
      const t = trainSteps[Math.min(k, trainSteps.length - 1)];
      const plan = join(root, `batches-${s}.parquet`);
      const a = await runChild(['sample', file, String(s), plan]);
      const b = await runChild(['train', file, plan, String(t), backend]);
      console.log(
        `| ${s.toLocaleString('en')} | ${b.steps} | ${a.table_s.toFixed(1)} | ${a.plan_s.toFixed(1)} | ${a.peak_rss_gb.toFixed(2)} | ` +
          `${b.pairs_s.toFixed(1)} | ${b.texts.toLocaleString('en')} | ${b.pairs_bytes_per_triple.toFixed(1)} | ${b.rss_after_pairs_gb.toFixed(2)} | ` +
          `${b.plan_open_s.toFixed(1)} | ${b.to_first_step_s.toFixed(1)} | ${b.step_median_s?.toFixed(3) ?? '—'} | ` +
          `${b.peak_rss_gb.toFixed(2)} | ${b.backend} |`,
      );
      rmSync(plan, { force: true });
    }
    console.log(`# load at the end ${load()}; distinct texts and groups follow N (see the header)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
