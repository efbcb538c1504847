import { readFileSync } from 'node:fs';
import { searchExact } from '@hbt/indexer';
import { initBackend } from '@hbt/models';
await initBackend('wasm');
const ld = (f) => { const b = readFileSync(f); return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4); };
const q = ld('/tmp/hbt-bench-search/q-1000x128-11.f32'), c = ld('/tmp/hbt-bench-search/c-100000x128-22.f32');
for (const threads of [1, 2, 1, 2]) {
  const t0 = performance.now(); const ticks = [];
  const u0 = process.cpuUsage();
  await searchExact({ dim: 128, vectors: q }, { dim: 128, vectors: c }, { k: 100, threads, progress: { tick: (n) => ticks.push([n, Math.round(performance.now() - t0)]), done() {} } });
  const u = process.cpuUsage(u0);
  console.log(threads, 'wall', Math.round(performance.now() - t0), 'main cpu', Math.round((u.user + u.system) / 1000), JSON.stringify(ticks));
}
