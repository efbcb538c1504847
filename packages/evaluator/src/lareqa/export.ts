import { join } from 'node:path';
import { DataError, type ProgressReporter } from '@hbt/core';
import {
  DEFAULT_EXPORT_CUT,
  DEFAULT_EXPORT_DEPTH,
  DEFAULT_EXPORT_GZIP_LEVEL,
  type ExportCut,
} from '../export-depth.js';
import { ScoreDigits } from '../trec/score-text.js';
import { TrecWriter } from '../trec/write.js';
import { type DatasetData, type EvalInputs, loadEvalData } from './data.js';
import { ExportHelper } from './export-helper.js';
import { QueryScores } from './export-lists.js';
import { type PlanOptions, planQuery } from './export-plan.js';
import type { PreparedCandidates, ScoreKernel } from './score-kernel.js';
import { rowNorm, scoreErrorBound, withinBound } from './score-kernel.js';
import { blockRows, scoreBlock } from './scores.js';
import type { Setting } from './settings.js';

export { kthLargest } from './kth-largest.js';

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
 * Scores: each block of queries is scored once against every candidate of its range (the pool, or its
 * own language when mono is the only setting), and that one block serves every cell and list of those
 * queries. With a `kernel` (float32 products on a compute backend, `score-kernel.ts`) and a depth, the
 * kernel's scores only decide what cannot be in a list, and every score that orders or is written is
 * hbt's exact float64 score: the files are byte for byte those of exact scoring (`export-lists.ts`).
 *
 * Threads: the query languages are shared out between this thread and a helper worker thread
 * (`export-helper.ts`; the kernel's products still computed here), whichever is free; the files are
 * the same bytes, listed in query-language order (`parallel: false`: one thread).
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
  /**
   * Rank and write about half of the query languages on a helper thread (the kernel's products still
   * computed on this one). Default true (where the built helper script exists); the files are the same.
   */
  parallel?: boolean;
  /**
   * Float32 products for the first pass (e.g. tfjs's native backend); null or absent: hbt's float64
   * scores in JavaScript throughout. The files are the same either way.
   */
  kernel?: ScoreKernel | null;
  progress?: ProgressReporter;
}

export interface ExportResult {
  /** Files written, relative to `dir`. */
  files: string[];
  /** Query lists (one per query and cell) with a relevant candidate ranked below `depth`: AP from those is below hbt's. */
  truncated: number;
  /** Run lines written. */
  lines: number;
  /** Queries scored again exactly because the kernel's products broke their error bound (0 on IEEE float32). */
  rescored: number;
}

export async function exportTrec(
  inputs: EvalInputs,
  opts: ExportOptions,
  skipDatasets: ReadonlySet<string> = new Set(),
): Promise<ExportResult> {
  // Started first: the thread boots while the tables load.
  const helper = opts.parallel === false ? null : ExportHelper.start(opts);
  const files: string[] = [];
  const stats = { truncated: 0, lines: 0, rescored: 0 };
  try {
    const data = await loadEvalData(inputs, skipDatasets);
    const wantDs = opts.datasets ? new Set(opts.datasets) : null;
    const wantLang = opts.langs ? new Set(opts.langs) : null;
    for (const d of data.datasets) {
      if (wantDs !== null && !wantDs.has(d.name)) continue;
      checkIds(d, inputs);
      const chosen = d.queryGroups.flatMap((g, i) => (wantLang === null || wantLang.has(g.lang) ? [i] : []));
      const bar = opts.progress?.start(
        `export ${d.name}`,
        chosen.reduce((s, i) => s + d.queryGroups[i]!.ids.length, 0),
        'q',
      );
      // The query languages handed out one at a time, the largest first, to this thread and the helper
      // thread (whose products are still computed here, on the kernel), whichever is free: each cell's
      // files are written by one thread, and listed in query-language order either way.
      const queue = [...chosen].sort(
        (a, b) => d.queryGroups[b]!.ids.length - d.queryGroups[a]!.ids.length || a - b,
      );
      const take = async () => queue.shift() ?? null;
      const kernel = opts.kernel ?? null;
      // The helper's first group is kept for it (it starts while this thread ranks its own first one).
      let first: number | null = helper !== null && queue.length > 1 ? queue.splice(1, 1)[0]! : null;
      const takeThere = async () => {
        if (first === null) return take();
        const gi = first;
        first = null;
        return gi;
      };
      const there = first !== null ? helper!.run(d, takeThere, kernel, bar) : null;
      there?.catch(() => {}); // awaited below
      let here: { byGroup: Map<number, string[]> } | { e: unknown };
      try {
        here = {
          byGroup: await exportDataset(
            d,
            opts,
            kernel,
            stats,
            bar,
            take,
            there === null ? null : yieldToLoop,
          ),
        };
      } catch (e) {
        queue.length = 0; // the helper takes no more
        first = null;
        here = { e };
      }
      const other =
        there === null
          ? null
          : await there.then(
              (r) => ({ r }),
              (e: unknown) => ({ e }),
            );
      if ('e' in here) throw here.e;
      if (other !== null && 'e' in other) throw other.e;
      const byGroup = here.byGroup;
      if (other !== null) {
        for (const [i, f] of other.r.byGroup) byGroup.set(i, f);
        stats.truncated += other.r.stats.truncated;
        stats.lines += other.r.stats.lines;
        stats.rescored += other.r.stats.rescored;
      }
      for (const i of chosen) files.push(...(byGroup.get(i) ?? []));
      bar?.done();
    }
  } finally {
    await helper?.stop();
  }
  return { files, ...stats };
}

