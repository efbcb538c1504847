import type { ProgressBar } from '@hbt/core';
import type { JudgedRanking, Measure } from '../measures/types.js';
import type { DatasetData } from './data.js';
import { rankDistanceChance } from './rank-distance-chance.js';
import { poolRank, rankRelevant, segmentRank } from './ranks.js';
import { blockRows, scoreBlock } from './scores.js';

/**
 * LAReQA's retrieval settings over one dataset [paper-notes §2.2]:
 * - mono: queries in X against the candidates in X;
 * - cross: queries in X against the candidates in Y, for every ordered pair X ≠ Y;
 * - multi: queries in X against the pool of every language's candidates (X included), where the rank
 *   distance (language bias) is measured too.
 * A query with no relevant candidate in a setting is skipped there and counted.
 *
 * One pass serves all settings: each block of queries is scored against every candidate once (or only
 * against its own language when mono is the only setting), and the ranks of the relevant candidates in
 * each language and in the pool come from one count over that block (see `rankRelevant`).
 */
export type Setting = 'mono' | 'cross' | 'multi';

export const SETTINGS: readonly Setting[] = ['mono', 'cross', 'multi'];

/** The measure name of the rank distance (multi setting only). */
export const RANK_DISTANCE = 'RD';

/**
 * The measure name of the rank distance's chance level (multi setting only): the expectation of a random
 * ranking of the same pool over the same queries (see `rankDistanceChance`).
 */
export const RANK_DISTANCE_CHANCE = 'RD_chance';

/** Accumulated values of one (setting, query language, candidate language) cell. */
export interface Cell {
  setting: Setting;
  queryLang: string;
  /** Candidate language; `*` for the multi pool. */
  docLang: string;
  /** Queries evaluated. */
  n: number;
  /** Sum of each measure over the evaluated queries. */
  sums: Float64Array;
  /** Queries without a relevant candidate here. */
  skipped: number;
  /** Queries with ≥ 2 relevant candidates in the pool, and the sum of their rank distances (multi). */
  rdN: number;
  rdSum: number;
  /** Sum over the same queries of the rank distance a random ranking of the pool has in expectation. */
  rdChanceSum: number;
}

/** Per-query values kept for the per_query artifact, column-oriented. */
export interface PerQueryColumns {
  setting: string[];
  query_lang: string[];
  doc_lang: string[];
  query_id: string[];
  measure: string[];
  value: number[];
}

export interface DatasetResult {
  cells: Map<string, Cell>;
  perQuery: PerQueryColumns;
  /**
   * With `poolPairRanks`: per (query language X, candidate language Y) of the multi pool, the sum over
   * X's queries of the pool rank of their relevant candidates in Y, and of its chance level (n + 1)/2.
   */
  poolPairs?: Map<
    string,
    { queryLang: string; docLang: string; n: number; rankSum: number; chanceSum: number }
  >;
}

export interface SettingsOptions {
  settings: readonly Setting[];
  measures: readonly Measure[];
  /** Measures whose per-query values are kept (the rank distance and its chance level always are, in multi). */
  perQueryMeasures: ReadonlySet<string>;
  /** Bytes for one block of scores (default 32 MiB). */
  blockBytes?: number;
  /**
   * Ratio-margin scoring (Artetxe & Schwenk 2019) instead of the plain score:
   * `score(x, y) / ((query[g][i] + doc[y]) / 2)`, where `query[g][i]` is the mean score of query i of
   * query group g with its k nearest candidates and `doc[y]` the mean score of candidate y with its k
   * nearest queries (`bitext/margin.ts` computes both).
   */
  margin?: { query: readonly Float64Array[]; doc: Float64Array };
  /**
   * A candidate to leave out of each query's ranking: `exclude[g][i]` is the candidate index of query i of
   * group g's own sentence (−1: none), as in a bitext pool where every sentence is also a candidate. It is
   * ranked after every other candidate and not counted in the pool's or its language's size.
   */
  exclude?: readonly Int32Array[];
  /** Also sum the pool rank of each relevant candidate per (query language, its language): `poolPairs`. */
  poolPairRanks?: boolean;
  progress?: ProgressBar;
}

