import type { Rng } from '@hbt/core';

/**
 * The two-sided sign-flip (paired randomization) test on cluster totals `C`: the statistic is Σ ±C_k.
 * Exact over all 2^K patterns when that is at most `permutations`; otherwise `permutations` random
 * patterns from `rng` (one bit per cluster, 32 clusters per draw) and p = (1 + hits) / (1 + permutations).
 * A pattern counts when |statistic| ≥ `threshold`.
 *
 * Random patterns are summed 8 clusters at a time from a table of all 256 sign patterns of each group
 * of 8, so a pattern costs K/8 additions.
 */
export function signFlip(
  C: Float64Array,
  threshold: number,
  permutations: number,
  rng: Rng,
): { p: number; exact: boolean; patterns: number } {
  const K = C.length;
  if (K <= 30 && 2 ** K <= permutations) {
    const patterns = 2 ** K;
    let hits = 0;
    for (let mask = 0; mask < patterns; mask++) {
      let t = 0;
      for (let i = 0; i < K; i++) t += (mask >>> i) & 1 ? -C[i]! : C[i]!;
      if (Math.abs(t) >= threshold) hits++;
    }
    return { p: hits / patterns, exact: true, patterns };
  }
  // table[g·256 + m]: sum of group g's 8 values, value t negated when bit t of m is set.
  const groups = Math.ceil(K / 8);
  const table = new Float64Array(groups * 256);
  for (let g = 0; g < groups; g++) {
    const base = g * 256;
    let all = 0;
    for (let t = 0; t < 8; t++) all += C[g * 8 + t] ?? 0;
    table[base] = all;
    for (let m = 1; m < 256; m++) {
      const low = 31 - Math.clz32(m & -m);
      table[base + m] = table[base + (m ^ (1 << low))]! - 2 * (C[g * 8 + low] ?? 0);
    }
  }
  const words = Math.ceil(K / 32);
  let hits = 0;
  for (let r = 0; r < permutations; r++) {
    let t = 0;
    let g = 0;
    for (let w = 0; w < words; w++) {
      const bits = rng.nextU32();
      for (let k = 0; k < 4 && g < groups; k++, g++) t += table[g * 256 + ((bits >>> (8 * k)) & 255)]!;
    }
    if (Math.abs(t) >= threshold) hits++;
  }
  return { p: (1 + hits) / (1 + permutations), exact: false, patterns: permutations };
}
