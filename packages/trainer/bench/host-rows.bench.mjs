// Benchmark of the lazy word-embedding AdamW on the host (HostRows.apply, through AdamW.apply with
// `hostLazy`, as the eager training step calls it), against the built dist (`pnpm exec turbo run build`).
//
//   node packages/trainer/bench/host-rows.bench.mjs [--repeats N]
//
// A 119,547 × 128 table (the mBERT vocabulary), ~2,000 distinct rows per update (2,048 drawn), for each
// shape of update (weight decay on/off × clipping coefficient 1 / 0.5). Before timing, the process runs
// the tensor-kernel AdamW on a small parameter (as a training step does for every other parameter), so
// the rule's call sites have seen tensors too. Prints the median milliseconds per update over the
// repeats (after 3 warm-up updates) and the elements updated per second. cpu backend: no device copies.
import { Rng } from '@hbt/core';
import { initBackend, tf } from '@hbt/models';
import { AdamW } from '../dist/index.js';

const args = process.argv.slice(2);
const repeats = Number(args[args.indexOf('--repeats') + 1] || 25);
const [V, H] = [119_547, 128];
const NAME = 'embeddings.word_embeddings.weight';
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

await initBackend('cpu');
// The tensor path first, on a small dense parameter.
const small = tf.variable(tf.randomNormal([64, 32], 0, 0.02, 'float32', 7));
const dense = new AdamW(new Map([['w', small]]), {
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 0.01,
  decays: () => true,
});
for (let i = 0; i < 20; i++) tf.tidy(() => dense.apply(new Map([['w', tf.onesLike(small)]]), 1e-3, 0.5));

const rng = Rng.fromSeed(2);
const ids = Int32Array.from(new Set(Array.from({ length: 2048 }, () => rng.int(V)))).sort();
const rows = tf.tensor1d(ids, 'int32');
const values = tf.randomNormal([ids.length, H], 0, 1, 'float32', 3);
console.log(`host-rows bench: ${V} × ${H} table, ${ids.length} rows per update, median of ${repeats}`);
for (const weightDecay of [0.01, 0]) {
  for (const clip of [1, 0.5]) {
    const p = tf.variable(tf.randomNormal([V, H], 0, 0.02, 'float32', 1));
    const opt = new AdamW(new Map([[NAME, p]]), {
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay,
      decays: () => true,
      hostLazy: [NAME],
    });
    const ts = [];
    for (let i = 0; i < repeats + 3; i++) {
      const t0 = performance.now();
      opt.apply(new Map([[NAME, { rows, values }]]), 1e-3, clip);
      ts.push(performance.now() - t0);
    }
    const ms = median(ts.slice(3));
    const r = { weight_decay: weightDecay, clip, rows: ids.length, cols: H, ms };
    console.log(
      `weight decay ${String(weightDecay).padEnd(4)} clip ${String(clip).padEnd(3)} ` +
        `${ms.toFixed(2).padStart(6)} ms per update, ${((ids.length * H) / ms / 1e3).toFixed(1)} M elements/s  ${JSON.stringify(r)}`,
    );
    opt.dispose();
    p.dispose();
  }
}
