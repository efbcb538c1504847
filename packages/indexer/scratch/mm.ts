import { initBackend, tf } from '@hbt/models';
const be = process.argv[2] ?? 'wasm';
await initBackend(be as 'wasm');
const dim = 256, bq = Number(process.argv[3] ?? 1024), bc = Number(process.argv[4] ?? 4096);
const q = tf.randomNormal([bq, dim]); const c = tf.randomNormal([bc, dim]); const ct = c.transpose();
for (const [name, f] of [['transB', () => tf.matMul(q, c, false, true)], ['pre-T', () => tf.matMul(q, ct)]] as const) {
  for (let w = 0; w < 2; w++) f().dispose();
  const t0 = performance.now(); const R = 5;
  for (let r = 0; r < R; r++) { const s = f(); s.dataSync(); s.dispose(); }
  const dt = (performance.now() - t0) / R / 1000;
  console.log(be, name, bq, bc, 'GFLOP/s', ((2 * bq * bc * dim) / dt / 1e9).toFixed(1), 'ms', (dt*1000).toFixed(1));
}
