/**
 * The vectors of the search benches (search.bench.mjs, search-phases.mjs): random unit vectors
 * (xorshift32 + Box–Muller, fixed seeds), generated once into $TMPDIR/hbt-bench-search/ as raw float32
 * files that faiss_search.py reads too.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/** The two cases: the XQuAD-R multilingual pool and a wide 1k × 100k × 128. */
export const CASES = [
  { name: 'xquad-r', nq: 13090, nc: 13014, dim: 256 },
  { name: 'wide', nq: 1000, nc: 100000, dim: 128 },
];
export const dir = join(os.tmpdir(), 'hbt-bench-search');
mkdirSync(dir, { recursive: true });

function unitVectors(n, dim, seed) {
  let s = seed >>> 0 || 1;
  const u = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  const v = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let d = 0; d < dim; d++) {
      const x = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
      v[i * dim + d] = x;
      z += x * x;
    }
    const f = 1 / Math.sqrt(z);
    for (let d = 0; d < dim; d++) v[i * dim + d] *= f;
  }
  return v;
}

export function loadVectors(name, n, dim, seed) {
  const file = join(dir, `${name}-${n}x${dim}-${seed}.f32`);
  if (existsSync(file)) {
    const b = readFileSync(file);
    return { file, vectors: new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4) };
  }
  const vectors = unitVectors(n, dim, seed);
  writeFileSync(file, Buffer.from(vectors.buffer));
  return { file, vectors };
}

export const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
