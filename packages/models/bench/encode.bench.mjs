// Encode throughput (sequences/s) of @hbt/models' encoder per available tfjs backend, next to PyTorch
// CPU on the same config. A benchmark, not a test: numbers vary between runs and machines.
//
//   pnpm exec turbo run build --filter @hbt/models...   # the bench imports dist/
//   node packages/models/bench/encode.bench.mjs [--repeats 5] [--cpu] [--batch 128] [--seq 64]
//
// Config: BERT, hidden 256, 4 layers, 4 heads, intermediate 1024, vocab 30000, sequence 64, batch 128,
// inference (no dropout). Reports the median of the repeats after one warm-up batch. The cpu backend
// takes minutes per batch at this size, so it runs only with --cpu. PyTorch runs (if importable) with
// 1 thread (the wasm backend is single-threaded) and with all cores (as native TensorFlow uses them).
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEncoder, GraphRunner, initBackendInfo, tf } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: '5' },
    batch: { type: 'string', default: '128' },
    seq: { type: 'string', default: '64' },
    cpu: { type: 'boolean', default: false },
  },
});
const repeats = Number(values.repeats);
const B = Number(values.batch);
const T = Number(values.seq);
const cfg = {
  modelType: 'bert',
  vocabSize: 30000,
  hiddenSize: 256,
  numLayers: 4,
  numHeads: 4,
  intermediateSize: 1024,
  maxPositionEmbeddings: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  hiddenDropout: 0.1,
  attentionDropout: 0.1,
  padTokenId: 0,
  pooling: 'mean',
  dense: null,
  normalize: true,
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ids = new Int32Array(B * T);
let s = 12345;
for (let i = 0; i < ids.length; i++) {
  s = (Math.imul(s, 1103515245) + 12345) >>> 0;
  ids[i] = 5 + (s % (cfg.vocabSize - 5));
}
const mask = new Int32Array(B * T).fill(1);
const rows = [];

for (const pref of ['tensorflow', 'wasm', ...(values.cpu ? ['cpu'] : [])]) {
  let info;
  try {
    info = await initBackendInfo(pref);
  } catch (e) {
    console.log(`${pref}: not available (${e.message.split('\n')[0]})`);
    continue;
  }
  const enc = createEncoder(cfg, 1);
  const inputs = {
    inputIds: tf.tensor2d(ids, [B, T], 'int32'),
    attentionMask: tf.tensor2d(mask, [B, T], 'int32'),
  };
  const once = async () => {
    const t0 = performance.now();
    const out = tf.tidy(() => enc.forward(inputs).pooled);
    await out.data();
    out.dispose();
    return (performance.now() - t0) / 1000;
  };
  await once();
  const n = pref === 'cpu' ? 1 : repeats;
  const times = [];
  for (let r = 0; r < n; r++) times.push(await once());
  const sec = median(times);
  rows.push({
    impl: `tfjs ${info.name}${info.nativePackage ? ` (${info.nativePackage})` : ''}`,
    threads: info.name === 'wasm' ? 1 : info.name === 'cpu' ? 1 : availableParallelism(),
    seqPerSec: B / sec,
    sec,
    n,
  });
  if (info.name === 'tensorflow') {
    // What `hbt embed` / the index stage run on this backend: the encoder as one TensorFlow graph.
    const runner = await GraphRunner.create(enc);
    const viaGraph = async () => {
      const t0 = performance.now();
      const out = runner.encode(inputs);
      await out.data();
      out.dispose();
      return (performance.now() - t0) / 1000;
    };
    await viaGraph();
    const gt = [];
    for (let r = 0; r < repeats; r++) gt.push(await viaGraph());
    const gsec = median(gt);
    rows.push({
      impl: `tfjs tensorflow, graph (GraphRunner: what hbt embed/index use)`,
      threads: availableParallelism(),
      seqPerSec: B / gsec,
      sec: gsec,
      n: repeats,
    });
    rows[rows.length - 2].impl += ', eager kernels';
    runner.dispose();
  }
  tf.dispose([inputs.inputIds, inputs.attentionMask]);
  enc.dispose();
}

for (const threads of [1, availableParallelism()]) {
  try {
    const out = execFileSync(
      'python3',
      [join(here, 'encode_torch.py'), String(B), String(T), String(repeats), String(threads)],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const r = JSON.parse(out.trim().split('\n').pop());
    rows.push({ impl: `pytorch ${r.torch} cpu`, threads, seqPerSec: B / r.sec, sec: r.sec, n: repeats });
  } catch (e) {
    const msg = String(e.stderr ?? e.message);
    console.log(
      `pytorch (${threads} threads): skipped (${/No module named/.test(msg) ? 'torch is not importable' : msg.split('\n').filter(Boolean).pop()})`,
    );
    break;
  }
}

console.log(
  `\nencode throughput: BERT hidden 256, 4 layers, 4 heads, seq ${T}, batch ${B}; median of repeats`,
);
console.log('| implementation | threads | seq/s | s/batch | repeats |\n|---|---|---|---|---|');
for (const r of rows)
  console.log(`| ${r.impl} | ${r.threads} | ${r.seqPerSec.toFixed(1)} | ${r.sec.toFixed(3)} | ${r.n} |`);
