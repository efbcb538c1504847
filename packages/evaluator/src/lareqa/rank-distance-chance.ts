/**
 * The chance level of the rank distance: what a random ranking of the pool scores.
 *
 * A query with `k` relevant candidates among `n`, ranked in a uniformly random order, puts its relevant
 * candidates at `k` distinct positions drawn uniformly from 1..n. The rank distance is then the range
 * max − min of those positions, whose expectation is exact and closed-form:
 *
 *   E[max − min] = (k − 1)(n + 1) / (k + 1)
 *
 * (the i-th smallest of k such positions has mean i(n + 1)/(k + 1); take i = k minus i = 1). The eval
 * stage adds it per query beside the measured rank distance (measure `RD_chance`) and averages it the same
 * way: over a language's queries with ≥ 2 relevant candidates, then over languages.
 *
 * @param relevant k, the query's relevant candidates in the pool (an integer ≥ 2)
 * @param poolSize n, the candidates in the pool (an integer ≥ k)
 * @returns the expected rank distance of a random ranking
 * @throws RangeError when k or n is not an integer, k < 2 or k > n
 *
 * @example
 * // k = 2 of n = 5: the 10 position pairs have gaps 1×4, 2×3, 3×2, 4×1 → 20 / 10 = 2 = 1 · 6 / 3
 * rankDistanceChance(2, 5); // 2
 * // XQuAD-R: 11 relevant (one per language) in a pool of 13,014 → 10 · 13,015 / 12
 * rankDistanceChance(11, 13014); // 10845.833…
 */
export function rankDistanceChance(relevant: number, poolSize: number): number {
  if (!Number.isInteger(relevant) || !Number.isInteger(poolSize) || relevant < 2 || relevant > poolSize) {
    throw new RangeError(
      `rankDistanceChance: needs integers 2 ≤ relevant ≤ poolSize, got relevant ${relevant}, poolSize ${poolSize}`,
    );
  }
  return ((relevant - 1) * (poolSize + 1)) / (relevant + 1);
}
