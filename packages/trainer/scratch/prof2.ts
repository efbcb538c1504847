import { configSchema } from '@hbt/core';
import { batchToTensors, createModel, initBackend, tf, trainWordPiece } from '@hbt/models';

await initBackend((process.argv[2] ?? 'wasm') as 'wasm');
const drop = Number(process.argv[3] ?? 0.1);
const texts = Array.from(
  { length: 400 },
  (_, i) =>
    `Query: what is ${i} hello ${i % 7} world and more words ${i * 3} to fill ${i % 11} the sequence length ok`,
);
const tok = trainWordPiece(texts, { vocabSize: 300 });
const cfg = configSchema.parse({ model: { hidden: 128, layers: 2, heads: 4, dropout: drop } });
const model = createModel(cfg.model, tok, 1);
const vars = model.encoder.trainableVariables();
const enc = tok.encode(texts.slice(0, 64), { maxLength: 32, padding: 'max_length' });
const time = (label: string, f: () => void) => {
  f();
  const t0 = performance.now();
  for (let i = 0; i < 3; i++) f();
  console.log(label, ((performance.now() - t0) / 3).toFixed(0), 'ms');
};
time('forward eval', () =>
  tf.tidy(() => {
    model.encoder.forward(batchToTensors(enc)).pooled.dataSync();
  }),
);
time('forward train', () =>
  tf.tidy(() => {
    model.encoder.forward(batchToTensors(enc), { training: true, dropoutSeed: 3 }).pooled.dataSync();
  }),
);
time('fwd+bwd train', () => {
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
});
time('matmul 2048x128x512', () =>
  tf.tidy(() => {
    tf.matMul(tf.ones([2048, 128]), tf.ones([512, 128]), false, true).dataSync();
  }),
);
time('dropout 2048x512', () =>
  tf.tidy(() => {
    tf.dropout(tf.ones([2048, 512]), 0.1, undefined, 5).dataSync();
  }),
);
