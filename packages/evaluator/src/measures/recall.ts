import type { JudgedRanking, Measure } from './types.js';

/**
 * Recall at k, trec_eval's `recall_k`: the fraction of a query's relevant documents in its top k;
 * 0 when the query has no relevant document.
 *
 * @example
 * recall(10).compute({ relevantRanks: [2, 30], gains: [1, 1], numRelevant: 4, idealGains: [1, 1, 1, 1], numRetrieved: 100 }); // 0.25
 */
export function recall(cutoff: number): Measure {
  return {
    family: 'R',
    cutoff,
    name: `R@${cutoff}`,
    trecName: `recall_${cutoff}`,
    compute(r: JudgedRanking): number {
      if (r.numRelevant === 0) return 0;
      return countAtMost(r.relevantRanks, cutoff) / r.numRelevant;
    },
  };
}

/** Number of entries ≤ k in an ascending list of ranks. */
export function countAtMost(ranks: ArrayLike<number>, k: number): number {
  let n = 0;
  while (n < ranks.length && ranks[n]! <= k) n++;
  return n;
}
