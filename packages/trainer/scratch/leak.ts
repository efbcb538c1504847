import { configSchema } from '@hbt/core';
import { createModel, initBackend, saveModel, tf, trainWordPiece } from '@hbt/models';
import { AdamW, decaysByDefault, evalLoss, lossAndGrads } from '../src/index.js';

await initBackend('wasm');
const texts = Array.from({ length: 50 }, (_, i) => `Query: what is ${i} hello ${i % 7} world`);
const tok = trainWordPiece(texts, { vocabSize: 200 });
const cfg = configSchema.parse({ model: { hidden: 32, layers: 1, heads: 2 } });
let n0 = tf.memory().numTensors;
const model = createModel(cfg.model, tok, 1);
console.log('create', tf.memory().numTensors - n0, model.encoder.weights.size);
n0 = tf.memory().numTensors;
const setup = {
  encoder: model.encoder,
  tokenizer: tok,
  maxLength: 16,
  symmetric: true,
  microBatch: null,
  scale: 20,
};
const batch = { queries: texts.slice(0, 8), passages: texts.slice(8, 18), numPositives: 8 };
const r = lossAndGrads(setup, batch, model.encoder.trainableVariables(), 1, 0);
console.log('grads', tf.memory().numTensors - n0, r.grads.size);
r.grads.forEach((g) => g.dispose());
console.log('after dispose', tf.memory().numTensors - n0);
n0 = tf.memory().numTensors;
evalLoss(setup, batch);
console.log('eval', tf.memory().numTensors - n0);
n0 = tf.memory().numTensors;
const r2 = lossAndGrads({ ...setup, microBatch: 3 }, batch, model.encoder.trainableVariables(), 1, 0);
r2.grads.forEach((g) => g.dispose());
console.log('gradcache', tf.memory().numTensors - n0);
n0 = tf.memory().numTensors;
const vals = await model.encoder.getValues();
tf.tidy(() => model.encoder.setValues(vals));
console.log('setValues', tf.memory().numTensors - n0);
n0 = tf.memory().numTensors;
await saveModel(model, '/tmp/leak-model');
console.log('save', tf.memory().numTensors - n0);
