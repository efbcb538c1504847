import type { JudgedRanking, Measure } from './types.js';

/**
 * Reciprocal rank of the first relevant document, trec_eval's `recip_rank`; 0 when none is retrieved
 * (or, with a cutoff `RR@k`, none is in the top k).
 *
 * @example
 * rr(null).compute({ relevantRanks: [4, 9], gains: [1, 1], numRelevant: 2, idealGains: [1, 1], numRetrieved: 10 }); // 0.25
 */
export function rr(cutoff: number | null): Measure {
  const k = cutoff ?? Number.POSITIVE_INFINITY;
  return {
    family: 'RR',
    cutoff,
    name: cutoff === null ? 'RR' : `RR@${cutoff}`,
    trecName: cutoff === null ? 'recip_rank' : null,
    compute(r: JudgedRanking): number {
      if (r.relevantRanks.length === 0) return 0;
      const first = r.relevantRanks[0]!;
      return first <= k ? 1 / first : 0;
    },
  };
}
