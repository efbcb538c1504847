import { initBackend, loadModel, embedTexts, tf } from '@hbt/models';
await initBackend('wasm');
const dir = process.argv[2]!;
const n0 = tf.memory().numTensors;
tf.engine().startScope();
let m;
try {
  m = await loadModel(dir);
  const v = await embedTexts(m, ['hello world', 'abc'], { batchSize: 1, maxLength: 16 });
  console.log('inside', tf.memory().numTensors - n0, v.length);
} finally { m?.encoder.dispose(); tf.engine().endScope(); }
console.log('after scope', tf.memory().numTensors - n0);
