import { idTieKeys, searchExact } from '@hbt/indexer';

const n = 524288,
  dim = 128;
const ids = Array.from({ length: n }, (_, i) => `p${String(i + 3000000).padStart(8, '0')}`);
let t = performance.now();
const keys = idTieKeys(ids);
console.log('idTieKeys', (performance.now() - t).toFixed(0), 'ms');
const c = { dim, vectors: new Float32Array(n * dim).map((_, i) => Math.sin(i)) };
const q = { dim, vectors: new Float32Array(1000 * dim).map((_, i) => Math.cos(i)) };
for (let r = 0; r < 2; r++) {
  t = performance.now();
  await searchExact(q, c, { k: 100, tieKeys: keys });
  console.log('searchExact with keys', (performance.now() - t).toFixed(0), 'ms');
  t = performance.now();
  await searchExact(q, c, { k: 100 });
  console.log('searchExact no keys', (performance.now() - t).toFixed(0), 'ms');
}
