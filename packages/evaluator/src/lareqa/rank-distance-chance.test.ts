import { Rng } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { rankDistanceChance } from './rank-distance-chance.js';

/** Every k-subset of 1..n (n small), as arrays in ascending order. */
function* subsets(n: number, k: number, from = 1, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === k) {
    yield prefix;
    return;
  }
  for (let x = from; x <= n - (k - prefix.length) + 1; x++) yield* subsets(n, k, x + 1, [...prefix, x]);
}

/** Mean and sample std of max − min over `draws` random rankings (k distinct positions of 1..n). */
function monteCarlo(k: number, n: number, draws: number, rng: Rng): { mean: number; std: number } {
  let sum = 0;
  let sq = 0;
  for (let d = 0; d < draws; d++) {
    const picked = new Set<number>();
    while (picked.size < k) picked.add(1 + rng.int(n));
    const pos = [...picked];
    const range = Math.max(...pos) - Math.min(...pos);
    sum += range;
    sq += range * range;
  }
  const mean = sum / draws;
  return { mean, std: Math.sqrt((sq - draws * mean * mean) / (draws - 1)) };
}

describe('rankDistanceChance: E[max − min] of k distinct uniform positions in 1..n', () => {
  it('equals the exact mean over every k-subset (brute force, n ≤ 9)', () => {
    for (let n = 2; n <= 9; n++) {
      for (let k = 2; k <= n; k++) {
        let sum = 0;
        let count = 0;
        for (const s of subsets(n, k)) {
          sum += s[k - 1]! - s[0]!;
          count++;
        }
        expect(rankDistanceChance(k, n)).toBeCloseTo(sum / count, 12);
      }
    }
  });

  it('the worked examples: 2 of 5 → 2; k = n → n − 1; XQuAD-R 11 of 13,014 → 10,845.83', () => {
    expect(rankDistanceChance(2, 5)).toBe(2);
    expect(rankDistanceChance(7, 7)).toBe(6);
    expect(rankDistanceChance(11, 13014)).toBeCloseTo((10 * 13015) / 12, 9);
  });

  it('agrees with a seeded Monte-Carlo estimate on large pools (within 4 standard errors)', () => {
    const rng = Rng.fromSeed('rank-distance-chance');
    for (const [k, n, draws] of [
      [11, 13014, 4000],
      [3, 20534, 4000],
      [4, 50, 20000],
    ] as const) {
      const mc = monteCarlo(k, n, draws, rng.derive(k, n));
      const se = mc.std / Math.sqrt(draws);
      expect(Math.abs(mc.mean - rankDistanceChance(k, n))).toBeLessThan(4 * se);
    }
  });

  it('rejects what has no rank distance: k < 2, k > n, non-integers', () => {
    expect(() => rankDistanceChance(1, 10)).toThrow(/2 ≤ relevant ≤ poolSize, got relevant 1, poolSize 10/);
    expect(() => rankDistanceChance(5, 4)).toThrow(RangeError);
    expect(() => rankDistanceChance(2.5, 10)).toThrow(RangeError);
    expect(() => rankDistanceChance(2, Number.NaN)).toThrow(RangeError);
  });
});
