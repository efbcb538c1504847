import { initBackend, tf } from '@hbt/models';
import { TopK } from '../src/topk.js';
await initBackend('wasm');
const dim = 256, bq = 1024, bc = 4096;
const q = tf.randomNormal([bq, dim]).div(16) as tf.Tensor2D; const c = (tf.randomNormal([bc, dim]).div(16) as tf.Tensor2D).transpose();
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let t0 = cpu(); let blk: Float32Array = new Float32Array(0);
for (let i = 0; i < 5; i++) { const s = tf.matMul(q, c); blk = (await s.data()) as Float32Array; s.dispose(); }
console.log('matmul+data cpu ms/block', (cpu() - t0) / 5);
t0 = cpu();
for (let i = 0; i < 5; i++) { const s = tf.matMul(q, c); s.dataSync(); s.dispose(); }
console.log('matmul+dataSync cpu ms/block', (cpu() - t0) / 5);
const heaps = new TopK(bq, 100);
t0 = cpu();
for (let i = 0; i < 5; i++) for (let r = 0; r < bq; r++) heaps.offerRow(r, blk, r * bc, bc, i * bc);
console.log('select cpu ms/block', (cpu() - t0) / 5);
