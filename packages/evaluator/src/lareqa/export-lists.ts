import { kthLargest } from './kth-largest.js';
import { exactScore, exactScores } from './score-kernel.js';

/**
 * The lists of one query's TREC export, from scores that may be approximate: each cell's head in hbt's
 * exact order (score descending, then doc id descending), without scoring every candidate exactly.
 *
 * `QueryScores` holds a query's scores of the candidates `[c0, c0 + n)` — exact (from `scoreBlock`,
 * `err` 0) or a kernel's float32 products within `err` of the exact ones — and gives exact scores on
 * demand. Every decision below compares exact scores wherever the bound leaves the order open:
 * - a cell's **head** (the candidates that can be among its first `cap` in exact order): with τ the
 *   cap-th largest approximate score, at least `cap` candidates score ≥ τ − err exactly, so none below
 *   τ − 2·err approximately can make the cut; the pool's head is taken from the union of its segments'
 *   heads (the pool's first `cap` are among its segments' first `cap`);
 * - a relevant candidate's **rank** within the cap: everything ordered before a candidate within the cap
 *   is in the head, so counting the head's candidates ordered before it decides whether it is within the
 *   cap, and its rank if it is;
 * - the **list** down to a candidate: the head's candidates ordered at or before it, sorted by exact
 *   score; the top candidate alone: the best of the head's candidates within 2·err of its largest
 *   approximate score.
 * The result equals a full exact sort of every cell (`export.test.ts` checks it against one).
 *
 * @example
 * const s = new QueryScores(docVecs, dim, docKey, numDocs);
 * s.reset(queryVecs, qi, approxRow, c0, err, false);
 * const head = headCandidates(s, a, b, 100);
 */
export class QueryScores {
  /** Scores of candidates `[c0, c0 + approx.length)`. */
  approx: Float32Array | Float64Array = new Float64Array(0);
  c0 = 0;
  /** Bound on |approx − exact|; 0 when `approx` is exact. */
  err = 0;
  /** Set when an exact score lies farther than `err` from its approximation (the bound failed). */
  violated = false;
  private queries: Float32Array = new Float32Array(0);
  private qi = 0;
  private isExact = true;
  private memo: Float64Array;
  private stamp: Int32Array;
  private current = 0;
  private batch = new Float64Array(0);

  constructor(
    private readonly docs: Float32Array,
    private readonly dim: number,
    /** Position of each candidate's id in code-point order: ties in score go to the larger key first. */
    readonly docKey: Int32Array,
    numDocs: number,
  ) {
    this.memo = new Float64Array(numDocs);
    this.stamp = new Int32Array(numDocs);
  }

  /**
   * Start query row `qi` of `queries` (row-major) with the scores `approx` of candidates from `c0` on
   * (`exact`: they are the exact scores, err 0).
   */
  reset(
    queries: Float32Array,
    qi: number,
    approx: Float32Array | Float64Array,
    c0: number,
    err: number,
    exact: boolean,
  ): void {
    this.queries = queries;
    this.qi = qi;
    this.approx = approx;
    this.c0 = c0;
    this.err = exact ? 0 : err;
    this.isExact = exact;
    this.violated = false;
    this.current++;
  }

  /** The approximate score of candidate `c`. */
  at(c: number): number {
    return this.approx[c - this.c0]!;
  }

  /** The exact score of candidate `c` (computed once per query). */
  exact(c: number): number {
    if (this.isExact) return this.approx[c - this.c0]!;
    if (this.stamp[c] === this.current) return this.memo[c]!;
    const t = exactScore(this.queries, this.qi, this.docs, c, this.dim);
    if (!(Math.abs(this.approx[c - this.c0]! - t) <= this.err)) this.violated = true;
    this.memo[c] = t;
    this.stamp[c] = this.current;
    return t;
  }

  /** Compute the exact scores of `cands[0 … count)` at once (see `exactScores`), for {@link exact}. */
  exactAll(cands: Int32Array, count: number): void {
    if (this.isExact) return;
    let m = 0;
    for (let i = 0; i < count; i++) if (this.stamp[cands[i]!] !== this.current) cands[m++] = cands[i]!;
    if (this.batch.length < m) this.batch = new Float64Array(Math.max(m, 2 * this.batch.length));
    exactScores(this.queries, this.qi, this.docs, cands, m, this.dim, this.batch);
    for (let i = 0; i < m; i++) {
      const c = cands[i]!;
      const t = this.batch[i]!;
      if (!(Math.abs(this.approx[c - this.c0]! - t) <= this.err)) this.violated = true;
      this.memo[c] = t;
      this.stamp[c] = this.current;
    }
  }

