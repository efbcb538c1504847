import { TopK } from '../dist/topk.js';
const nq = 1024, nc = 13014;
let s = 7; const rnd = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
const blocks = [0, 4096, 8192, 12288].map((st) => { const w = Math.min(4096, nc - st); const a = new Float32Array(nq * w); for (let i = 0; i < a.length; i++) a[i] = (rnd() - 0.5) * 0.3; return { st, w, a }; });
for (let rep = 0; rep < 3; rep++) {
  const h = new TopK(nq, 100);
  const t0 = performance.now();
  for (const b of blocks) for (let r = 0; r < nq; r++) h.offerRow(r, b.a, r * b.w, b.w, b.st);
  const dt = performance.now() - t0;
  console.log('ns/score', (dt * 1e6 / (nq * nc)).toFixed(2), 'ms', dt.toFixed(0));
}
