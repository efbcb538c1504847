import { compareIds } from '@hbt/core/ids';
import type { JudgedRanking } from './types.js';

/**
 * From one query's judgements and its scored documents to a {@link JudgedRanking}, with trec_eval's
 * ordering: score descending, ties by document id descending (byte order, like `strcmp`). The order the
 * documents come in (and any rank column) does not matter. Only the ranks of the relevant documents are
 * computed — rank(d) = 1 + #documents ordered before d — so no full sort is needed when few are relevant.
 */

/** One query's judgements, prepared once: relevance by doc id, and the ideal gains. */
export interface QueryJudgements {
  relevance: Map<string, number>;
  /** Judged documents with relevance > 0. */
  numRelevant: number;
  /** Relevance levels > 0, descending. */
  idealGains: Float64Array;
}

/** Build {@link QueryJudgements} from (doc id, relevance) pairs (ids must be unique; checked by callers). */
export function prepareJudgements(relevance: Map<string, number>): QueryJudgements {
  const gains: number[] = [];
  for (const r of relevance.values()) if (r > 0) gains.push(r);
  const idealGains = Float64Array.from(gains).sort().reverse();
  return { relevance, numRelevant: gains.length, idealGains };
}

export { compareIds };

/** An empty ranking for a judged query (trec_eval `-c`: a query with no results). */
export function emptyRanking(j: QueryJudgements): JudgedRanking {
  return {
    relevantRanks: [],
    gains: [],
    numRelevant: j.numRelevant,
    idealGains: j.idealGains,
    numRetrieved: 0,
  };
}

/**
 * Judge one query's ranking. `maxResults` keeps only the first N documents of the ordered ranking
 * (trec_eval `-M`).
 *
 * @example
 * const j = prepareJudgements(new Map([['d1', 1], ['d3', 2]]));
 * judgeRanking(j, ['d1', 'd2', 'd3'], [0.1, 0.9, 0.5]); // relevantRanks [2, 3], gains [2, 1]
 */
export function judgeRanking(
  j: QueryJudgements,
  docIds: readonly string[],
  scores: ArrayLike<number>,
  maxResults = Number.POSITIVE_INFINITY,
): JudgedRanking {
  const relIdx: number[] = [];
  const relGain: number[] = [];
  for (let i = 0; i < docIds.length; i++) {
    const r = j.relevance.get(docIds[i]!);
    if (r !== undefined && r > 0) {
      relIdx.push(i);
      relGain.push(r);
    }
  }
  const ranks = ranksOf(relIdx, scores, (c, d) => compareIds(docIds[c]!, docIds[d]!) > 0);
  return toJudged(j, ranks, relGain, docIds.length, maxResults);
}

/**
 * Assemble a {@link JudgedRanking} from the ranks and gains of the retrieved relevant documents (any
 * order), dropping those past `maxResults`.
 */
export function toJudged(
  j: Pick<QueryJudgements, 'numRelevant' | 'idealGains'>,
  ranks: ArrayLike<number>,
  gains: ArrayLike<number>,
  numDocs: number,
  maxResults = Number.POSITIVE_INFINITY,
): JudgedRanking {
  const k = ranks.length;
  let ascending = true; // as they come from a run written best first: no sort needed
  for (let i = 1; i < k && ascending; i++) ascending = ranks[i - 1]! < ranks[i]!;
  const order = ascending
    ? null
    : Array.from({ length: k }, (_, i) => i).sort((a, b) => ranks[a]! - ranks[b]!);
  const relevantRanks: number[] = [];
  const outGains: number[] = [];
  for (let i = 0; i < k; i++) {
    const o = order === null ? i : order[i]!;
    if (ranks[o]! > maxResults) break;
    relevantRanks.push(ranks[o]!);
    outGains.push(gains[o]!);
  }
  return {
    relevantRanks,
    gains: outGains,
    numRelevant: j.numRelevant,
    idealGains: j.idealGains,
    numRetrieved: Math.min(numDocs, maxResults),
  };
}

/**
 * 1-based ranks of the documents `relIdx` among all `scores`, in trec_eval's order: score descending,
 * ties broken by `idGreater(c, d)` (true when c's id sorts after d's, so c comes first).
 * rank(d) = 1 + #{c : score(c) > score(d), or equal scores and idGreater(c, d)}.
 * Few documents: one pass each (O(n·k)); many: one native sort of the scores and binary searches.
 */
export function ranksOf(
  relIdx: ArrayLike<number>,
  scores: ArrayLike<number>,
  idGreater: (c: number, d: number) => boolean,
): Int32Array {
  const k = relIdx.length;
  const n = scores.length;
  const ranks = new Int32Array(k);
  if (k === 0) return ranks;
  const sorted = k > 16 ? Float64Array.from(scores).sort() : null; // ascending
  for (let r = 0; r < k; r++) {
    const d = relIdx[r]!;
    const s = scores[d]!;
    let before = 0;
    let ties = 0;
    if (sorted) {
      const hi = upperBound(sorted, s);
      before = n - hi;
      ties = hi - lowerBound(sorted, s) - 1;
    } else {
      for (let c = 0; c < n; c++) {
        const sc = scores[c]!;
        if (sc > s) before++;
        else if (sc === s) ties++;
      }
      ties--; // d itself
    }
    if (ties > 0) {
      for (let c = 0; c < n; c++) if (c !== d && scores[c] === s && idGreater(c, d)) before++;
    }
    ranks[r] = before + 1;
  }
  return ranks;
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m]! < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}

function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m]! <= x) lo = m + 1;
    else hi = m;
  }
  return lo;
}
