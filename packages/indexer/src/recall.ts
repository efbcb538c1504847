import type { SearchResult } from './search.js';

/** Recall of an approximate search against exact search, per query and averaged. */
export interface RecallReport {
  k: number;
  mean: number;
  perQuery: Float64Array;
}

/**
 * recall@k of `approx` against `exact`: for each query, |approx top k ∩ exact top k| / |exact top k|,
 * then the mean over queries. Both results must list the same query rows in the same order. Rows of -1
 * in `approx` (missing results) count as misses. With equal scores at the k-th place, exact search's tie
 * rule (doc_id ascending) decides which candidate is "the" k-th, so an ANN that returns the other tied
 * candidate loses that one hit.
 *
 * @example
 * recallAtK(ann, exact, 10).mean; // 0.93
 */
export function recallAtK(approx: SearchResult, exact: SearchResult, k: number): RecallReport {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const n = exact.queryRows.length;
  if (approx.queryRows.length !== n || approx.queryRows.some((q, i) => q !== exact.queryRows[i])) {
    throw new RangeError('recallAtK: approx and exact must cover the same query rows in the same order');
  }
  const perQuery = new Float64Array(n);
  const ke = Math.min(k, exact.k);
  const ka = Math.min(k, approx.k);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const truth = new Set<number>();
    for (let j = 0; j < ke; j++) truth.add(exact.rows[i * exact.k + j]!);
    let hit = 0;
    for (let j = 0; j < ka; j++) {
      const r = approx.rows[i * approx.k + j]!;
      if (r >= 0 && truth.has(r)) hit++;
    }
    perQuery[i] = ke === 0 ? 1 : hit / ke;
    sum += perQuery[i]!;
  }
  return { k, mean: n === 0 ? Number.NaN : sum / n, perQuery };
}

/** The results of the given query rows only (each must be present), in the given order. */
export function subsetResult(r: SearchResult, queryRows: ArrayLike<number>): SearchResult {
  const pos = new Map<number, number>();
  for (let i = 0; i < r.queryRows.length; i++) pos.set(r.queryRows[i]!, i);
  const n = queryRows.length;
  const rows = new Int32Array(n * r.k);
  const scores = new Float32Array(n * r.k);
  for (let i = 0; i < n; i++) {
    const p = pos.get(queryRows[i]!);
    if (p === undefined) throw new RangeError(`query row ${queryRows[i]} is not in the result`);
    rows.set(r.rows.subarray(p * r.k, (p + 1) * r.k), i * r.k);
    scores.set(r.scores.subarray(p * r.k, (p + 1) * r.k), i * r.k);
  }
  return { k: r.k, queryRows: Int32Array.from(queryRows), rows, scores, engine: r.engine };
}
