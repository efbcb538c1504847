import { initBackend, tf } from '@hbt/models';
await initBackend('wasm');
const dim = 256; const q = tf.randomNormal([1024, dim]) as tf.Tensor2D; const c = (tf.randomNormal([4096, dim]) as tf.Tensor2D).transpose();
let t0 = performance.now(); for (let i = 0; i < 10; i++) { const s = tf.matMul(q, c); s.dataSync(); s.dispose(); } console.log('mm+dataSync', (performance.now() - t0) / 10);
t0 = performance.now(); for (let i = 0; i < 10; i++) { const s = tf.matMul(q, c); await s.data(); s.dispose(); } console.log('mm+data', (performance.now() - t0) / 10);
t0 = performance.now(); for (let i = 0; i < 10; i++) { const s = tf.matMul(q, c); s.dispose(); } console.log('mm only', (performance.now() - t0) / 10);