  /** Whether `c` comes before `r` (exact score `tr`) in hbt's order. */
  before(c: number, r: number, tr: number): boolean {
    const v = this.at(c);
    if (v > tr + this.err) return true;
    if (v < tr - this.err) return false;
    const t = this.exact(c);
    return t > tr || (t === tr && this.docKey[c]! > this.docKey[r]!);
  }
}

/** Reused by {@link headCandidates} (one export runs at a time per thread). */
let scratch = new Float64Array(0);

/** The candidates of `[a, b)` that can be among its first `cap` in exact order (all when b − a ≤ cap). */
export function headCandidates(s: QueryScores, a: number, b: number, cap: number): Int32Array {
  const n = b - a;
  if (n <= cap) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = a + i;
    return all;
  }
  if (scratch.length < n) scratch = new Float64Array(n);
  const part = scratch.subarray(0, n);
  part.set(s.approx.subarray(a - s.c0, b - s.c0));
  const floor = kthLargest(part, cap) - 2 * s.err;
  const out: number[] = [];
  for (let c = a; c < b; c++) if (s.at(c) >= floor) out.push(c);
  return Int32Array.from(out);
}

/** The pool's head (see {@link headCandidates}) from the heads of all its segments. */
export function poolHead(s: QueryScores, heads: readonly Int32Array[], cap: number): Int32Array {
  let total = 0;
  for (const h of heads) total += h.length;
  const all = new Int32Array(total);
  let p = 0;
  for (const h of heads) {
    all.set(h, p);
    p += h.length;
  }
  if (total <= cap) return all;
  if (scratch.length < total) scratch = new Float64Array(total);
  const part = scratch.subarray(0, total);
  for (let i = 0; i < total; i++) part[i] = s.at(all[i]!);
  const floor = kthLargest(part, cap) - 2 * s.err;
  return all.filter((c) => s.at(c) >= floor);
}

/** Rank (1-based) of candidate `r` in its cell if it is within `cap`, else 0; `head` is the cell's head. */
export function rankWithin(s: QueryScores, head: Int32Array, r: number, cap: number): number {
  const tr = s.exact(r);
  let before = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i]!;
    if (c !== r && s.before(c, r, tr) && ++before >= cap) return 0;
  }
  return before + 1;
}

/** The first `count` candidates of a cell in exact order, from its head (`count` ≤ the cap). */
export function topOfHead(s: QueryScores, head: Int32Array, count: number): Int32Array {
  if (head.length === 0 || count <= 0) return new Int32Array(0);
  if (count === 1) {
    // The first alone: the best of the candidates within 2·err of the largest approximate score.
    let m = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < head.length; i++) m = Math.max(m, s.at(head[i]!));
    let best = -1;
    let bt = 0;
    for (let i = 0; i < head.length; i++) {
      const c = head[i]!;
      if (!(s.at(c) >= m - 2 * s.err) && best >= 0) continue;
      const t = s.exact(c);
      if (best < 0 || t > bt || (t === bt && s.docKey[c]! > s.docKey[best]!)) {
        best = c;
        bt = t;
      }
    }
    return Int32Array.of(best);
  }
  return sortExact(s, Array.from(head)).subarray(0, count);
}

/** Candidates in hbt's exact order: score descending, then doc id descending. */
export function sortExact(s: QueryScores, cands: number[]): Int32Array {
  if (cands.length > 1) cands.sort((x, y) => s.exact(y) - s.exact(x) || s.docKey[y]! - s.docKey[x]!);
  return Int32Array.from(cands);
}

/** Ranks of a query's relevant candidates in the pool and in their own segment (see {@link relevantRanks}). */
export interface RelevantRanks {
  /** `pool[j]`: rank of `cands[j]` among every scored candidate, or 0 when it is past the pool's cap. */
  pool: Int32Array;
  /** `own[j]`: rank of `cands[j]` among the candidates of its segment, or 0 when past that segment's cap. */
  own: Int32Array;
  /**
   * Per scored segment (index g − firstSeg): its largest approximate score, the candidate that has it,
   * and the second largest (a candidate within 2·err of the largest other than it: see {@link bestOf}).
   */
  segMax: Float64Array;
  segArgMax: Int32Array;
  segSecond: Float64Array;
  /**
   * The candidates counted, `[0, numCounted)` (valid until the next call): candidate, the first relevant
   * one (index into `cands`) it precedes among those then counted, and its segment (index g − firstSeg).
   * Every candidate ordered before a relevant one that ends within its cap is here: the lists
   * ({@link countedUpTo}).
   */
  counted: Int32Array;
  countedBefore: Int32Array;
  countedSeg: Int32Array;
  numCounted: number;
}

