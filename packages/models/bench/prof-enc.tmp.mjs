import { createEncoder, initBackend, tf } from '../dist/index.js';

await initBackend('tensorflow');
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
  pooling: 'cls',
  dense: null,
  normalize: true,
};
const enc = createEncoder(cfg, 1);
const b = 128,
  t = 64;
const ids = tf.tensor2d(
  Int32Array.from({ length: b * t }, (_, i) => 5 + ((i * 7919) % 29000)),
  [b, t],
  'int32',
);
const mask = tf.ones([b, t], 'int32');
const run = () => tf.tidy(() => enc.forward({ inputIds: ids, attentionMask: mask }).pooled.dataSync());
for (let i = 0; i < 2; i++) run();
const ts = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  run();
  ts.push(performance.now() - t0);
}
ts.sort((a, b) => a - b);
console.log('forward ms median', ts[2].toFixed(1), '→', ((b / ts[2]) * 1000).toFixed(1), 'seq/s');
const prof = await tf.profile(() => {
  run();
});
const agg2 = new Map();
let tot = 0;
for (const k of prof.kernels) {
  const key = k.name + ' ' + JSON.stringify(k.inputShapes);
  const a = agg2.get(key) ?? { n: 0, ms: 0 };
  a.n++;
  a.ms += k.kernelTimeMs;
  tot += k.kernelTimeMs;
  agg2.set(key, a);
}
console.log('kernels', prof.kernels.length, 'total kernel ms', tot.toFixed(1));
for (const [k, a] of [...agg2].sort((x, y) => y[1].ms - x[1].ms).slice(0, 25))
  console.log(a.n, a.ms.toFixed(1), k);
