import { join } from 'node:path';
import { DataError, type ProgressReporter } from '@hbt/core';
import {
  DEFAULT_EXPORT_CUT,
  DEFAULT_EXPORT_DEPTH,
  DEFAULT_EXPORT_GZIP_LEVEL,
  type ExportCut,
} from '../export-depth.js';
import { scoreTexts } from '../trec/score-text.js';
import { TrecWriter } from '../trec/write.js';
import { type DatasetData, type EvalInputs, loadEvalData } from './data.js';
import { poolRank, rankRelevant, segmentRank } from './ranks.js';
import { blockRows, scoreBlock } from './scores.js';
import type { Setting } from './settings.js';

/**
 * TREC run and qrels files for the LAReQA settings, to cross-check hbt's numbers with trec_eval or
 * ir_measures. One pair of files per setting cell, gzip-compressed by default:
 *
 *   <dir>/<dataset>/mono/<X>-<X>.{run,qrels}.gz   <dir>/<dataset>/cross/<X>-<Y>.{run,qrels}.gz
 *   <dir>/<dataset>/multi/<X>-all.{run,qrels}.gz
 *
 * Only what is asked is written: the `settings`, and the cells of the `datasets` and `langs` given
 * (query language X and candidate language Y both listed; a multi cell needs X only). Each file holds
 * the queries hbt evaluated in that cell (those with a relevant candidate there), their relevant
 * candidates (relevance > 0), and the head of their ranking in hbt's order (score descending, doc id
 * descending), each score written with the fewest digits that keep that order (`trec/score-text.ts`).
 *
 * Where a list ends (`cut`): with 'relevant' (the default), at the query's last relevant candidate in
 * the cell that is ranked within `depth`, or after the top candidate alone when none is (so that the
 * query still counts). Every measure hbt computes (AP, RR, nDCG, R@k, P@k and their cutoffs) depends only
 * on the ranks of the relevant candidates, and these lines hold each such rank up to `depth`: so
 * `zcat X.run.gz | trec_eval -m map -m recip_rank -m recall.10 X.qrels -` (X.qrels unzipped: trec_eval
 * reads its qrels only from a file, its run from a pipe only as `-`) prints hbt's values for the cell,
 * exactly for cutoff measures up to `depth`, and for AP (RR) of a query whose relevant candidates (first
 * relevant candidate) are within `depth`; below it trec_eval counts a relevant candidate as not retrieved
 * and AP comes out lower (`AP_DEPTH_CAVEAT` in `export-depth.ts`; {@link ExportResult.truncated} counts
 * such lists). A model that ranks well needs a few lines per query; trec_eval's set measures (num_ret,
 * set_P, …) see the short lists. With 'depth', every list is the top `depth` (a conventional top-N run).
 * `depth: null` takes no cap (exact AP everywhere; the multi pool of XQuAD-R is 13,000+ candidates).
 *
 * @example
 * const { files, truncated } = await exportTrec(inputs, { dir: 'trec', settings: ['cross'], langs: ['en', 'de'] });
 * // files: ['xquad-r/cross/de-en.qrels.gz', 'xquad-r/cross/de-en.run.gz', …]
 */
export interface ExportOptions {
  dir: string;
  settings: readonly Setting[];
  /** Most candidates per query in the run files; null for no cap. Default {@link DEFAULT_EXPORT_DEPTH}. */
  depth?: number | null;
  /** Where a query's list ends (see {@link exportTrec}). Default {@link DEFAULT_EXPORT_CUT}. */
  cut?: ExportCut;
  /** Only these datasets (default all). */
  datasets?: readonly string[] | null;
  /** Only cells whose query and candidate languages are among these (default all). */
  langs?: readonly string[] | null;
  /** gzip the files (`.run.gz`, `.qrels.gz`). Default true. */
  gzip?: boolean;
  /** gzip level, 1–9. Default {@link DEFAULT_EXPORT_GZIP_LEVEL}. */
  gzipLevel?: number;
  /** Run tag (6th column). */
  tag?: string;
  progress?: ProgressReporter;
}

export interface ExportResult {
  /** Files written, relative to `dir`. */
  files: string[];
  /** Query lists (one per query and cell) with a relevant candidate ranked below `depth`: AP from those is below hbt's. */
  truncated: number;
  /** Run lines written. */
  lines: number;
}

export async function exportTrec(
  inputs: EvalInputs,
  opts: ExportOptions,
  skipDatasets: ReadonlySet<string> = new Set(),
): Promise<ExportResult> {
  const data = await loadEvalData(inputs, skipDatasets);
  const files: string[] = [];
  const stats = { truncated: 0, lines: 0 };
  const wantDs = opts.datasets ? new Set(opts.datasets) : null;
  const wantLang = opts.langs ? new Set(opts.langs) : null;
  for (const d of data.datasets) {
    if (wantDs !== null && !wantDs.has(d.name)) continue;
    checkIds(d, inputs);
    const groups = d.queryGroups.filter((g) => wantLang === null || wantLang.has(g.lang));
    const bar = opts.progress?.start(
      `export ${d.name}`,
      groups.reduce((s, g) => s + g.ids.length, 0),
      'q',
    );
    files.push(...(await exportDataset(d, opts, stats, bar)));
    bar?.done();
  }
  return { files, ...stats };
}

