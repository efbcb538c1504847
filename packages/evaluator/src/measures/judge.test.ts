import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareIds, judgeRanking, prepareJudgements } from './judge.js';

/** The ranking the slow way: sort everything (score desc, id desc by code point) and read positions. */
function bruteRanks(ids: string[], scores: number[], rel: Map<string, number>): number[] {
  const order = ids.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || compareIds(ids[b]!, ids[a]!));
  const out: number[] = [];
  order.forEach((i, pos) => {
    if ((rel.get(ids[i]!) ?? 0) > 0) out.push(pos + 1);
  });
  return out;
}

describe('judgeRanking', () => {
  it('equals a full sort, with many ties, for few and for many relevant documents', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 60, maxLength: 60 }),
        fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 60, maxLength: 60 }),
        (ids, scoreSeeds, rels) => {
          const scores = ids.map((_, i) => scoreSeeds[i]! / 2);
          const rel = new Map(ids.map((id, i) => [id, rels[i]!]));
          const j = prepareJudgements(rel);
          const got = judgeRanking(j, ids, scores);
          expect(Array.from(got.relevantRanks)).toEqual(bruteRanks(ids, scores, rel));
          expect(got.numRelevant).toBe(rels.slice(0, ids.length).filter((r) => r > 0).length);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('code-point order puts astral characters after every BMP character (UTF-8 byte order)', () => {
    expect(compareIds('a\u{1F600}', 'a\uFFFF')).toBeGreaterThan(0);
    expect(compareIds('ab', 'a')).toBeGreaterThan(0);
    expect(compareIds('B', 'a')).toBeLessThan(0);
  });
});
