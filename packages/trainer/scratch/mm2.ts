import { initBackend, tf } from '@hbt/models';
import { patchWasmMatMul } from '../src/wasm-matmul.js';

await initBackend((process.argv[3] ?? 'wasm') as 'wasm');
if (process.argv[2] === 'patch') console.log('patched', patchWasmMatMul());
const a = tf.randomNormal([2048, 128]),
  wT = tf.randomNormal([512, 128]),
  w = tf.randomNormal([128, 512]);
const dy = tf.randomNormal([2048, 512]);
const q = tf.randomNormal([64, 4, 32, 32]);
const time = (label: string, f: () => tf.Tensor) => {
  f().dispose();
  const ts: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const r = f();
    r.dataSync();
    r.dispose();
    ts.push(performance.now() - t0);
  }
  ts.sort((x, y) => x - y);
  console.log(label.padEnd(28), ts[3]!.toFixed(1), 'ms');
};
time('x @ W (no transpose)', () => tf.matMul(a, w));
time('x @ W^T (transposeB)', () => tf.matMul(a, wT, false, true));
time('dy^T @ x (transposeA)', () => tf.matMul(dy, a, true, false));
time('q @ k^T batched', () => tf.matMul(q, q, false, true));
const r1 = tf.matMul(a, wT, false, true).dataSync();
const r2 = tf.matMul(a, tf.transpose(wT)).dataSync();
let d = 0;
for (let i = 0; i < r1.length; i++) d = Math.max(d, Math.abs(r1[i]! - r2[i]!));
console.log('maxdiff vs explicit', d, 'numTensors', tf.memory().numTensors);
