import { configSchema } from '@hbt/core';
import { batchToTensors, createModel, initBackend, tf, trainWordPiece } from '@hbt/models';

await initBackend((process.argv[2] ?? 'wasm') as 'wasm');
(await import('../src/wasm-matmul.js')).patchWasmMatMul();
const texts = Array.from(
  { length: 400 },
  (_, i) =>
    `Query: what is ${i} hello ${i % 7} world and more words ${i * 3} to fill ${i % 11} the sequence length ok`,
);
const tok = trainWordPiece(texts, { vocabSize: 300 });
const cfg = configSchema.parse({ model: { hidden: 128, layers: 2, heads: 4, dropout: 0.1 } });
const model = createModel(cfg.model, tok, 1);
const vars = model.encoder.trainableVariables();
const enc = tok.encode(texts.slice(0, 64), { maxLength: 32, padding: 'max_length' });
const f = () => {
  const r = tf.variableGrads(
    () =>
      tf.sum(
        model.encoder.forward(batchToTensors(enc), { training: true, dropoutSeed: 3 }).pooled,
      ) as tf.Scalar,
    vars,
  );
  r.value.dataSync();
  Object.values(r.grads).forEach((g) => g.dispose());
  r.value.dispose();
};
f();
const prof = await tf.profile(f);
const by = new Map<string, { ms: number; n: number }>();
let total = 0;
for (const k of prof.kernels) {
  const ms = Number(await k.kernelTimeMs) || 0;
  total += ms;
  const e = by.get(k.name) ?? { ms: 0, n: 0 };
  e.ms += ms;
  e.n++;
  by.set(k.name, e);
}
console.log('total kernel ms', total.toFixed(0), 'kernels', prof.kernels.length);
for (const [k, v] of [...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20))
  console.log(k.padEnd(24), v.ms.toFixed(1).padStart(8), v.n);
