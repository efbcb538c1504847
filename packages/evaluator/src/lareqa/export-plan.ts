import {
  bestOf,
  countedUpTo,
  headCandidates,
  poolHead,
  type QueryScores,
  rankWithin,
  relevantRanks,
  sortExact,
  topOfHead,
} from './export-lists.js';
import type { Setting } from './settings.js';

/** One cell's part of a query's export: its qrels lines and its run list. */
export interface CellList {
  setting: Setting;
  /** Candidate language; `all` for the multi pool. */
  docLang: string;
  /** The cell's relevant candidates (dataset indices) in exact ranking order, and their gains. */
  relevant: number[];
  gains: number[];
  /** The run list: candidates in exact ranking order. */
  list: Int32Array;
  /** The cell's last relevant candidate is ranked below the cap (AP from the list is low). */
  truncated: boolean;
}

/** Which cells of a query to plan, and how deep. */
export interface PlanOptions {
  /** The multi cell (the pool of every scored segment). */
  multi: boolean;
  /** `segment[s]`: the mono or cross cell of segment s. */
  segment: readonly boolean[];
  /** Most candidates per list; null: no cap. */
  depth: number | null;
  /** Cut 'relevant': a list ends at the last relevant candidate within the cap (else the top one). */
  toRelevant: boolean;
}

/**
 * The cells of one query in the order the export writes them (multi, then the segments in order): each
 * with its relevant candidates and its list, from the scores in `s` (segments `firstSeg … firstSeg +
 * numSegs − 1` of `segStart`, starting at `s.c0`). Null when no relevant candidate is scored (the query is
 * skipped in every cell, as in the metrics); a cell without a relevant candidate is left out.
 *
 * @example
 * const cells = planQuery(s, segStart, docLangs, 'en', relevant, gains, 0, docLangs.length,
 *   { multi: true, segment: docLangs.map(() => true), depth: 100, toRelevant: true });
 */
export function planQuery(
  s: QueryScores,
  segStart: Int32Array,
  docLangs: readonly string[],
  queryLang: string,
  relevant: Int32Array,
  gainsIn: Float64Array,
  firstSeg: number,
  numSegs: number,
  opts: PlanOptions,
): CellList[] | null {
  const c0 = segStart[firstSeg]!;
  const c1 = segStart[firstSeg + numSegs]!;
  const gainOf = new Map<number, number>();
  const inRange: number[] = [];
  for (let i = 0; i < relevant.length; i++) {
    const c = relevant[i]!;
    if (c >= c0 && c < c1) {
      inRange.push(c);
      gainOf.set(c, gainsIn[i]!);
    }
  }
  if (inRange.length === 0) return null;
  const cands = Array.from(sortExact(s, inRange));
  const segOf = (c: number) => {
    let g = firstSeg;
    while (segStart[g + 1]! <= c) g++;
    return g;
  };
  const segs = cands.map(segOf);
  const out: CellList[] = [];
  const gainsOf = (rel: number[]) => rel.map((c) => gainOf.get(c)!);
  if (opts.toRelevant) {
    // One counting pass ranks every relevant candidate in the pool and in its segment and keeps the
    // candidates it counted; a list is then those before its last relevant candidate within the cap, or
    // the cell's top candidate.
    const poolCap = opts.multi ? (opts.depth ?? c1 - c0) : 0;
    const ownCap = Array.from({ length: numSegs }, (_, i) =>
      opts.segment[firstSeg + i] === true
        ? (opts.depth ?? segStart[firstSeg + i + 1]! - segStart[firstSeg + i]!)
        : 0,
    );
    const rr = relevantRanks(s, cands, segs, segStart, firstSeg, numSegs, poolCap, ownCap);
    const cell = (
      setting: Setting,
      docLang: string,
      js: number[],
      ranks: Int32Array,
      seg: number,
      gs: number[],
    ): CellList => {
      // Ranks grow along js; 0: past the cap.
      let last = -1;
      while (last + 1 < js.length && ranks[js[last + 1]!]! > 0) last++;
      const rel = js.map((j) => cands[j]!);
      const list =
        last >= 0 ? countedUpTo(s, rr, cands, js[last]!, seg) : bestOf(s, rr, segStart, firstSeg, gs);
      return { setting, docLang, relevant: rel, gains: gainsOf(rel), list, truncated: last < js.length - 1 };
    };
    const all = cands.map((_, j) => j);
    if (opts.multi) {
      const gs = Array.from({ length: numSegs }, (_, i) => i);
      out.push(cell('multi', 'all', all, rr.pool, -1, gs));
    }
    for (let g = firstSeg; g < firstSeg + numSegs; g++) {
      if (opts.segment[g] !== true) continue;
      const js = all.filter((j) => segs[j] === g);
      if (js.length === 0) continue;
      const y = docLangs[g]!;
      out.push(cell(y === queryLang ? 'mono' : 'cross', y, js, rr.own, g - firstSeg, [g - firstSeg]));
    }
    return out;
  }
  // Cut 'depth': each cell's first `cap` from its head (the pool's from its segments' heads).
  const heads: Int32Array[] = [];
  for (let g = firstSeg; g < firstSeg + numSegs; g++) {
    const a = segStart[g]!;
    const b = segStart[g + 1]!;
    const needed = opts.multi || (opts.segment[g] === true && segs.includes(g));
    heads.push(needed ? headCandidates(s, a, b, opts.depth ?? b - a) : new Int32Array(0));
  }
  const cell = (setting: Setting, docLang: string, head: Int32Array, rel: number[], size: number) => {
    const cap = opts.depth ?? size;
    // Ranks grow along `rel`: the first one past the cap ends the search.
    let last = -1;
    while (last + 1 < rel.length && rankWithin(s, head, rel[last + 1]!, cap) > 0) last++;
    const list = topOfHead(s, head, Math.min(cap, size));
    return { setting, docLang, relevant: rel, gains: gainsOf(rel), list, truncated: last < rel.length - 1 };
  };
  if (opts.multi) out.push(cell('multi', 'all', poolHead(s, heads, opts.depth ?? c1 - c0), cands, c1 - c0));
  for (let g = firstSeg; g < firstSeg + numSegs; g++) {
    if (opts.segment[g] !== true) continue;
    const rel = cands.filter((_, j) => segs[j] === g);
    if (rel.length === 0) continue;
    const y = docLangs[g]!;
    const size = segStart[g + 1]! - segStart[g]!;
    out.push(cell(y === queryLang ? 'mono' : 'cross', y, heads[g - firstSeg]!, rel, size));
  }
  return out;
}
