import { countAtMost } from './recall.js';
import type { JudgedRanking, Measure } from './types.js';

/**
 * Precision at k, trec_eval's `P_k`: relevant documents in the top k divided by k (also when fewer than
 * k documents were retrieved).
 *
 * @example
 * precision(5).compute({ relevantRanks: [1, 2, 9], gains: [1, 1, 1], numRelevant: 3, idealGains: [1, 1, 1], numRetrieved: 10 }); // 0.4
 */
export function precision(cutoff: number): Measure {
  return {
    family: 'P',
    cutoff,
    name: `P@${cutoff}`,
    trecName: `P_${cutoff}`,
    compute(r: JudgedRanking): number {
      return countAtMost(r.relevantRanks, cutoff) / cutoff;
    },
  };
}