export function evaluateDataset(d: DatasetData, opts: SettingsOptions): DatasetResult {
  const want = new Set(opts.settings);
  const needAll = want.has('cross') || want.has('multi');
  const cells = new Map<string, Cell>();
  const perQuery: PerQueryColumns = {
    setting: [],
    query_lang: [],
    doc_lang: [],
    query_id: [],
    measure: [],
    value: [],
  };
  const cell = (setting: Setting, x: string, y: string): Cell => {
    const key = `${setting}\t${x}\t${y}`;
    let c = cells.get(key);
    if (!c) {
      c = {
        setting,
        queryLang: x,
        docLang: y,
        n: 0,
        sums: new Float64Array(opts.measures.length),
        skipped: 0,
        rdN: 0,
        rdSum: 0,
        rdChanceSum: 0,
      };
      cells.set(key, c);
    }
    return c;
  };
  const record = (c: Cell, qid: string, judged: JudgedRanking) => {
    c.n++;
    opts.measures.forEach((m, mi) => {
      const v = m.compute(judged);
      c.sums[mi]! += v;
      if (opts.perQueryMeasures.has(m.name)) pushRow(perQuery, c, qid, m.name, v);
    });
  };
  const numLangs = d.docLangs.length;
  const poolPairs: DatasetResult['poolPairs'] = opts.poolPairRanks ? new Map() : undefined;
  for (let gi = 0; gi < d.queryGroups.length; gi++) {
    const g = d.queryGroups[gi]!;
    const xSeg = d.docLangs.indexOf(g.lang);
    let firstSeg = 0;
    let numSegs = numLangs;
    if (!needAll) {
      if (xSeg < 0) {
        // No candidates in the query's language: every query is skipped in mono.
        cell('mono', g.lang, g.lang).skipped += g.ids.length;
        opts.progress?.tick(g.ids.length);
        continue;
      }
      firstSeg = xSeg;
      numSegs = 1;
    }
    const c0 = d.segStart[firstSeg]!;
    const c1 = d.segStart[firstSeg + numSegs]!;
    const n = c1 - c0;
    if (n === 0) {
      // The dataset has no candidates at all: every query is skipped in multi.
      if (want.has('multi')) cell('multi', g.lang, '*').skipped += g.ids.length;
      opts.progress?.tick(g.ids.length);
      continue;
    }
    const rowsPerBlock = blockRows(n, opts.blockBytes);
    const scores = new Float64Array(rowsPerBlock * n);
    for (let q0 = 0; q0 < g.ids.length; q0 += rowsPerBlock) {
      const rows = Math.min(rowsPerBlock, g.ids.length - q0);
      scoreBlock(g.vectors, q0, rows, d.docVectors, c0, c1, d.dim, scores);
      if (opts.margin) applyMargin(scores, rows, n, opts.margin.query[gi]!, q0, opts.margin.doc, c0);
      for (let i = 0; i < rows; i++) {
        const qi = q0 + i;
        const qid = g.ids[qi]!;
        const row = scores.subarray(i * n, (i + 1) * n);
        const self = opts.exclude?.[gi]?.[qi] ?? -1;
        const hasSelf = self >= c0 && self < c1;
        if (hasSelf) row[self - c0] = Number.NEGATIVE_INFINITY;
        const nPool = hasSelf ? n - 1 : n;
        const r = rankRelevant(
          row,
          c0,
          g.relevant[qi]!,
          g.gains[qi]!,
          d.docKey,
          d.segStart,
          firstSeg,
          numSegs,
        );
        const k = r.cands.length;
        if (want.has('multi')) {
          const c = cell('multi', g.lang, '*');
          if (k === 0) c.skipped++;
          else {
            const ranks = Array.from({ length: k }, (_, j) => poolRank(r, j));
            record(c, qid, judged(ranks, Array.from(r.gains), nPool));
            if (poolPairs) {
              for (let j = 0; j < k; j++) {
                const y = d.docLangs[r.segs[j]!]!;
                const key = `${g.lang}\t${y}`;
                let e = poolPairs.get(key);
                if (!e) {
                  e = { queryLang: g.lang, docLang: y, n: 0, rankSum: 0, chanceSum: 0 };
                  poolPairs.set(key, e);
                }
                e.n++;
                e.rankSum += ranks[j]!;
                e.chanceSum += (nPool + 1) / 2;
              }
            }
            if (k >= 2) {
              const rd = ranks[k - 1]! - ranks[0]!;
              const chance = rankDistanceChance(k, nPool);
              c.rdN++;
              c.rdSum += rd;
              c.rdChanceSum += chance;
              pushRow(perQuery, c, qid, RANK_DISTANCE, rd);
              pushRow(perQuery, c, qid, RANK_DISTANCE_CHANCE, chance);
            }
          }
        }
        for (let s = firstSeg; s < firstSeg + numSegs; s++) {
          const y = d.docLangs[s]!;
          const setting: Setting = y === g.lang ? 'mono' : 'cross';
          if (!want.has(setting)) continue;
          const c = cell(setting, g.lang, y);
          const ranks: number[] = [];
          const gains: number[] = [];
          for (let j = 0; j < k; j++) {
            if (r.segs[j] !== s) continue;
            ranks.push(segmentRank(r, j));
            gains.push(r.gains[j]!);
          }
          if (ranks.length === 0) c.skipped++;
          else {
            const size = d.segStart[s + 1]! - d.segStart[s]!;
            const selfHere = hasSelf && self >= d.segStart[s]! && self < d.segStart[s + 1]!;
            record(c, qid, judged(ranks, gains, selfHere ? size - 1 : size));
          }
        }
      }
      opts.progress?.tick(rows);
    }
  }
  return { cells, perQuery, ...(poolPairs ? { poolPairs } : {}) };
}

/** Replace each score of a block by its ratio margin (see `SettingsOptions.margin`). */
function applyMargin(
  scores: Float64Array,
  rows: number,
  n: number,
  queryMean: Float64Array,
  q0: number,
  docMean: Float64Array,
  c0: number,
): void {
  for (let i = 0; i < rows; i++) {
    const qm = queryMean[q0 + i]!;
    const o = i * n;
    for (let j = 0; j < n; j++) scores[o + j] = scores[o + j]! / ((qm + docMean[c0 + j]!) / 2);
  }
}

/** A judged ranking from the ascending ranks of the relevant candidates (all of them are ranked). */
function judged(ranks: number[], gains: number[], numCandidates: number): JudgedRanking {
  return {
    relevantRanks: ranks,
    gains,
    numRelevant: ranks.length,
    idealGains: [...gains].sort((a, b) => b - a),
    numRetrieved: numCandidates,
  };
}

function pushRow(p: PerQueryColumns, c: Cell, qid: string, measure: string, value: number): void {
  p.setting.push(c.setting);
  p.query_lang.push(c.queryLang);
  p.doc_lang.push(c.docLang);
  p.query_id.push(qid);
  p.measure.push(measure);
  p.value.push(value);
}
