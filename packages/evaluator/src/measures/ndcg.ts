import type { JudgedRanking, Measure } from './types.js';

/**
 * Normalised discounted cumulative gain, trec_eval's `ndcg` / `ndcg_cut.k`: gain = the qrels relevance
 * level (levels ≤ 0 give nothing), discount log2(rank + 1), normalised by the DCG of the ideal ranking
 * built from the qrels (all documents with relevance > 0, best first), both cut at k; 0 when the ideal
 * DCG is 0.
 *
 * @example
 * ndcg(10).compute({ relevantRanks: [2], gains: [1], numRelevant: 1, idealGains: [1], numRetrieved: 10 }); // 1 / log2(3) = 0.6309…
 */
export function ndcg(cutoff: number | null): Measure {
  const k = cutoff ?? Number.POSITIVE_INFINITY;
  return {
    family: 'nDCG',
    cutoff,
    name: cutoff === null ? 'nDCG' : `nDCG@${cutoff}`,
    trecName: cutoff === null ? 'ndcg' : `ndcg_cut_${cutoff}`,
    compute(r: JudgedRanking): number {
      let ideal = 0;
      const ig = r.idealGains;
      const n = Math.min(ig.length, k);
      for (let i = 0; i < n; i++) ideal += ig[i]! / Math.log2(i + 2);
      if (ideal <= 0) return 0;
      let dcg = 0;
      const ranks = r.relevantRanks;
      for (let i = 0; i < ranks.length; i++) {
        const rank = ranks[i]!;
        if (rank > k) break;
        const g = r.gains[i]!;
        if (g > 0) dcg += g / Math.log2(rank + 1);
      }
      return dcg / ideal;
    },
  };
}
