/**
 * Dot-product scores of a block of queries against a contiguous range of candidates, in float64:
 * `out[i · n + j] = Σ_k q[(q0 + i)·dim + k] · c[(c0 + j)·dim + k]` for i < rows, j < n = c1 − c0.
 *
 * Each float32 × float32 product is exact in float64 and the sum runs in k order, so a score differs
 * from a float64 BLAS product only by rounding of the sum (~1e-16 relative); two candidates with
 * different vectors practically never tie. Four queries share each candidate load (register blocking).
 *
 * @example
 * const out = new Float64Array(2 * 3);
 * scoreBlock(queryVecs, 0, 2, docVecs, 0, 3, dim, out); // out[1 * 3 + 2] = q1 · c2
 */
export function scoreBlock(
  q: Float32Array,
  q0: number,
  rows: number,
  c: Float32Array,
  c0: number,
  c1: number,
  dim: number,
  out: Float64Array,
): void {
  const n = c1 - c0;
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const a0 = (q0 + i) * dim;
    const a1 = a0 + dim;
    const a2 = a1 + dim;
    const a3 = a2 + dim;
    const o = i * n;
    for (let j = 0; j < n; j++) {
      const b = (c0 + j) * dim;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < dim; k++) {
        const x = c[b + k]!;
        s0 += q[a0 + k]! * x;
        s1 += q[a1 + k]! * x;
        s2 += q[a2 + k]! * x;
        s3 += q[a3 + k]! * x;
      }
      out[o + j] = s0;
      out[o + n + j] = s1;
      out[o + 2 * n + j] = s2;
      out[o + 3 * n + j] = s3;
    }
  }
  for (; i < rows; i++) {
    const a = (q0 + i) * dim;
    const o = i * n;
    for (let j = 0; j < n; j++) {
      const b = (c0 + j) * dim;
      let s = 0;
      for (let k = 0; k < dim; k++) s += q[a + k]! * c[b + k]!;
      out[o + j] = s;
    }
  }
}

/** Queries per block so that one block of scores takes about `bytes` (at least 4, a multiple of 4). */
export function blockRows(numCandidates: number, bytes = 32 << 20): number {
  const rows = Math.floor(bytes / (8 * Math.max(1, numCandidates)));
  return Math.max(4, Math.min(1024, rows - (rows % 4)));
}
