import { Rng } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { type PairedUnit, pairedTest } from './paired.js';

const opts = (seed = 1, permutations = 2000, bootstrap = 2000) => ({
  permutations,
  bootstrap,
  confidence: 0.95,
  rng: Rng.fromSeed(seed),
});

const units = (stratum: string, a: number[], b: number[]): PairedUnit[] =>
  a.map((x, i) => ({ stratum, a: x, b: b[i]! }));

describe('paired randomization test', () => {
  it('gives p = 1 and a zero difference for identical systems (exact and sampled)', () => {
    const small = units('en', [0.2, 0.5, 0.9], [0.2, 0.5, 0.9]);
    const r = pairedTest(small, opts());
    expect(r.exact).toBe(true);
    expect(r.p).toBe(1);
    expect(r.diff).toBe(0);
    expect([r.ciLow, r.ciHigh]).toEqual([0, 0]);

    const xs = Array.from({ length: 200 }, (_, i) => (i % 17) / 17);
    const big = pairedTest(units('en', xs, xs), opts());
    expect(big.exact).toBe(false);
    expect(big.p).toBe(1);
  });

  it('enumerates all sign patterns for a hand-checkable case', () => {
    // differences 1, 2, 3: the 8 sign patterns give sums ±6, ±4, ±2, 0, 0; |sum| ≥ 6 in 2 of 8 → p = 0.25
    const r = pairedTest(units('en', [3, 4, 5], [2, 2, 2]), opts());
    expect(r.exact).toBe(true);
    expect(r.patterns).toBe(8);
    expect(r.p).toBe(0.25);
    expect(r.diff).toBeCloseTo(2, 12);
    expect(r.meanA).toBeCloseTo(4, 12);
    expect(r.meanB).toBeCloseTo(2, 12);
  });

  it('matches scipy on an exact paired permutation test', () => {
    // scipy 1.17.1: stats.permutation_test((a, b), lambda x, y, axis: np.mean(x - y, axis=axis),
    //   permutation_type='samples', alternative='two-sided', n_resamples=np.inf).pvalue → 0.064453125
    const a = [0.61, 0.42, 0.77, 0.35, 0.58, 0.91, 0.24, 0.66, 0.49, 0.83];
    const b = [0.55, 0.47, 0.7, 0.3, 0.52, 0.8, 0.31, 0.6, 0.41, 0.79];
    const r = pairedTest(units('en', a, b), opts(1, 1024));
    expect(r.exact).toBe(true);
    expect(r.p).toBe(0.064453125);
    expect(r.diff).toBeCloseTo(0.041, 12);
  });

  it('gives the smallest possible p for a huge consistent difference', () => {
    // 60 queries all better by 0.4 (± 0.01): only the all-same-sign patterns reach the observed
    // statistic (probability 2^-59 per draw), so p = 1 / (1 + 2000)
    const b = Array.from({ length: 60 }, (_, i) => 0.3 + (i % 5) * 0.01);
    const a = b.map((x, i) => x + 0.4 + ((i % 3) - 1) * 0.01);
    const r = pairedTest(units('en', a, b), opts(7));
    expect(r.exact).toBe(false);
    expect(r.p).toBe(1 / 2001);
    expect(r.diff).toBeCloseTo(0.4, 2);
    expect(r.ciLow!).toBeGreaterThan(0.39);
    expect(r.ciHigh!).toBeLessThan(0.41);
  });

  it('macro-averages over strata', () => {
    // stratum x: one difference 1; stratum y: differences 2, 2 → statistic (1 + 2) / 2 = 1.5 (plain mean 5/3).
    // Weighted terms 0.5, 0.5, 0.5: |sum| = 1.5 only when all signs agree → 2 of 8 patterns → p = 0.25
    const r = pairedTest([...units('x', [1], [0]), ...units('y', [3, 3], [1, 1])], opts());
    expect(r.strata).toBe(2);
    expect(r.diff).toBeCloseTo(1.5, 12);
    expect(r.meanA).toBeCloseTo((1 + 3) / 2, 12);
    expect(r.p).toBe(0.25);
  });

  it('gives the percentile bootstrap interval of a two-unit case', () => {
    // differences 0 and 1: resampled means are 0, 0.5, 1 with probabilities 1/4, 1/2, 1/4, so the
    // 2.5% and 97.5% quantiles are 0 and 1
    const r = pairedTest(units('en', [1, 2], [1, 1]), opts(3, 2000, 4000));
    expect(r.diff).toBeCloseTo(0.5, 12);
    expect(r.ciLow).toBe(0);
    expect(r.ciHigh).toBe(1);
  });

  it('flips and resamples a cluster as one', () => {
    // Two queries, each in two strata (target languages), every difference 1. Weighted terms 1/4 each;
    // cluster totals 0.5 and 0.5. Flipping clusters: 4 patterns, |sum| = 1 for ++ and -- → p = 0.5.
    // Treating the 4 units as independent would give 2 of 16 patterns → p = 0.125.
    const clustered: PairedUnit[] = [
      { stratum: 'en→de', cluster: 'q1', block: 'en', a: 1, b: 0 },
      { stratum: 'en→fr', cluster: 'q1', block: 'en', a: 1, b: 0 },
      { stratum: 'en→de', cluster: 'q2', block: 'en', a: 1, b: 0 },
      { stratum: 'en→fr', cluster: 'q2', block: 'en', a: 1, b: 0 },
    ];
    const r = pairedTest(clustered, opts());
    expect(r.clusters).toBe(2);
    expect(r.patterns).toBe(4);
    expect(r.p).toBe(0.5);
    expect(r.diff).toBeCloseTo(1, 12);
    const independent = pairedTest(
      clustered.map(({ stratum, a, b }) => ({ stratum, a, b })),
      opts(),
    );
    expect(independent.p).toBe(0.125);
  });

  it('is deterministic for a seed', () => {
    const a = Array.from({ length: 50 }, (_, i) => ((i * 7) % 11) / 11);
    const b = a.map((x, i) => x + (((i * 5) % 7) - 3) / 50);
    expect(pairedTest(units('en', a, b), opts(5))).toEqual(pairedTest(units('en', a, b), opts(5)));
  });

  it('rejects empty input and non-finite values', () => {
    expect(() => pairedTest([], opts())).toThrow(/at least one/);
    expect(() => pairedTest(units('en', [Number.NaN], [1]), opts())).toThrow(/non-finite/);
  });
});
