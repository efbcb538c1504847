import { describe, expect, it } from 'vitest';
import {
  bestOf,
  countedUpTo,
  headCandidates,
  poolHead,
  QueryScores,
  rankWithin,
  relevantRanks,
  topOfHead,
} from './export-lists.js';
import { exactScore } from './score-kernel.js';

/**
 * The list primitives against a full sort of exact scores (score descending, key descending), on random
 * rows with exact ties, given approximate scores anywhere within the error bound.
 */
describe('export lists from approximate scores', () => {
  it('ranks, heads, lists and top candidates equal those of a full exact sort', () => {
    let seed = 9;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const dim = 4;
    for (let trial = 0; trial < 300; trial++) {
      const numSegs = 1 + Math.floor(rnd() * 3);
      const sizes = Array.from({ length: numSegs }, () => 1 + Math.floor(rnd() * 25));
      const segStart = Int32Array.from([
        0,
        ...sizes.map((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b)),
      ]);
      const n = segStart[numSegs]!;
      // Coarse components: many exactly tied scores.
      const docs = Float32Array.from({ length: n * dim }, () => Math.round(rnd() * 4) / 4);
      const q = Float32Array.from({ length: dim }, () => Math.round(rnd() * 4) / 4);
      const docKey = Int32Array.from({ length: n }, (_, i) => i).sort(() => rnd() - 0.5);
      const exact = Float64Array.from({ length: n }, (_, c) => exactScore(q, 0, docs, c, dim));
      const err = rnd() < 0.3 ? 0 : 0.05 * rnd();
      const approx = Float64Array.from(exact, (v) => v + (rnd() * 2 - 1) * err);
      const s = new QueryScores(docs, dim, docKey, n);
      s.reset(q, 0, err === 0 ? exact : approx, 0, err, err === 0);
      const order = (a: number, b: number) =>
        Array.from({ length: b - a }, (_, i) => a + i).sort(
          (x, y) => exact[y]! - exact[x]! || docKey[y]! - docKey[x]!,
        );
      const pool = order(0, n);
      const cap = 1 + Math.floor(rnd() * (n + 2));
      // Relevant candidates: a random subset, in exact order.
      const cands = pool.filter(() => rnd() < 0.25);
      if (cands.length === 0) cands.push(pool[Math.floor(rnd() * n)]!);
      const segOf = (c: number) => segStart.findIndex((_, g) => c < segStart[g + 1]!);
      const segs = cands.map(segOf);
      const ownCap = sizes.map(() => (rnd() < 0.2 ? 0 : cap));
      const r = relevantRanks(s, cands, segs, segStart, 0, numSegs, cap, ownCap);
      cands.forEach((c, j) => {
        const inPool = pool.indexOf(c) + 1;
        expect(r.pool[j], 'pool rank').toBe(inPool <= cap ? inPool : 0);
        const g = segs[j]!;
        const seg = order(segStart[g]!, segStart[g + 1]!);
        const own = seg.indexOf(c) + 1;
        expect(r.own[j], 'own rank').toBe(ownCap[g]! > 0 && own <= cap ? own : 0);
        // The list down to a relevant candidate within the cap: the head of the full sort.
        if (r.pool[j]! > 0)
          expect(Array.from(countedUpTo(s, r, cands, j, -1))).toEqual(pool.slice(0, inPool));
        if (r.own[j]! > 0) expect(Array.from(countedUpTo(s, r, cands, j, g))).toEqual(seg.slice(0, own));
      });
      // The top candidate of the pool and of each segment.
      expect(
        Array.from(
          bestOf(
            s,
            r,
            segStart,
            0,
            sizes.map((_, g) => g),
          ),
        ),
      ).toEqual([pool[0]]);
      for (let g = 0; g < numSegs; g++) {
        const seg = order(segStart[g]!, segStart[g + 1]!);
        expect(Array.from(bestOf(s, r, segStart, 0, [g]))).toEqual([seg[0]]);
        // The head holds the first `cap`, and the rank of any candidate within it.
        const head = headCandidates(s, segStart[g]!, segStart[g + 1]!, cap);
        expect(Array.from(topOfHead(s, head, Math.min(cap, seg.length)))).toEqual(seg.slice(0, cap));
        const last = seg[Math.floor(rnd() * seg.length)]!;
        const rk = seg.indexOf(last) + 1;
        expect(rankWithin(s, head, last, cap)).toBe(rk <= cap ? rk : 0);
      }
      const heads = sizes.map((_, g) => headCandidates(s, segStart[g]!, segStart[g + 1]!, cap));
      expect(Array.from(topOfHead(s, poolHead(s, heads, cap), Math.min(cap, n)))).toEqual(pool.slice(0, cap));
      expect(s.violated).toBe(false);
    }
  });
});
