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

  it('offer() takes items in any order and still ranks equal scores by item ascending', () => {
    const rng = Rng.fromSeed(9);
    const n = 400;
    const row = Float32Array.from({ length: n }, () => (rng.int(21) - 10) / 4); // negatives, zeros, ties
    const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    const t = new TopK(1, 30);
    for (const i of order) t.offer(0, row[i]!, i);
    const ref = Array.from(row, (s, i) => ({ s, i }))
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .slice(0, 30);
    const got = t.sorted(0);
    expect(Array.from(got.items)).toEqual(ref.map((x) => x.i));
    expect(Array.from(got.scores)).toEqual(ref.map((x) => x.s));
  });

  it('sorts with keys and without (items ≥ 2²¹, a -0 score) to the same full-sort order', () => {
    const rng = Rng.fromSeed(10);
    for (const [offset, withNegZero] of [
      [0, false],
      [2 ** 21 - 50, false], // some items above the key range: the comparator-free path must refuse
      [3, true],
    ] as const) {
      const n = 300;
      const row = Float32Array.from({ length: n }, () => (rng.int(41) - 20) * 0.37);
      if (withNegZero) row[5] = -0;
      const t = new TopK(1, 64);
      t.offerRow(0, row, 0, n, offset);
      const ref = Array.from(row, (s, i) => ({ s, i: i + offset }))
        .sort((a, b) => b.s - a.s || a.i - b.i)
        .slice(0, 64);
      const scores = new Float32Array(70);
      const items = new Int32Array(70);
      expect(t.sortedInto(0, scores, items, 3)).toBe(64);
      expect(Array.from(items.subarray(3, 67))).toEqual(ref.map((x) => x.i));
      expect(Array.from(scores.subarray(3, 67))).toEqual(ref.map((x) => x.s));
    }
  });

  it('save / restore puts a heap back as it was', () => {
    const t = new TopK(2, 3);
    t.offerRow(1, new Float32Array([0.2, 0.7, 0.5]), 0, 3, 0);
    const s = new Float32Array(3);
    const i = new Int32Array(3);
    const size = t.save(1, s, i);
    t.offerRow(1, new Float32Array([0.9, 0.8]), 0, 2, 3);
    expect(Array.from(t.sorted(1).items)).toEqual([3, 4, 1]);
    t.restore(1, s, i, size);
    expect(Array.from(t.sorted(1).items)).toEqual([1, 2, 0]);
  });

  it('rejects k < 1', () => {
    expect(() => new TopK(1, 0)).toThrow(/positive integer/);
  });
});