/** Let queued messages (the helper's score requests) through. */
function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Blocks of products asked for ahead of the one being ranked. */
const AHEAD_BLOCKS = 2;

/** Queries ranked between two pauses when a helper thread waits on this one's kernel. */
const PAUSE_ROWS = 32;

/** Counters an export adds to. */
export interface ExportStats {
  truncated: number;
  lines: number;
  rescored: number;
}

/**
 * The query groups of one dataset that `take` hands out (indices into `d.queryGroups`; null: no more),
 * written under `opts.dir`: the files of each group, in the order opened. `pause`, when given, is awaited every
 * {@link PAUSE_ROWS} queries (to let a helper thread's requests through).
 */
export async function exportDataset(
  d: DatasetData,
  opts: ExportOptions,
  kernelIn: ScoreKernel | null,
  stats: ExportStats,
  bar: { tick(n: number): void } | undefined,
  take: () => Promise<number | null>,
  pause: (() => Promise<void>) | null = null,
): Promise<Map<number, string[]>> {
  const want = new Set(opts.settings);
  const depth = opts.depth === undefined ? DEFAULT_EXPORT_DEPTH : opts.depth;
  if (depth !== null && !(Number.isInteger(depth) && depth >= 1))
    throw new RangeError(`exportTrec: depth must be an integer ≥ 1 or null, got ${depth}`);
  const toRelevant = (opts.cut ?? DEFAULT_EXPORT_CUT) === 'relevant';
  const tag = opts.tag ?? 'hbt';
  const ext = opts.gzip === false ? '' : '.gz';
  const level = opts.gzipLevel ?? DEFAULT_EXPORT_GZIP_LEVEL;
  const wantLang = opts.langs ? new Set(opts.langs) : null;
  // Kernel products need a cap: without one every candidate is listed and scored exactly anyway.
  const kernel = depth !== null ? kernelIn : null;
  const byGroup = new Map<number, string[]>();
  const numLangs = d.docLangs.length;
  const needAll = want.has('cross') || want.has('multi');
  const docBytes = d.docIds.map((id) => Buffer.from(id));
  const tagBytes = Buffer.from(tag);
  const digits = new ScoreDigits();
  const dim = d.dim;
  let listScores = new Float64Array(0);
  const s = new QueryScores(d.docVectors, dim, d.docKey, d.docIds.length);
  let maxDocNorm = 0;
  if (kernel !== null)
    for (let c = 0; c < d.docIds.length; c++)
      maxDocNorm = Math.max(maxDocNorm, rowNorm(d.docVectors, c, dim));
  /** Candidates prepared on the kernel, per scored range (the whole pool, or one language alone). */
  const prepared = new Map<string, PreparedCandidates>();
  const closing: Promise<void>[] = [];
  let error: { e: unknown } | null = null;
  let kernelOk = true;
  const writeList = (w: TrecWriter, qid: Uint8Array, list: Int32Array) => {
    if (listScores.length < list.length)
      listScores = new Float64Array(Math.max(list.length, 2 * listScores.length));
    const sc = listScores.subarray(0, list.length);
    for (let j = 0; j < list.length; j++) sc[j] = s.exact(list[j]!);
    digits.fill(sc);
    for (let j = 0; j < list.length; j++)
      w.runLineDigits(qid, docBytes[list[j]!]!, j + 1, digits, j, tagBytes);
    stats.lines += list.length;
  };
  try {
    for (let gi = await take(); gi !== null; gi = await take()) {
      const g = d.queryGroups[gi]!;
      const files: string[] = [];
      byGroup.set(gi, files);
      const xSeg = d.docLangs.indexOf(g.lang);
      const firstSeg = needAll ? 0 : xSeg;
      const numSegs = needAll ? numLangs : 1;
      if (firstSeg < 0 || numLangs === 0) continue;
      const c0 = d.segStart[firstSeg]!;
      const c1 = d.segStart[firstSeg + numSegs]!;
      const n = c1 - c0;
      const plan: PlanOptions = {
        multi: want.has('multi'),
        segment: d.docLangs.map((y) => {
          const setting: Setting = y === g.lang ? 'mono' : 'cross';
          return want.has(setting) && (wantLang === null || wantLang.has(y));
        }),
        depth,
        toRelevant,
      };
      let block: PreparedCandidates | null = null;
      if (kernel !== null && n > 0) {
        const key = `${c0}:${c1}`;
        block = prepared.get(key) ?? null;
        if (block === null) {
          block = kernel.prepare(d.docVectors.subarray(c0 * dim, c1 * dim), n, dim);
          prepared.set(key, block);
        }
      }
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
        // Exact scores: of a whole block (no kernel, or one that broke its bound), of one query's row.
        let exactBlock: Float64Array | null = null;
        const exactRow = new Float64Array(n);
        // The next blocks' products asked for before this block is ranked (a kernel on another thread
        // computes them meanwhile).
        const request = (prep: PreparedCandidates, q0: number) => {
          const rows = Math.min(rowsPerBlock, g.ids.length - q0);
          const p = prep.scores(g.vectors.subarray(q0 * dim, (q0 + rows) * dim), rows);
          p.catch(() => {}); // awaited when its block comes (or dropped with the kernel)
          return p;
        };
        // Blocks asked for and not yet ranked, from `asked` on.
        const ahead: Promise<Float32Array>[] = [];
        let asked = 0;
        for (let q0 = 0; q0 < g.ids.length; q0 += rowsPerBlock) {
          const rows = Math.min(rowsPerBlock, g.ids.length - q0);
          let approx: Float32Array | null = null;
          if (block !== null && kernelOk) {
            for (; ahead.length <= AHEAD_BLOCKS && asked < g.ids.length; asked += rowsPerBlock)
              ahead.push(request(block, asked));
            approx = await ahead.shift()!;
            // The block's first row checked (every 8th candidate), before any line is written: a backend that
            // computes in lower precision (TF32, bf16) is not used for the rest of the dataset.
            const err = scoreErrorBound(dim, rowNorm(g.vectors, q0, dim), maxDocNorm);
            if (!withinBound(approx.subarray(0, n), g.vectors, q0, d.docVectors, c0, dim, err, 8)) {
              kernelOk = false;
              approx = null;
            }
          }
          if (approx === null) {
            exactBlock ??= new Float64Array(rowsPerBlock * n);
            scoreBlock(g.vectors, q0, rows, d.docVectors, c0, c1, dim, exactBlock);
            if (block !== null) stats.rescored += rows;
          }
          for (let i = 0; i < rows; i++) {
            if (pause !== null && i > 0 && i % PAUSE_ROWS === 0) await pause();
            const qi = q0 + i;
            if (approx !== null) {
              const err = scoreErrorBound(dim, rowNorm(g.vectors, qi, dim), maxDocNorm);
              s.reset(g.vectors, qi, approx.subarray(i * n, (i + 1) * n), c0, err, false);
            } else s.reset(g.vectors, qi, exactBlock!.subarray(i * n, (i + 1) * n), c0, 0, true);
            const rel = g.relevant[qi]!;
            const gains = g.gains[qi]!;
            let cells = planQuery(s, d.segStart, d.docLangs, g.lang, rel, gains, firstSeg, numSegs, plan);
            if (s.violated) {
              // The kernel's products are less precise than the float32 bound: this query exactly.
              stats.rescored++;
              scoreBlock(g.vectors, qi, 1, d.docVectors, c0, c1, dim, exactRow);
              s.reset(g.vectors, qi, exactRow, c0, 0, true);
              cells = planQuery(s, d.segStart, d.docLangs, g.lang, rel, gains, firstSeg, numSegs, plan);
            }
            if (cells === null) continue; // skipped in every cell, as in the metrics
            const qid = g.ids[qi]!;
            const qidBytes = Buffer.from(qid);
            for (const c of cells) {
              const w =
                writers.get(`${c.setting}/${g.lang}-${c.docLang}`) ?? (await open(c.setting, c.docLang));
              for (let j = 0; j < c.relevant.length; j++)
                w.qrels.qrelLine(qid, d.docIds[c.relevant[j]!]!, c.gains[j]!);
              writeList(w.run, qidBytes, c.list);
              if (c.truncated) stats.truncated++;
            }
          }
          bar?.tick(rows);
          for (const w of writers.values()) await w.run.drain();
          if (pause !== null) await pause();
        }
        // Closed in the background (their last chunks compress while the next language is scored).
        for (const w of writers.values()) {
          const closed = Promise.all([w.run.close(), w.qrels.close()]).then(() => {});
          closed.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
          closing.push(closed);
        }
      } catch (e) {
        for (const w of writers.values()) {
          await w.run.abort();
          await w.qrels.abort();
        }
        throw e;
      }
    }
  } catch (e) {
    error = { e };
  }
  for (const b of prepared.values()) b.dispose();
  // Every file closed (or failed) before returning or throwing.
  const settled = await Promise.allSettled(closing);
  if (error !== null) throw error.e;
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  return byGroup;
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
