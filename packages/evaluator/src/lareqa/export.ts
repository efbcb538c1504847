import { join } from 'node:path';
import { DataError, type ProgressReporter } from '@hbt/core';
import { DEFAULT_EXPORT_DEPTH } from '../export-depth.js';
import { TrecWriter } from '../trec/write.js';
import { type DatasetData, type EvalInputs, loadEvalData } from './data.js';
import { rankRelevant } from './ranks.js';
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
 * candidates (relevance > 0), and their top `depth` candidates in hbt's order (score descending, doc id
 * descending), scores written so they read back as the same doubles. So
 * `trec_eval -m map -m recip_rank -m recall.10 X.qrels <(zcat X.run.gz)` prints hbt's values for the cell:
 * exactly for cutoff measures up to `depth`, and for AP when every relevant candidate is within `depth`
 * — below it, trec_eval counts a relevant candidate as not retrieved and AP comes out lower
 * (`AP_DEPTH_CAVEAT` in `export-depth.ts`); `depth: null` writes full rankings, for exact AP: the multi pool of XQuAD-R is then
 * 170 M lines).
 */
export interface ExportOptions {
  dir: string;
  settings: readonly Setting[];
  /** Candidates per query in the run files; null for the full ranking. Default {@link DEFAULT_EXPORT_DEPTH}. */
  depth?: number | null;
  /** Only these datasets (default all). */
  datasets?: readonly string[] | null;
  /** Only cells whose query and candidate languages are among these (default all). */
  langs?: readonly string[] | null;
  /** gzip the files (`.run.gz`, `.qrels.gz`). Default true. */
  gzip?: boolean;
  /** Run tag (6th column). */
  tag?: string;
  progress?: ProgressReporter;
}

export interface ExportResult {
  /** Files written, relative to `dir`. */
  files: string[];
}

export async function exportTrec(
  inputs: EvalInputs,
  opts: ExportOptions,
  skipDatasets: ReadonlySet<string> = new Set(),
): Promise<ExportResult> {
  const data = await loadEvalData(inputs, skipDatasets);
  const files: string[] = [];
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
    files.push(...(await exportDataset(d, opts, bar)));
    bar?.done();
  }
  return { files };
}

async function exportDataset(
  d: DatasetData,
  opts: ExportOptions,
  bar: ReturnType<ProgressReporter['start']> | undefined,
): Promise<string[]> {
  const want = new Set(opts.settings);
  const depth = opts.depth === undefined ? DEFAULT_EXPORT_DEPTH : opts.depth;
  const tag = opts.tag ?? 'hbt';
  const ext = opts.gzip === false ? '' : '.gz';
  const wantLang = opts.langs ? new Set(opts.langs) : null;
  const files: string[] = [];
  const numLangs = d.docLangs.length;
  const needAll = want.has('cross') || want.has('multi');
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
          run: await TrecWriter.open(join(opts.dir, `${base}.run${ext}`)),
          qrels: await TrecWriter.open(join(opts.dir, `${base}.qrels${ext}`)),
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
          const cells: Array<[Setting, string, number, number]> = [];
          if (want.has('multi')) cells.push(['multi', 'all', c0, c1]);
          for (let s = firstSeg; s < firstSeg + numSegs; s++) {
            const y = d.docLangs[s]!;
            const setting: Setting = y === g.lang ? 'mono' : 'cross';
            if (wantLang !== null && !wantLang.has(y)) continue;
            if (want.has(setting)) cells.push([setting, y, d.segStart[s]!, d.segStart[s + 1]!]);
          }
          for (const [setting, y, a, b] of cells) {
            const rel: number[] = [];
            for (let j = 0; j < r.cands.length; j++) if (r.cands[j]! >= a && r.cands[j]! < b) rel.push(j);
            if (rel.length === 0) continue; // skipped in this cell, as in the metrics
            const w = await open(setting, y);
            for (const j of rel) w.qrels.qrelLine(qid, d.docIds[r.cands[j]!]!, r.gains[j]!);
            const top = topCandidates(row, c0, a, b, depth ?? b - a, d.docKey);
            top.forEach((c, k) => {
              w.run.runLine(qid, d.docIds[c]!, k + 1, row[c - c0]!, tag);
            });
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
