import { describe, expect, it } from 'vitest';
import { holm, mean, quantileSorted, sampleStd, summarize } from './describe.js';
import { studentTCdf, studentTQuantile } from './t-dist.js';

// Golden values from scipy 1.17.1 (an independent reference):
//   stats.t.ppf(0.975, df), stats.t.ppf(0.95, df), stats.t.cdf(1.5, df)
const SCIPY: Array<[df: number, q975: number, q95: number, cdf15: number]> = [
  [1, 12.706204736174694, 6.313751514675037, 0.8128329581890011],
  [2, 4.302652729749462, 2.9199855803537242, 0.8638034375544994],
  [3, 3.1824463052837078, 2.3533634348018233, 0.8847080673775886],
  [4, 2.7764451051977934, 2.1318467863266495, 0.896],
  [9, 2.262157162798205, 1.833112932656237, 0.9160746719714625],
  [29, 2.045229642132703, 1.6991270265334972, 0.9277881519798071],
  [100, 1.9839715185235518, 1.6602343260853392, 0.9316174709376556],
];

describe('Student t', () => {
  it.each(SCIPY)('df=%i matches scipy', (df, q975, q95, cdf15) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(q975, 8);
    expect(studentTQuantile(0.95, df)).toBeCloseTo(q95, 8);
    expect(studentTQuantile(0.025, df)).toBeCloseTo(-q975, 8);
    expect(studentTCdf(1.5, df)).toBeCloseTo(cdf15, 10);
    expect(studentTCdf(-1.5, df)).toBeCloseTo(1 - cdf15, 10);
  });

  it('rejects bad arguments', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(/quantile level/);
    expect(() => studentTCdf(1, 0)).toThrow(/degrees of freedom/);
  });
});

describe('summaries over seeds', () => {
  it('computes mean and sample std by hand', () => {
    // mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sample variance 32/7
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    expect(sampleStd(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(sampleStd([3])).toBeNull();
    expect(mean([])).toBeNull();
  });

  it('gives a t-interval of the mean', () => {
    // mean 0.6, std 0.1, half-width t(0.975, 2) · 0.1 / √3
    const s = summarize([0.5, 0.6, 0.7]);
    const half = (4.302652729749462 * 0.1) / Math.sqrt(3);
    expect(s.n).toBe(3);
    expect(s.mean).toBeCloseTo(0.6, 12);
    expect(s.std).toBeCloseTo(0.1, 12);
    expect(s.low).toBeCloseTo(0.6 - half, 9);
    expect(s.high).toBeCloseTo(0.6 + half, 9);
  });

  it('has no spread or interval with one seed, and drops non-finite values', () => {
    expect(summarize([0.42])).toEqual({ n: 1, mean: 0.42, std: null, low: null, high: null, values: [0.42] });
    expect(summarize([Number.NaN, 0.42]).n).toBe(1);
    expect(summarize([]).mean).toBeNull();
  });

  it('interpolates quantiles like numpy', () => {
    // numpy.quantile([1, 2, 3, 4, 10], [0.025, 0.5, 0.975]) → [1.1, 3.0, 9.4]
    const xs = [1, 2, 3, 4, 10];
    expect(quantileSorted(xs, 0.025)).toBeCloseTo(1.1, 12);
    expect(quantileSorted(xs, 0.5)).toBe(3);
    expect(quantileSorted(xs, 0.975)).toBeCloseTo(9.4, 12);
  });

  it('adjusts p-values with Holm', () => {
    // sorted 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → monotone 0.06
    const adj = holm([0.01, 0.04, 0.03]);
    expect(adj[0]).toBeCloseTo(0.03, 12);
    expect(adj[1]).toBeCloseTo(0.06, 12);
    expect(adj[2]).toBeCloseTo(0.06, 12);
    expect(holm([0.6, 0.9])).toEqual([1, 1]);
  });
});