/** Reused by {@link relevantRanks}: the candidates counted. */
let counted = new Int32Array(1024);
let countedBefore = new Int32Array(1024);
let countedSeg = new Int32Array(1024);

/**
 * Ranks, up to a cap, of the relevant candidates `cands` (in exact order; `segs[j]` the segment of
 * `cands[j]`) in the pool of segments `firstSeg … firstSeg + numSegs − 1` (cap `poolCap`; 0: not
 * wanted) and in their own segment g (cap `ownCap[g − firstSeg]`; 0: not wanted), in one pass: a
 * candidate is placed among the relevant ones still counted by a binary search with
 * {@link QueryScores.before} (exact scores only within the bound) and counted for those it precedes. A
 * relevant candidate whose count reaches its cap is out and needs no more counting, and a candidate
 * ordered after every relevant one still counted costs two comparisons: a model whose answers rank deep
 * is ranked about as fast as one whose answers rank first.
 */
export function relevantRanks(
  s: QueryScores,
  cands: readonly number[],
  segs: readonly number[],
  segStart: Int32Array,
  firstSeg: number,
  numSegs: number,
  poolCap: number,
  ownCap: readonly number[],
): RelevantRanks {
  const k = cands.length;
  const t = new Float64Array(k);
  for (let j = 0; j < k; j++) t[j] = s.exact(cands[j]!);
  let numCounted = 0;
  const err = s.err;
  const poolCount = new Int32Array(k);
  const ownCount = new Int32Array(k);
  const segMax = new Float64Array(numSegs);
  const segArgMax = new Int32Array(numSegs);
  const segSecond = new Float64Array(numSegs);
  const approx = s.approx;
  const c0 = s.c0;
  // Relevant candidates j < alivePool are still within the pool's cap (counts grow along j).
  let alivePool = poolCap > 0 ? k : 0;
  // The relevant candidates still counted in the current segment, ascending: the pool's alive ones and
  // the segment's own alive ones.
  const live = new Int32Array(k);
  for (let g = 0; g < numSegs; g++) {
    const own: number[] = [];
    for (let j = 0; j < k; j++) if (segs[j] === firstSeg + g) own.push(j);
    const cap = ownCap[g]!;
    let aliveOwn = cap > 0 ? own.length : 0; // own[0 … aliveOwn) within the segment's cap
    // Plain locals, no closure over them: the scan below is the export's hottest loop.
    let numLive = liveSet(live, k, alivePool, own, aliveOwn);
    // A candidate below `floor` follows every live one; above `high`, it precedes them all.
    let floor = numLive > 0 ? t[live[numLive - 1]!]! - err : Number.POSITIVE_INFINITY;
    let high = numLive > 0 ? t[live[0]!]! + err : Number.POSITIVE_INFINITY;
    const a = segStart[firstSeg + g]!;
    const b = segStart[firstSeg + g + 1]!;
    let m = Number.NEGATIVE_INFINITY;
    let m2 = Number.NEGATIVE_INFINITY;
    let arg = -1;
    let c = a;
    for (; c < b && numLive > 0; c++) {
      const v = approx[c - c0]!;
      if (v > m2) {
        if (v > m) {
          m2 = m;
          m = v;
          arg = c;
        } else m2 = v;
      }
      if (v < floor) continue;
      // i: the first live relevant candidate that c precedes (numLive: none).
      let i = 0;
      if (!(v > high)) {
        let hi = numLive;
        while (i < hi) {
          const mid = (i + hi) >>> 1;
          const j = live[mid]!;
          const tj = t[j]!;
          // s.before(c, cands[j], tj), inlined: v is at hand, the exact score only within the bound.
          if (v > tj + err || (!(v < tj - err) && s.before(c, cands[j]!, tj))) hi = mid;
          else i = mid + 1;
        }
        if (i === numLive) continue;
      }
      const p = live[i]!;
      if (numCounted === counted.length) {
        const grow = (a: Int32Array) => {
          const b = new Int32Array(2 * a.length);
          b.set(a);
          return b;
        };
        counted = grow(counted);
        countedBefore = grow(countedBefore);
        countedSeg = grow(countedSeg);
      }
      counted[numCounted] = c;
      countedBefore[numCounted] = p;
      countedSeg[numCounted++] = g;
      let changed = false;
      if (p < alivePool) {
        for (let j = p; j < alivePool; j++) poolCount[j]!++;
        while (alivePool > 0 && poolCount[alivePool - 1]! >= poolCap) {
          alivePool--;
          changed = true;
        }
      }
      for (let o = 0; o < aliveOwn; o++) if (own[o]! >= p) ownCount[own[o]!]!++;
      while (aliveOwn > 0 && ownCount[own[aliveOwn - 1]!]! >= cap) {
        aliveOwn--;
        changed = true;
      }
      if (changed) {
        numLive = liveSet(live, k, alivePool, own, aliveOwn);
        floor = numLive > 0 ? t[live[numLive - 1]!]! - err : Number.POSITIVE_INFINITY;
        high = numLive > 0 ? t[live[0]!]! + err : Number.POSITIVE_INFINITY;
      }
    }
    // Nothing left to count here: the largest two scores alone.
    for (; c < b; c++) {
      const v = approx[c - c0]!;
      if (v > m2) {
        if (v > m) {
          m2 = m;
          m = v;
          arg = c;
        } else m2 = v;
      }
    }
    segMax[g] = m;
    segArgMax[g] = arg;
    segSecond[g] = m2;
    for (let o = aliveOwn; o < own.length; o++) ownCount[own[o]!] = -1;
  }
  const pool = new Int32Array(k);
  const ownRank = new Int32Array(k);
  for (let j = 0; j < k; j++) {
    pool[j] = j < alivePool ? poolCount[j]! + 1 : 0;
    ownRank[j] = ownCount[j]! + 1; // -1 + 1: past the cap (or not wanted)
  }
  return { pool, own: ownRank, segMax, segArgMax, segSecond, counted, countedBefore, countedSeg, numCounted };
}

