// Benchmark of @hbt/trainer's training step (run against the built dist: `pnpm exec turbo run build`).
//
//   node packages/trainer/bench/train.bench.mjs [--backends tensorflow,wasm,cpu] [--configs small,base,mbert]
//        [--objectives simcse,distill,mix] [--steps N] [--cpu-steps N] [--cpu-base] [--budget SECONDS per run]
//        [--no-torch]
//
// For every available backend it first times the AdamW update of a 119,547 × 128 word embedding
// (dense: every row, as torch; lazy: only the ~2,000 rows a batch uses, with tensor kernels or, as the
// training loop does, on the host). Then, for every model size, it
// runs the real training loop (trainLoop: tokenisation,
// forward, InfoNCE, backward, clipping, AdamW; no validation, no checkpoint until the last step) on
// synthetic batches and reports the median seconds per step over the timed steps (the first step
// warms up and the last one writes a checkpoint, so both are left out). The mbert config runs with both
// word-embedding updates (lazy and dense). Next to it, the same loss and optimizer in PyTorch CPU
// (bench/train_torch.py, transformers.BertModel) with 1 thread (what wasm and cpu use) and with all
// cores (what tfjs-node uses); skipped with a message when torch does not import.
//
// Objectives (train.objective): every row above trains InfoNCE; then the small config trains each of
// --objectives (default simcse, distill, mix = infonce + 0.5 simcse + 0.25 distill; dense AdamW) on every
// backend, next to the same objective in PyTorch. distill's teacher vectors are fixed random unit vectors
// of the student's size for every query (the source side: queries "en", passages "de").
//
// Sizes (vocab, hidden, layers, heads, seq, batch pairs): small 30,000/128/2/4/32/32;
// base 30,000/256/4/4/64/32; mbert 119,547/128/2/4/32/32. Vocabularies are synthetic ("w123" words),
// each text exactly `seq` tokens with [CLS]/[SEP].
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSchema, memoryLogger, Rng, silentProgress } from '@hbt/core';
import { createModel, HfTokenizer, initBackend, wordPieceJson } from '@hbt/models';
import { indexPairs, trainLoop } from '../dist/index.js';

const CONFIGS = {
  small: { vocab: 30_000, hidden: 128, layers: 2, heads: 4, seq: 32, batch: 32 },
  base: { vocab: 30_000, hidden: 256, layers: 4, heads: 4, seq: 64, batch: 32 },
  mbert: { vocab: 119_547, hidden: 128, layers: 2, heads: 4, seq: 32, batch: 32 },
};
const OBJECTIVES = {
  infonce: 'infonce',
  simcse: 'simcse',
  distill: 'distill',
  mix: [
    { name: 'infonce', weight: 1 },
    { name: 'simcse', weight: 0.5 },
    { name: 'distill', weight: 0.25 },
  ],
};
const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i < 0 ? dflt : args[i + 1];
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (args[0] === '--worker') {
  const job = JSON.parse(args[1]);
  await (job.mode === 'adam' ? adamWorker(job) : worker(job));
} else {
  await main();
}

/** One (backend, config, embedding update) measurement in its own process; prints one JSON line. */

