/**
 * Ranks of one query's relevant candidates without sorting the candidates: in the order "score
 * descending, then doc id descending" (trec_eval's), rank(d) = 1 + #candidates ordered before d. One pass
 * over the candidates counts, per language segment, how many candidates come before each relevant one;
 * ranks in a single language (mono, cross) and in the pool of all languages (multi) follow by sums.
 */

export interface RelevantRanks {
  /** Relevant candidates (dataset indices) inside the scored range, in ranking order. */
  cands: Int32Array;
  /** Their gains, same order. */
  gains: Float64Array;
  /** Segment (language index) of each. */
  segs: Int32Array;
  /** `before[(s − firstSeg) · k + j]`: candidates of segment s ordered before `cands[j]`. */
  before: Int32Array;
  firstSeg: number;
  numSegs: number;
}

/**
 * @param row scores of candidates `[c0, c0 + row.length)`, which must be whole segments
 *   `firstSeg … firstSeg + numSegs − 1` of `segStart`
 * @param relevant the query's relevant candidates (dataset indices; those outside the range are ignored)
 * @param docKey code-point order position of each candidate's id (the tie-break: larger first)
 */
export function rankRelevant(
  row: Float64Array,
  c0: number,
  relevant: Int32Array,
  gainsIn: Float64Array,
  docKey: Int32Array,
  segStart: Int32Array,
  firstSeg: number,
  numSegs: number,
): RelevantRanks {
  const c1 = c0 + row.length;
  const idx: number[] = [];
  for (let i = 0; i < relevant.length; i++) if (relevant[i]! >= c0 && relevant[i]! < c1) idx.push(i);
  idx.sort((a, b) => {
    const ca = relevant[a]!;
    const cb = relevant[b]!;
    return row[cb - c0]! - row[ca - c0]! || docKey[cb]! - docKey[ca]!;
  });
  const k = idx.length;
  const cands = Int32Array.from(idx, (i) => relevant[i]!);
  const gains = Float64Array.from(idx, (i) => gainsIn[i]!);
  const segs = new Int32Array(k);
  const before = new Int32Array(numSegs * k);
  if (k === 0) return { cands, gains, segs, before, firstSeg, numSegs };
  const rs = Float64Array.from(cands, (c) => row[c - c0]!);
  const rk = Int32Array.from(cands, (c) => docKey[c]!);
  const sLow = rs[k - 1]!;
  const kLow = rk[k - 1]!;
  for (let s = 0; s < numSegs; s++) {
    const base = s * k;
    const a = segStart[firstSeg + s]!;
    const b = segStart[firstSeg + s + 1]!;
    for (let c = a; c < b; c++) {
      const v = row[c - c0]!;
      if (v < sLow || (v === sLow && docKey[c]! <= kLow)) continue; // after every relevant candidate
      const kc = docKey[c]!;
      // c comes before cands[p..k-1]; find the smallest such p.
      let p = k - 1;
      while (p > 0) {
        const s2 = rs[p - 1]!;
        if (v > s2 || (v === s2 && kc > rk[p - 1]!)) p--;
        else break;
      }
      before[base + p]!++;
    }
    for (let j = 1; j < k; j++) before[base + j]! += before[base + j - 1]!;
  }
  for (let j = 0; j < k; j++) {
    const c = cands[j]!;
    let s = firstSeg;
    while (segStart[s + 1]! <= c) s++;
    segs[j] = s;
  }
  return { cands, gains, segs, before, firstSeg, numSegs };
}

/** Rank of `cands[j]` among all scored candidates (every segment). */
export function poolRank(r: RelevantRanks, j: number): number {
  const k = r.cands.length;
  let n = 1;
  for (let s = 0; s < r.numSegs; s++) n += r.before[s * k + j]!;
  return n;
}

/** Rank of `cands[j]` among the candidates of its own segment. */
export function segmentRank(r: RelevantRanks, j: number): number {
  return 1 + r.before[(r.segs[j]! - r.firstSeg) * r.cands.length + j]!;
}
