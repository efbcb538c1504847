import { initBackend } from '@hbt/models';
import { searchExact } from '../src/search.js';
const be = process.argv[2] ?? 'wasm';
await initBackend(be as 'wasm');
const nq = Number(process.argv[3] ?? 2000), nc = Number(process.argv[4] ?? 13014), dim = Number(process.argv[5] ?? 256);
function rand(n: number, seed: number) { let s = seed >>> 0 || 1; const a = new Float32Array(n * dim);
  for (let i = 0; i < a.length; i++) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; a[i] = s / 4294967296 - 0.5; }
  for (let i = 0; i < n; i++) { let z = 0; for (let d = 0; d < dim; d++) z += a[i*dim+d]! ** 2; z = Math.sqrt(z); for (let d = 0; d < dim; d++) a[i*dim+d]! /= z; }
  return { dim, vectors: a }; }
const Q = rand(nq, 1), C = rand(nc, 2);
for (const [bq, bc] of [[1024, 4096], [2048, 2048], [512, 8192], [2048, 4096]]) {
  const t0 = performance.now();
  const r = await searchExact(Q, C, { k: 100, engine: (process.argv[6] as 'tfjs') ?? 'auto', blockQueries: bq, blockCandidates: bc });
  const dt = (performance.now() - t0) / 1000;
  console.log(be, r.engine, bq, bc, 'q/s', (nq / dt).toFixed(0), 'GFLOP/s', (2 * nq * nc * dim / dt / 1e9).toFixed(1), r.rows[0], r.scores[0]);
}