async function worker({ backend, name, update, steps, objective = 'infonce' }) {
  const c = CONFIGS[name];
  const got = await initBackend(backend);
  const words = Array.from({ length: c.vocab - 5 }, (_, i) => `w${i}`);
  const tok = new HfTokenizer(wordPieceJson(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', ...words]));
  const rng = Rng.fromSeed(1);
  const text = () => Array.from({ length: c.seq - 2 }, () => words[rng.int(words.length)]).join(' ');
  const n = c.batch * (steps + 2);
  const ids = Array.from({ length: n }, (_, i) => `p${i}`);
  const queries = ids.map(text);
  const pairs = indexPairs(
    {
      pair_id: ids,
      group_id: ids,
      query_text: queries,
      query_lang: ids.map(() => 'en'),
      pos_text: ids.map(text),
      pos_lang: ids.map(() => 'de'),
      neg_text: ids.map(() => null),
    },
    'synthetic',
  );
  // distill: a fixed random unit vector per source text (the queries).
  const vectors = new Map();
  for (const q of queries) {
    const v = Float32Array.from({ length: c.hidden }, () => rng.float() - 0.5);
    const n = Math.hypot(...v);
    vectors.set(
      q,
      v.map((x) => x / n),
    );
  }
  const teacher = {
    vectors: { dim: c.hidden, get: (t) => vectors.get(t) ?? null },
    file: 'synthetic',
    sourceLanguages: ['en'],
  };
  // The loop takes the plan step by step (PlanSteps): step s trains pairs s·batch … s·batch + batch − 1.
  const plan = {
    steps: steps + 2,
    batch: async (s) => Array.from({ length: c.batch }, (_, k) => s * c.batch + k),
  };
  const config = configSchema.parse({
    model: { hidden: c.hidden, layers: c.layers, heads: c.heads, max_length: c.seq, dropout: 0.1 },
    train: {
      objective: OBJECTIVES[objective],
      query_prefix: '',
      passage_prefix: '',
      embedding_update: update,
      checkpoint_every: 1_000_000,
      validate_every: 1_000_000,
    },
  });
  const model = createModel(config.model, tok, 1);
  const workDir = mkdtempSync(join(tmpdir(), 'hbt-train-bench-'));
  const marks = [performance.now()];
  await trainLoop({
    config,
    model,
    pairs,
    plan,
    val: null,
    workDir,
    fingerprint: 'bench',
    rng: Rng.fromSeed(1),
    log: memoryLogger(),
    progress: silentProgress,
    hooks: { onStep: () => void marks.push(performance.now()) },
    teacher,
  });
  rmSync(workDir, { recursive: true, force: true });
  const per = marks.slice(1).map((t, i) => (t - marks[i]) / 1000);
  const timed = per.slice(1, -1); // first: warm-up; last: includes the final checkpoint
  if (timed.length === 0)
    throw new Error(`the loop ran ${per.length} steps of ${steps + 2}: nothing to time`);
  const s = median(timed);
  console.log(
    JSON.stringify({
      backend: got,
      name,
      update,
      objective,
      steps: timed.length,
      s_per_step: s,
      first_step_s: per[0],
    }),
  );
}

async function main() {
  const backends = opt('--backends', 'tensorflow,wasm,cpu').split(',');
  const names = opt('--configs', 'small,base,mbert').split(',');
  const objectives = opt('--objectives', 'simcse,distill,mix').split(',').filter(Boolean);
  for (const o of objectives) if (!OBJECTIVES[o]) throw new Error(`--objectives: unknown objective ${o}`);
  const steps = Number(opt('--steps', '4'));
  const cpuSteps = Number(opt('--cpu-steps', '2'));
  const budget = Number(opt('--budget', '900'));
  const threads = cpus().length;
  console.log(`trainer bench: ${cpus()[0]?.model ?? 'cpu'} × ${threads}, node ${process.version}`);
  console.log(
    `per run: 1 warm-up step, then the median of the timed steps (cpu: ${cpuSteps}, others: ${steps})`,
  );
  console.log('(cpu skips "base" unless --cpu-base: one step takes minutes there)\n');
  const rows = [];
  for (const backend of backends) {
    const adam = runWorker({ mode: 'adam', backend }, budget);
    if (adam.error) {
      console.log(`${backend}: ${adam.error}`);
      if (adam.unavailable) continue;
    } else {
      console.log(
        `${backend.padEnd(10)} AdamW update of the 119,547 × 128 word embedding (${adam.rows} rows used): ` +
          `dense ${adam.dense_ms.toFixed(0)} ms, lazy on the backend ${adam.lazy_ms.toFixed(0)} ms, ` +
          `lazy on the host (what training uses) ${adam.host_ms.toFixed(1)} ms`,
      );
    }
    for (const name of names) {
      if (backend === 'cpu' && name === 'base' && !args.includes('--cpu-base')) continue;
      const both = name === 'mbert' || backend === 'tensorflow';
      for (const update of both ? ['lazy', 'dense'] : ['lazy']) {
        const n = backend === 'cpu' ? cpuSteps : steps;
        const r = runWorker({ mode: 'train', backend, name, update, steps: n }, budget);
        if (r.error) {
          console.log(`${backend} ${name}: ${r.error}`);
          continue;
        }
        rows.push(r);
        print(r);
      }
    }
    for (const objective of objectives) {
      const n = backend === 'cpu' ? cpuSteps : steps;
      const r = runWorker(
        { mode: 'train', backend, name: 'small', update: 'dense', steps: n, objective },
        budget,
      );
      if (r.error) {
        console.log(`${backend} small ${objective}: ${r.error}`);
        continue;
      }
      rows.push(r);
      print(r);
    }
  }
  const torch = args.includes('--no-torch') ? null : torchRows(names, steps, threads, objectives);
  if (torch) for (const r of torch) print(r);
  if (torch) {
    console.log('\nratio to PyTorch CPU with the same thread count (tfjs steps/s ÷ torch steps/s):');
    for (const r of rows) {
      const t = torch.find(
        (x) =>
          x.name === r.name &&
          (x.update ?? 'dense') === (r.update ?? 'dense') &&
          (x.objective ?? 'infonce') === (r.objective ?? 'infonce') &&
          x.threads === (r.backend === 'tensorflow' ? threads : 1),
      );
      if (t) {
        const ratio = (t.s_per_step / r.s_per_step).toFixed(3);
        console.log(
          `  ${r.backend.padEnd(10)} ${label(r).padEnd(20)} ${ratio} (torch ${t.threads} thread${t.threads > 1 ? 's' : ''})`,
        );
      }
    }
  }
}

/** Median ms of the AdamW update of a 119,547 × 128 table, dense and lazy, ~2,000 rows used. */
async function adamWorker({ backend }) {
  const got = await initBackend(backend);
  const { tf } = await import('@hbt/models');
  const { AdamW, decaysByDefault } = await import('../dist/index.js');
  const V = 119_547;
  const H = 128;
  const name = 'embeddings.word_embeddings.weight';
  const p = tf.variable(tf.randomNormal([V, H], 0, 0.02, 'float32', 1));
  const opt = new AdamW(new Map([[name, p]]), {
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: 0.01,
    decays: decaysByDefault,
  });
  const rng = Rng.fromSeed(2);
  const ids = Int32Array.from(new Set(Array.from({ length: 2048 }, () => rng.int(V)))).sort();
  const rows = tf.tensor1d(ids, 'int32');
  const values = tf.randomNormal([ids.length, H], 0, 1, 'float32', 3);
  const dense = tf.scatterND(tf.reshape(rows, [-1, 1]), values, [V, H]);
  const time = (grad) => {
    const ts = [];
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      opt.apply(new Map([[name, grad]]), 1e-3);
      p.dataSync();
      ts.push(performance.now() - t0);
    }
    return median(ts.slice(1));
  };
  const out = { backend: got, rows: ids.length, dense_ms: time(dense), lazy_ms: time({ rows, values }) };
  // The training loop's lazy path: moments and table on the host, the step's rows uploaded for the forward.
  const hostOpt = new AdamW(new Map([[name, p]]), {
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: 0.01,
    decays: decaysByDefault,
    hostLazy: [name],
  });
  const ts = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    hostOpt.apply(new Map([[name, { rows, values }]]), 1e-3);
    hostOpt.hostRows(name, ids).dispose();
    ts.push(performance.now() - t0);
  }
  out.host_ms = median(ts.slice(1));
  console.log(JSON.stringify(out));
}

