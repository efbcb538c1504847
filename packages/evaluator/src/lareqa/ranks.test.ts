import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { poolRank, rankRelevant, segmentRank } from './ranks.js';

/** Rank of candidate d among `cands` the slow way: sort them (score desc, key desc) and find d. */
function brute(scores: number[], keys: number[], cands: number[], d: number): number {
  const order = [...cands].sort((a, b) => scores[b]! - scores[a]! || keys[b]! - keys[a]!);
  return order.indexOf(d) + 1;
}

describe('rankRelevant', () => {
  it('pool and per-segment ranks equal a full sort, with ties', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }), // segment sizes
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 24, maxLength: 24 }), // scores (many ties)
        fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }), // relevant?
        fc.integer({ min: 0, max: 1000 }), // key permutation seed
        (sizes, sc, isRel, seed) => {
          const n = sizes.reduce((a, b) => a + b, 0);
          const segStart = Int32Array.from([
            0,
            ...sizes.map((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b, 0)),
          ]);
          const scores = Array.from({ length: n }, (_, i) => sc[i]! / 2);
          const keys = Array.from({ length: n }, (_, i) => i).sort(
            (a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101) || a - b,
          );
          const relevant = Int32Array.from(Array.from({ length: n }, (_, i) => i).filter((i) => isRel[i]));
          const r = rankRelevant(
            Float64Array.from(scores),
            0,
            relevant,
            new Float64Array(relevant.length).fill(1),
            Int32Array.from(keys),
            segStart,
            0,
            sizes.length,
          );
          expect([...r.cands].sort((a, b) => a - b)).toEqual([...relevant]);
          const all = Array.from({ length: n }, (_, i) => i);
          for (let j = 0; j < r.cands.length; j++) {
            const d = r.cands[j]!;
            expect(poolRank(r, j)).toBe(brute(scores, keys, all, d));
            const s = r.segs[j]!;
            const seg = all.slice(segStart[s]!, segStart[s + 1]!);
            expect(seg).toContain(d);
            expect(segmentRank(r, j)).toBe(brute(scores, keys, seg, d));
          }
          // In ranking order, pool ranks increase.
          for (let j = 1; j < r.cands.length; j++) expect(poolRank(r, j)).toBeGreaterThan(poolRank(r, j - 1));
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });

  it('a sub-range (one segment) ignores relevant candidates outside it', () => {
    const segStart = Int32Array.from([0, 2, 5]);
    const row = Float64Array.from([0.1, 0.9, 0.3]); // candidates 2..4
    const r = rankRelevant(
      row,
      2,
      Int32Array.from([0, 3]),
      Float64Array.from([1, 1]),
      Int32Array.from([0, 1, 2, 3, 4]),
      segStart,
      1,
      1,
    );
    expect([...r.cands]).toEqual([3]);
    expect(segmentRank(r, 0)).toBe(1);
  });
});
