import { Worker, isMainThread, parentPort } from 'node:worker_threads';
if (isMainThread) {
  for (let r = 0; r < 2; r++) {
  const t0 = performance.now();
  const w = new Worker(new URL(import.meta.url), { execArgv: [] });
  const m = await new Promise((res) => w.on('message', res)); await w.terminate();
  console.log('worker ready after', Math.round(performance.now() - t0), m);
  }
} else {
  const t0 = performance.now();
  const { initBackend } = await import('@hbt/models');
  const t1 = performance.now();
  await initBackend('wasm');
  parentPort.postMessage({ import: Math.round(t1 - t0), init: Math.round(performance.now() - t1) });
}
