import { Rng } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { TopK } from './topk.js';

describe('TopK', () => {
  it('keeps the k best, score desc then item asc, skipping NaN', () => {
    const t = new TopK(1, 3);
    t.offerRow(0, new Float32Array([0.5, Number.NaN, 0.9, 0.5, 0.1, 0.9]), 0, 6, 10);
    const s = t.sorted(0);
    expect(Array.from(s.items)).toEqual([12, 15, 10]);
    expect(Array.from(s.scores)).toEqual([Math.fround(0.9), Math.fround(0.9), 0.5]);
  });

  it('matches a full sort on random rows fed in uneven pieces', () => {
    const rng = Rng.fromSeed(3);
    const n = 500;
    // Scores on a coarse grid so that ties are common.
    const row = Float32Array.from({ length: n }, () => rng.int(40) / 8);
    const t = new TopK(2, 17);
    let start = 0;
    while (start < n) {
      const len = Math.min(n - start, 1 + rng.int(60));
      t.offerRow(1, row, start, len, start);
      start += len;
    }
    const ref = Array.from(row, (s, i) => ({ s, i }))
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .slice(0, 17);
    const got = t.sorted(1);
    expect(Array.from(got.items)).toEqual(ref.map((x) => x.i));
    expect(Array.from(got.scores)).toEqual(ref.map((x) => x.s));
    expect(t.sorted(0).items.length).toBe(0); // the other query saw nothing
  });

  it('rejects k < 1', () => {
    expect(() => new TopK(1, 0)).toThrow(/positive integer/);
  });
});
