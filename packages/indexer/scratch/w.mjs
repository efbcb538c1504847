import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
if (isMainThread) {
  const t0 = performance.now();
  const ws = [0, 1].map((i) => new Promise((res, rej) => { const w = new Worker(new URL(import.meta.url), { workerData: i }); w.on('message', res); w.on('error', rej); }));
  console.log(await Promise.all(ws), performance.now() - t0);
} else {
  const { initBackend, tf } = await import('@hbt/models');
  const t0 = performance.now();
  await initBackend('wasm');
  const a = tf.randomNormal([1024, 256]); const b = tf.randomNormal([256, 4096]);
  const t1 = performance.now();
  for (let i = 0; i < 5; i++) { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); }
  parentPort.postMessage({ i: workerData, backend: tf.getBackend(), init: t1 - t0, mm: (performance.now() - t1) / 5 });
}
