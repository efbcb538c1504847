import { blockRows, scoreBlock } from '../lareqa/scores.js';

/**
 * The neighbourhoods of ratio-margin scoring (Artetxe & Schwenk 2019, "Margin-based parallel corpus
 * mining with multilingual sentence embeddings"; LASER and XTREME's BUCC use k = 4):
 *
 *   margin(x, y) = cos(x, y) / ( Σ_{z ∈ NN_k(x)} cos(x, z) / 2k + Σ_{z ∈ NN_k(y)} cos(y, z) / 2k )
 *
 * where NN_k(x) are x's k nearest candidates and NN_k(y) are y's k nearest queries. This returns the two
 * means (Σ / k) for every query and every candidate, from one pass over the query × candidate scores;
 * `evaluateDataset`'s `margin` option divides each score by their average. k is capped at the other
 * side's size. Scores are dot products (cosines for hbt's L2-normalised embeddings).
 *
 * @param queries row-major [numQueries, dim]
 * @param docs row-major [numDocs, dim]
 * @example
 * const m = kNearestMeans(q, 2, c, 3, dim, 4); // k = 4 capped: m.query[i] = mean of q_i's 3 scores
 */
export function kNearestMeans(
  queries: Float32Array,
  numQueries: number,
  docs: Float32Array,
  numDocs: number,
  dim: number,
  k: number,
): { query: Float64Array; doc: Float64Array } {
  const kq = Math.min(k, numDocs);
  const kd = Math.min(k, numQueries);
  const qTop = new Float64Array(numQueries * kq).fill(Number.NEGATIVE_INFINITY); // [numQueries, kq] ascending
  const dTop = new Float64Array(numDocs * kd).fill(Number.NEGATIVE_INFINITY); // [numDocs, kd] ascending
  const rows = blockRows(numDocs);
  const scores = new Float64Array(rows * numDocs);
  for (let q0 = 0; q0 < numQueries; q0 += rows) {
    const r = Math.min(rows, numQueries - q0);
    scoreBlock(queries, q0, r, docs, 0, numDocs, dim, scores);
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < numDocs; j++) {
        const v = scores[i * numDocs + j]!;
        keepLargest(qTop, (q0 + i) * kq, kq, v);
        keepLargest(dTop, j * kd, kd, v);
      }
    }
  }
  return { query: means(qTop, numQueries, kq), doc: means(dTop, numDocs, kd) };
}

/** Insert v into the ascending list top[at .. at + k) if it beats the smallest. */
function keepLargest(top: Float64Array, at: number, k: number, v: number): void {
  if (k === 0 || v <= top[at]!) return;
  let p = at;
  while (p + 1 < at + k && top[p + 1]! < v) {
    top[p] = top[p + 1]!;
    p++;
  }
  top[p] = v;
}

function means(top: Float64Array, n: number, k: number): Float64Array {
  const out = new Float64Array(n);
  if (k === 0) return out;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += top[i * k + j]!;
    out[i] = s / k;
  }
  return out;
}