async function exportDataset(
  d: DatasetData,
  opts: ExportOptions,
  stats: { truncated: number; lines: number },
  bar: ReturnType<ProgressReporter['start']> | undefined,
): Promise<string[]> {
  const want = new Set(opts.settings);
  const depth = opts.depth === undefined ? DEFAULT_EXPORT_DEPTH : opts.depth;
  const toRelevant = (opts.cut ?? DEFAULT_EXPORT_CUT) === 'relevant';
  const tag = opts.tag ?? 'hbt';
  const ext = opts.gzip === false ? '' : '.gz';
  const level = opts.gzipLevel ?? DEFAULT_EXPORT_GZIP_LEVEL;
  const wantLang = opts.langs ? new Set(opts.langs) : null;
  const files: string[] = [];
  const numLangs = d.docLangs.length;
  const needAll = want.has('cross') || want.has('multi');
  const docBytes = d.docIds.map((id) => Buffer.from(id));
  const tagBytes = Buffer.from(tag);
  const texts: string[] = [];
  let listScores = new Float64Array(0);
  /**
   * Write one query's list for the cell `[a, b)`. `ranks`/`cands`: the cell's relevant candidates in
   * ranking order, with their ranks in the cell. Cut 'relevant': down to the last of them ranked within
   * the cap (or only the top candidate when none is, so that the query still counts); cut 'depth': the
   * top `depth`.
   */
  const writeList = (
    w: TrecWriter,
    qid: Uint8Array,
    row: Float64Array,
    c0: number,
    a: number,
    b: number,
    ranks: readonly number[],
    cands: readonly number[],
  ) => {
    const cap = depth ?? b - a;
    if (ranks[ranks.length - 1]! > cap) stats.truncated++;
    let top: Int32Array;
    if (toRelevant) {
      let j = ranks.length - 1;
      while (j >= 0 && ranks[j]! > cap) j--;
      top =
        j >= 0
          ? candidatesUpTo(row, c0, a, b, cands[j]!, d.docKey)
          : topCandidates(row, c0, a, b, 1, d.docKey);
    } else top = topCandidates(row, c0, a, b, cap, d.docKey);
    if (listScores.length < top.length)
      listScores = new Float64Array(Math.max(top.length, 2 * listScores.length));
    const sc = listScores.subarray(0, top.length);
    for (let j = 0; j < top.length; j++) sc[j] = row[top[j]! - c0]!;
    scoreTexts(sc, texts);
    for (let j = 0; j < top.length; j++)
      w.runLineEncoded(qid, docBytes[top[j]!]!, j + 1, texts[j]!, tagBytes);
    stats.lines += top.length;
  };
  for (const g of d.queryGroups) {
    if (wantLang !== null && !wantLang.has(g.lang)) continue;
    const xSeg = d.docLangs.indexOf(g.lang);
    const firstSeg = needAll ? 0 : xSeg;
    const numSegs = needAll ? numLangs : 1;
    if (firstSeg < 0 || numLangs === 0) continue;
    const c0 = d.segStart[firstSeg]!;
    const c1 = d.segStart[firstSeg + numSegs]!;
    const n = c1 - c0;
    // One writer pair per cell of this query language, opened on first use.
    const writers = new Map<string, { run: TrecWriter; qrels: TrecWriter }>();
    const open = async (setting: Setting, y: string) => {
      const key = `${setting}/${g.lang}-${y}`;
      let w = writers.get(key);
      if (!w) {
        const base = join(safe(d.name), setting, `${safe(g.lang)}-${safe(y)}`);
        w = {
          run: await TrecWriter.open(join(opts.dir, `${base}.run${ext}`), { level }),
          qrels: await TrecWriter.open(join(opts.dir, `${base}.qrels${ext}`), { level }),
        };
        writers.set(key, w);
        files.push(`${base}.run${ext}`, `${base}.qrels${ext}`);
      }
      return w;
    };
    try {
      const rowsPerBlock = blockRows(n);
      const scores = new Float64Array(rowsPerBlock * n);
      for (let q0 = 0; q0 < g.ids.length; q0 += rowsPerBlock) {
        const rows = Math.min(rowsPerBlock, g.ids.length - q0);
        scoreBlock(g.vectors, q0, rows, d.docVectors, c0, c1, d.dim, scores);
        for (let i = 0; i < rows; i++) {
          const qid = g.ids[q0 + i]!;
          const qidBytes = Buffer.from(qid);
          const row = scores.subarray(i * n, (i + 1) * n);
          const r = rankRelevant(
            row,
            c0,
            g.relevant[q0 + i]!,
            g.gains[q0 + i]!,
            d.docKey,
            d.segStart,
            firstSeg,
            numSegs,
          );
          const k = r.cands.length;
          if (k === 0) continue; // skipped in every cell, as in the metrics
          if (want.has('multi')) {
            // The pool: every relevant candidate.
            const w = await open('multi', 'all');
            const ranks: number[] = [];
            for (let j = 0; j < k; j++) {
              w.qrels.qrelLine(qid, d.docIds[r.cands[j]!]!, r.gains[j]!);
              ranks.push(poolRank(r, j));
            }
            writeList(w.run, qidBytes, row, c0, c0, c1, ranks, Array.from(r.cands));
          }
          for (let s = firstSeg; s < firstSeg + numSegs; s++) {
            const y = d.docLangs[s]!;
            const setting: Setting = y === g.lang ? 'mono' : 'cross';
            if (!want.has(setting) || (wantLang !== null && !wantLang.has(y))) continue;
            const ranks: number[] = [];
            const cands: number[] = [];
            for (let j = 0; j < k; j++) {
              if (r.segs[j] !== s) continue;
              ranks.push(segmentRank(r, j));
              cands.push(r.cands[j]!);
            }
            if (ranks.length === 0) continue; // skipped in this cell, as in the metrics
            const w = await open(setting, y);
            for (let j = 0; j < k; j++)
              if (r.segs[j] === s) w.qrels.qrelLine(qid, d.docIds[r.cands[j]!]!, r.gains[j]!);
            writeList(w.run, qidBytes, row, c0, d.segStart[s]!, d.segStart[s + 1]!, ranks, cands);
          }
        }
        bar?.tick(rows);
        for (const w of writers.values()) await w.run.drain();
      }
      for (const w of writers.values()) {
        await w.run.close();
        await w.qrels.close();
      }
    } catch (e) {
      for (const w of writers.values()) {
        await w.run.abort();
        await w.qrels.abort();
      }
      throw e;
    }
  }
  return files;
}

