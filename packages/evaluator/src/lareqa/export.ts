import { join } from 'node:path';
import { DataError, type ProgressReporter } from '@hbt/core';
import { TrecWriter } from '../trec/write.js';
import { type DatasetData, type EvalInputs, loadEvalData } from './data.js';
import { rankRelevant } from './ranks.js';
import { blockRows, scoreBlock } from './scores.js';
import type { Setting } from './settings.js';

/**
 * TREC run and qrels files for the LAReQA settings, to cross-check hbt's numbers with trec_eval or
 * ir_measures. One pair of files per setting cell:
 *
 *   <dir>/<dataset>/mono/<X>-<X>.{run,qrels}   <dir>/<dataset>/cross/<X>-<Y>.{run,qrels}
 *   <dir>/<dataset>/multi/<X>-all.{run,qrels}
 *
 * Each holds the queries hbt evaluated in that cell (those with a relevant candidate there), their
 * relevant candidates (relevance > 0), and their top `depth` candidates in hbt's order (score
 * descending, doc id descending), scores written so they read back as the same doubles. So
 * `trec_eval -m map -m recip_rank -m recall.10 X.qrels X.run` prints hbt's values for the cell: exactly
 * for cutoff measures up to `depth`, and for AP when every relevant candidate is within `depth`
 * (`depth: null` writes full rankings; the multi pool of XQuAD-R is then 170 M lines).
 */
export interface ExportOptions {
  dir: string;
  settings: readonly Setting[];
  /** Candidates per query in the run files; null for the full ranking. Default 1000. */
  depth?: number | null;
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
  for (const d of data.datasets) {
    checkIds(d, inputs);
    const bar = opts.progress?.start(
      `export ${d.name}`,
      d.queryGroups.reduce((s, g) => s + g.ids.length, 0),
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
  const depth = opts.depth === undefined ? 1000 : opts.depth;
  const tag = opts.tag ?? 'hbt';
  const files: string[] = [];
  const numLangs = d.docLangs.length;
  const needAll = want.has('cross') || want.has('multi');
  for (const g of d.queryGroups) {
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
          run: await TrecWriter.open(join(opts.dir, `${base}.run`)),
          qrels: await TrecWriter.open(join(opts.dir, `${base}.qrels`)),
        };
        writers.set(key, w);
        files.push(`${base}.run`, `${base}.qrels`);
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
      }
      for (const w of writers.values()) {
        w.run.close();
        w.qrels.close();
      }
    } catch (e) {
      for (const w of writers.values()) {
        w.run.abort();
        w.qrels.abort();
      }
      throw e;
    }
  }
  return files;
}

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
    const sorted = row.slice(a - c0, b - c0).sort(); // ascending
    const threshold = sorted[n - depth]!;
    pick = [];
    for (let c = a; c < b; c++) if (row[c - c0]! >= threshold) pick.push(c);
  }
  pick.sort((x, y) => row[y - c0]! - row[x - c0]! || docKey[y]! - docKey[x]!);
  return Int32Array.from(pick.slice(0, depth));
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