function label(r) {
  const o = r.objective && r.objective !== 'infonce' ? `/${r.objective}` : '';
  return `${r.name}/${r.update ?? 'dense'}${o}`;
}

function print(r) {
  const c = CONFIGS[r.name];
  const who = r.backend === 'torch' ? `torch ×${r.threads}` : r.backend;
  const sps = 1 / r.s_per_step;
  console.log(
    `${who.padEnd(10)} ${label(r).padEnd(20)} ${sps.toFixed(3).padStart(8)} steps/s ${(sps * c.batch).toFixed(1).padStart(8)} pairs/s` +
      `  (median of ${r.steps}${r.note ? `; ${r.note}` : ''})`,
  );
}

function runWorker(job, budget) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', JSON.stringify(job)], {
    encoding: 'utf8',
    timeout: budget * 1000,
    killSignal: 'SIGKILL',
  });
  if (r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL')
    return { error: `over the ${budget} s budget (--budget)` };
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status === 0 && line.startsWith('{')) return JSON.parse(line);
  const err = /^\w*Error: .*$/m.exec(r.stderr ?? '')?.[0] ?? `exit ${r.status ?? r.signal}`;
  return { error: err.trim().slice(0, 200), unavailable: /backend "\w+" requested/.test(err) };
}

function torchRows(names, steps, threads, objectives) {
  const out = [];
  for (const t of [...new Set([1, threads])]) {
    const r = spawnSync(
      'python3',
      [
        join(here, 'train_torch.py'),
        '--threads',
        String(t),
        '--steps',
        String(steps),
        '--configs',
        names.join(','),
        '--objectives',
        objectives.join(','),
      ],
      {
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) {
      const why = (r.stderr ?? '').trim().split('\n').pop();
      console.log(`\nPyTorch comparison skipped: ${why || `python3 exited ${r.status}`}`);
      return null;
    }
    for (const l of r.stdout.trim().split('\n'))
      if (l.startsWith('{')) out.push({ backend: 'torch', ...JSON.parse(l) });
  }
  return out;
}
