import type { Summary as SeedStat } from '../stats/describe.js';

/**
 * How summary.json writes numbers: JSON has no NaN or Infinity, so a missing or non-finite value is
 * `null`; a seed statistic is `{mean, std, ci_low, ci_high, n}`.
 *
 * @example
 * fin(Number.NaN); // null
 * seedStat(summarize([0.5, 0.6, 0.7])); // { mean: 0.6, std: 0.1, ci_low: 0.35…, ci_high: 0.84…, n: 3 }
 */
export function fin(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : x;
}

export function seedStat(s: SeedStat) {
  return { mean: fin(s.mean), std: fin(s.std), ci_low: fin(s.low), ci_high: fin(s.high), n: s.n };
}
