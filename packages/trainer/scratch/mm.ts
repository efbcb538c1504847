import { initBackend, tf } from '@hbt/models';

await initBackend('wasm');
const a = tf.randomNormal([2048, 128]),
  wT = tf.randomNormal([512, 128]),
  w = tf.randomNormal([128, 512]);
const dy = tf.randomNormal([2048, 512]);
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
time('dy @ W^T', () => tf.matMul(dy, w, false, true));
time('dy @ Wt', () => tf.matMul(dy, wT));
