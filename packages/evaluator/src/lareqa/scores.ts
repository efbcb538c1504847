/**
 * Dot-product scores of a block of queries against a contiguous range of candidates, in float64:
 * `out[i · n + j] = Σ_k q[(q0 + i)·dim + k] · c[(c0 + j)·dim + k]` for i < rows, j < n = c1 − c0.
 *
 * Each float32 × float32 product is exact in float64 and the sum runs in k order, so a score differs
 * from a float64 BLAS product only by rounding of the sum (~1e-16 relative); two candidates with
 * different vectors practically never tie. Register blocking: 4 queries × 2 candidates per inner loop.
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
    const o0 = i * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    let j = 0;
    // 4 queries × 2 candidates: 8 sums share 6 loads per step.
    for (; j + 2 <= n; j += 2) {
      const b0 = (c0 + j) * dim;
      const b1 = b0 + dim;
      let s00 = 0;
      let s10 = 0;
      let s20 = 0;
      let s30 = 0;
      let s01 = 0;
      let s11 = 0;
      let s21 = 0;
      let s31 = 0;
      for (let k = 0; k < dim; k++) {
        const x = c[b0 + k]!;
        const y = c[b1 + k]!;
        const u0 = q[a0 + k]!;
        const u1 = q[a1 + k]!;
        const u2 = q[a2 + k]!;
        const u3 = q[a3 + k]!;
        s00 += u0 * x;
        s10 += u1 * x;
        s20 += u2 * x;
        s30 += u3 * x;
        s01 += u0 * y;
        s11 += u1 * y;
        s21 += u2 * y;
        s31 += u3 * y;
      }
      out[o0 + j] = s00;
      out[o1 + j] = s10;
      out[o2 + j] = s20;
      out[o3 + j] = s30;
      out[o0 + j + 1] = s01;
      out[o1 + j + 1] = s11;
      out[o2 + j + 1] = s21;
      out[o3 + j + 1] = s31;
    }
    for (; j < n; j++) {
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
      out[o0 + j] = s0;
      out[o1 + j] = s1;
      out[o2 + j] = s2;
      out[o3 + j] = s3;
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
