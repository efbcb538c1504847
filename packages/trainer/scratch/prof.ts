import { configSchema } from '@hbt/core';
import { createModel, initBackend, tf, trainWordPiece } from '@hbt/models';
import { AdamW, decaysByDefault, globalNorm, lossAndGrads } from '../src/index.js';

await initBackend((process.argv[2] ?? 'wasm') as 'wasm');
if (process.argv[7] === 'patch') (await import('../src/wasm-matmul.js')).patchWasmMatMul();
const H = Number(process.argv[3] ?? 32),
  L = Number(process.argv[4] ?? 1),
  B = Number(process.argv[5] ?? 8),
  T = Number(process.argv[6] ?? 16);
const texts = Array.from(
  { length: 400 },
  (_, i) =>
    `Query: what is ${i} hello ${i % 7} world and more words ${i * 3} to fill ${i % 11} the sequence length ok`,
);
const tok = trainWordPiece(texts, { vocabSize: 300 });
const cfg = configSchema.parse({ model: { hidden: H, layers: L, heads: 2, dropout: 0.1 } });
const model = createModel(cfg.model, tok, 1);
const vars = model.encoder.trainableVariables();
const params = new Map(model.encoder.weights);
const opt = new AdamW(params, {
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 0.01,
  decays: decaysByDefault,
});
const setup = {
  encoder: model.encoder,
  tokenizer: tok,
  maxLength: T,
  symmetric: false,
  microBatch: null,
  scale: 20,
};
const byName = new Map([...params].map(([n, v]) => [v.name, n]));
const tm = { fwdbwd: 0, norm: 0, apply: 0 };
for (let s = 0; s < 12; s++) {
  const batch = {
    queries: texts.slice((s * B) % 200, ((s * B) % 200) + B),
    passages: texts.slice(200 + ((s * B) % 200), 200 + ((s * B) % 200) + B),
    numPositives: B,
  };
  const t0 = performance.now();
  const r = lossAndGrads(setup, batch, vars, 1, s);
  const t1 = performance.now();
  const g = new Map([...r.grads].map(([k, v]) => [byName.get(k)!, v]));
  const n = globalNorm([...g.values()]);
  const t2 = performance.now();
  opt.apply(g, 1e-3, 1);
  await vars[0]!.data();
  const t3 = performance.now();
  r.grads.forEach((x) => x.dispose());
  if (s >= 2) {
    tm.fwdbwd += t1 - t0;
    tm.norm += t2 - t1;
    tm.apply += t3 - t2;
  }
}
console.log(
  tf.getBackend(),
  JSON.stringify(Object.fromEntries(Object.entries(tm).map(([k, v]) => [k, (v / 10).toFixed(1)]))),
  'ms/step',
);
