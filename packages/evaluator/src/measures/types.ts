/**
 * Typed records of the evaluation core (in the manner of ir_measures): judgements ({@link Qrel}), a
 * system's scored documents ({@link ScoredDoc}), and the per-query summary every measure reads
 * ({@link JudgedRanking}).
 */

/** One relevance judgement: `relevance > 0` is relevant (its value is the nDCG gain); `<= 0` is not. */
export interface Qrel {
  queryId: string;
  docId: string;
  relevance: number;
}

/** One retrieved document with its score. Rankings are formed by score (see `compareRanked`). */
export interface ScoredDoc {
  queryId: string;
  docId: string;
  score: number;
}

/**
 * What a measure needs to know about one query's ranking: where the relevant documents landed and what
 * the judgements hold. Every measure here is a function of this record alone, which is why a ranking
 * never has to be materialised: the ranks of the relevant documents are enough.
 *
 * @example
 * // relevant documents at ranks 1 and 3 of 10 retrieved, one more relevant document not retrieved
 * const r: JudgedRanking = { relevantRanks: [1, 3], gains: [1, 1], numRelevant: 3, idealGains: [1, 1, 1], numRetrieved: 10 };
 */
export interface JudgedRanking {
  /** 1-based ranks of the retrieved documents with relevance > 0, ascending. */
  relevantRanks: ArrayLike<number>;
  /** Relevance level (gain) of the document at each of `relevantRanks`, same order. */
  gains: ArrayLike<number>;
  /** Number of judged documents with relevance > 0, retrieved or not (trec_eval's num_rel). */
  numRelevant: number;
  /** Relevance levels > 0 of all judged documents, descending: the gains of the ideal ranking. */
  idealGains: ArrayLike<number>;
  /** Number of documents in the ranking (after any truncation). */
  numRetrieved: number;
}

/** A measure, parsed from its name (`AP`, `AP@20`, `RR`, `RR@10`, `R@100`, `P@10`, `nDCG`, `nDCG@10`). */
export interface Measure {
  /** Family: `AP`, `RR`, `R`, `P` or `nDCG`. */
  readonly family: MeasureFamily;
  /** Rank cutoff, or null for the full ranking. */
  readonly cutoff: number | null;
  /** Canonical name, e.g. `nDCG@10`. */
  readonly name: string;
  /**
   * trec_eval's name for the same number, e.g. `ndcg_cut_10`; null where trec_eval has no such measure
   * (`RR@k` equals `recip_rank` run with `-M k`).
   */
  readonly trecName: string | null;
  /** The value for one query. */
  compute(r: JudgedRanking): number;
}

export type MeasureFamily = 'AP' | 'RR' | 'R' | 'P' | 'nDCG';

/** Per-query values and their mean for one measure. */
export interface MeasureResult {
  measure: string;
  perQuery: Map<string, number>;
  /** Mean over the averaged queries (see `EvaluateOptions.complete`). */
  mean: number;
}