/** Reused by {@link topCandidates} for the selection (one export runs at a time per thread). */
let scratch = new Float64Array(0);

/** The first `depth` candidates of `[a, b)` in ranking order (score descending, then key descending). */
export function topCandidates(
  row: Float64Array,
  c0: number,
  a: number,
  b: number,
  depth: number,
  docKey: Int32Array,
): Int32Array {
  const n = b - a;
  if (depth === 1 && n > 1) {
    // The first candidate alone (what a list without a relevant candidate within the depth holds): one scan.
    let best = a;
    for (let c = a + 1; c < b; c++) {
      const v = row[c - c0]!;
      const w = row[best - c0]!;
      if (v > w || (v === w && docKey[c]! > docKey[best]!)) best = c;
    }
    return Int32Array.of(best);
  }
  let pick: number[];
  if (depth >= n) pick = Array.from({ length: n }, (_, i) => a + i);
  else {
    if (scratch.length < n) scratch = new Float64Array(n);
    const part = scratch.subarray(0, n);
    part.set(row.subarray(a - c0, b - c0));
    const threshold = kthLargest(part, depth);
    pick = [];
    for (let c = a; c < b; c++) if (row[c - c0]! >= threshold) pick.push(c);
  }
  pick.sort((x, y) => row[y - c0]! - row[x - c0]! || docKey[y]! - docKey[x]!);
  return Int32Array.from(pick.slice(0, depth));
}

/**
 * The candidates of `[a, b)` ordered at or before candidate `last` (score descending, then key
 * descending), in that order: the head of the ranking down to `last`, found without a selection.
 */
export function candidatesUpTo(
  row: Float64Array,
  c0: number,
  a: number,
  b: number,
  last: number,
  docKey: Int32Array,
): Int32Array {
  const s = row[last - c0]!;
  const key = docKey[last]!;
  const pick: number[] = [];
  for (let c = a; c < b; c++) {
    const v = row[c - c0]!;
    if (v > s || (v === s && docKey[c]! >= key)) pick.push(c);
  }
  if (pick.length > 1) pick.sort((x, y) => row[y - c0]! - row[x - c0]! || docKey[y]! - docKey[x]!);
  return Int32Array.from(pick);
}

/** The k-th largest value of `v` (1-based; `v` is reordered): quickselect, O(n) on average. */
export function kthLargest(v: Float64Array, k: number): number {
  let lo = 0;
  let hi = v.length - 1;
  const target = k - 1; // index in descending order
  while (lo < hi) {
    const pivot = v[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i]! > pivot) i++;
      while (v[j]! < pivot) j--;
      if (i <= j) {
        const t = v[i]!;
        v[i] = v[j]!;
        v[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return v[target]!;
  }
  return v[target]!;
}

function checkIds(d: DatasetData, inputs: EvalInputs): void {
  const bad = (s: string) => /\s/.test(s) || s === '';
  const doc = d.docIds.find(bad);
  if (doc !== undefined) {
    throw new DataError(
      `doc_id ${JSON.stringify(doc)} is empty or holds whitespace: it cannot go into a TREC file`,
      { file: inputs.corpus },
    );
  }
  for (const g of d.queryGroups) {
    const q = g.ids.find(bad);
    if (q !== undefined) {
      throw new DataError(
        `query_id ${JSON.stringify(q)} is empty or holds whitespace: it cannot go into a TREC file`,
        { file: inputs.queries },
      );
    }
  }
}

/** A path component: anything but letters, digits, ".", "_" and "-" becomes "_". */
function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_');
}
