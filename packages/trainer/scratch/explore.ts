import { configSchema } from '@hbt/core';
import { batchToTensors, createModel, initBackend, tf, trainWordPiece } from '@hbt/models';

const be = await initBackend((process.argv[2] ?? 'wasm') as 'wasm');
const cfg = configSchema.parse({
  model: { hidden: 32, layers: 1, heads: 2, tokenizer: { kind: 'wordpiece', vocab_size: 300 }, dropout: 0.1 },
});
const texts = Array.from(
  { length: 200 },
  (_, i) => `Query: what is item number ${i} of the list ${i % 7} hello world`,
);
const tok = trainWordPiece(texts, { vocabSize: 300 });
console.log(be, tok.vocabSize);
const model = createModel(cfg.model, tok, 13);
const enc = tok.encode(texts.slice(0, 8), { maxLength: 16 });
console.log(enc.shape);
const vars = model.encoder.trainableVariables();
const t0 = performance.now();
const { value, grads } = tf.variableGrads(
  () =>
    tf.tidy(() => {
      const out = model.encoder.forward(batchToTensors(enc), { training: true, dropoutSeed: 5 });
      return tf.sum(tf.square(out.pooled)) as tf.Scalar;
    }),
  vars,
);
console.log(value.dataSync(), Object.keys(grads).length, performance.now() - t0);
const g = grads[vars[0]!.name]!;
console.log(vars[0]!.name, g.shape);
const rows = await g.abs().sum(1).data();
console.log('nonzero rows', [...rows].filter((x) => x > 0).length, 'unique ids', new Set(enc.inputIds).size);
