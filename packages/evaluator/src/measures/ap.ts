import type { JudgedRanking, Measure } from './types.js';

/**
 * Average precision, trec_eval's `map` (full ranking) and `map_cut.k` (`AP@k`):
 * `AP@k = (1/|R|) · Σ_{relevant d at rank r ≤ k} (#relevant at ranks ≤ r) / r`.
 *
 * Over the full ranking of every candidate this equals scikit-learn's `average_precision_score` when no
 * relevant candidate ties in score with another candidate. The divisor is the number of relevant
 * documents |R| even with a cutoff (trec_eval, ir_measures); XTREME-R's mAP@k divides by min(|R|, k),
 * which is the same number whenever |R| ≤ k (always, for LAReQA with k = 20).
 *
 * @example
 * ap(null).compute({ relevantRanks: [1, 3], gains: [1, 1], numRelevant: 2, idealGains: [1, 1], numRetrieved: 5 });
 * // (1/1 + 2/3) / 2 = 0.8333…
 */
export function ap(cutoff: number | null): Measure {
  const k = cutoff ?? Number.POSITIVE_INFINITY;
  return {
    family: 'AP',
    cutoff,
    name: cutoff === null ? 'AP' : `AP@${cutoff}`,
    trecName: cutoff === null ? 'map' : `map_cut_${cutoff}`,
    compute(r: JudgedRanking): number {
      if (r.numRelevant === 0) return 0;
      let sum = 0;
      const ranks = r.relevantRanks;
      for (let i = 0; i < ranks.length; i++) {
        const rank = ranks[i]!;
        if (rank > k) break;
        sum += (i + 1) / rank;
      }
      return sum / r.numRelevant;
    },
  };
}
