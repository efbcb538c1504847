import { Rng } from '@hbt/core';
import type { VectorSet } from '../vectors.js';

/** `n` random unit vectors of `dim` floats (seeded). */
export function randomUnit(n: number, dim: number, seed: number): VectorSet {
  const rng = Rng.fromSeed(seed);
  const v = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let d = 0; d < dim; d++) {
      const x = rng.normal();
      v[i * dim + d] = x;
      z += x * x;
    }
    const s = 1 / Math.sqrt(z);
    for (let d = 0; d < dim; d++) v[i * dim + d]! *= s;
  }
  return { dim, vectors: v };
}

/** Vectors with entries in {-1, 0, 1}: inner products are small integers, so many scores tie exactly. */
export function ternary(n: number, dim: number, seed: number): VectorSet {
  const rng = Rng.fromSeed(seed);
  return { dim, vectors: Float32Array.from({ length: n * dim }, () => rng.int(3) - 1) };
}

/**
 * The reference: the full queries × candidates matrix in float64, each row sorted by score desc then
 * id asc (plain code-unit order; test ids are ASCII), top k.
 */
export function naiveTopK(
  q: VectorSet,
  c: VectorSet,
  k: number,
  ids: readonly string[],
  qRows?: readonly number[],
  cRows?: readonly number[],
): Array<Array<{ row: number; score: number }>> {
  const dim = q.dim;
  const nq = q.vectors.length / dim;
  const nc = c.vectors.length / dim;
  const qs = qRows ?? Array.from({ length: nq }, (_, i) => i);
  const cs = cRows ?? Array.from({ length: nc }, (_, i) => i);
  const full = qs.map((qi) =>
    cs.map((ci) => {
      let s = 0;
      for (let d = 0; d < dim; d++) s += q.vectors[qi * dim + d]! * c.vectors[ci * dim + d]!;
      return { row: ci, score: s };
    }),
  );
  return full.map((row) =>
    row
      .sort(
        (a, b) => b.score - a.score || (ids[a.row]! < ids[b.row]! ? -1 : ids[a.row]! > ids[b.row]! ? 1 : 0),
      )
      .slice(0, k),
  );
}
