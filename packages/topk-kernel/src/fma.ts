/**
 * The kernel's score rule in JavaScript, for checks and small jobs: float32 fused multiply-add, correctly
 * rounded. JavaScript has no fma; `a·b` of two float32 values is exact in float64, and `a·b + c` is
 * rounded once to float64 with the rounding error recovered exactly (TwoSum). Rounding that sum *to odd*
 * (when inexact, force the last float64 bit to 1) and then to float32 gives the correctly rounded
 * result, since float64 carries more than 24 + 1 bits (Boldo & Melquiond, "When double rounding is odd").
 */
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** fma(a, b, c) in float32: `a`, `b`, `c` are float32 values (Math.fround); the result is one. */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  if (!Number.isFinite(s)) return Math.fround(s);
  const bb = s - p;
  const err = p - (s - bb) + (c - bb);
  if (err === 0 || s === 0) return Math.fround(s);
  f64[0] = s;
  if ((u64[0]! & 1n) === 0n) {
    // Even: step one ulp towards the exact value (away from zero when err has s's sign).
    u64[0] = s > 0 === err > 0 ? u64[0]! + 1n : u64[0]! - 1n;
  }
  return Math.fround(f64[0]!);
}

/** `s = 0; s = fma(q[d], c[d], s)` for d = 0 … dim−1: the kernel's score of rows `qo` and `co`. */
export function fmaDot(q: Float32Array, qo: number, c: Float32Array, co: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s = fmaf(q[qo + d]!, c[co + d]!, s);
  return s;
}