/** Into `live`, ascending: j < alivePool, and own[0 … aliveOwn); returns how many. */
function liveSet(live: Int32Array, k: number, alivePool: number, own: number[], aliveOwn: number): number {
  let n = 0;
  let o = 0;
  for (let j = 0; j < k; j++) {
    const isOwn = o < aliveOwn && own[o] === j;
    if (isOwn) o++;
    if (j < alivePool || isOwn) live[n++] = j;
  }
  return n;
}

/** Reused by {@link countedUpTo}. */
let pick = new Int32Array(0);

/**
 * The candidates ordered at or before `cands[j]`, in exact order, from those {@link relevantRanks}
 * counted (no scan): `cands[j]` must be within its cell's cap, the cell being the pool (`seg` −1) or
 * segment `seg` (index g − firstSeg). A candidate before `cands[j]` was counted while `cands[j]` was,
 * with the first relevant one it precedes at or before j.
 */
export function countedUpTo(
  s: QueryScores,
  r: RelevantRanks,
  cands: readonly number[],
  j: number,
  seg: number,
): Int32Array {
  let m = 0;
  const take = (c: number) => {
    if (m === pick.length) {
      const grown = new Int32Array(Math.max(64, 2 * m));
      grown.set(pick);
      pick = grown;
    }
    pick[m++] = c;
  };
  take(cands[j]!);
  for (let i = 0; i < r.numCounted; i++)
    if (r.countedBefore[i]! <= j && (seg < 0 || r.countedSeg[i] === seg)) take(r.counted[i]!);
  s.exactAll(pick.slice(0, m), m);
  return sortExact(s, Array.from(pick.subarray(0, m)));
}

/**
 * The first candidate in exact order of the segments g in `gs` (indices into `r`'s per-segment arrays,
 * i.e. g − firstSeg; `segStart` offset to match): the best of the candidates within 2·err of the largest
 * approximate score. Where only the top candidate of one segment is that close, it is the answer with no
 * scan.
 */
export function bestOf(
  s: QueryScores,
  r: RelevantRanks,
  segStart: Int32Array,
  firstSeg: number,
  gs: readonly number[],
): Int32Array {
  let m = Number.NEGATIVE_INFINITY;
  for (const g of gs) if (r.segMax[g]! > m) m = r.segMax[g]!;
  const floor = m - 2 * s.err;
  let close = 0;
  let only = -1;
  for (const g of gs) {
    if (!(r.segMax[g]! >= floor)) continue;
    close += r.segSecond[g]! >= floor ? 2 : 1;
    only = r.segArgMax[g]!;
  }
  if (close === 1) return Int32Array.of(only);
  let best = -1;
  let bt = 0;
  for (const g of gs) {
    if (!(r.segMax[g]! >= floor)) continue;
    for (let c = segStart[firstSeg + g]!; c < segStart[firstSeg + g + 1]!; c++) {
      if (!(s.at(c) >= floor)) continue;
      const t = s.exact(c);
      if (best < 0 || t > bt || (t === bt && s.docKey[c]! > s.docKey[best]!)) {
        best = c;
        bt = t;
      }
    }
  }
  return best < 0 ? new Int32Array(0) : Int32Array.of(best);
}
