import { availableParallelism } from 'node:os';
import type { ProgressBar } from '@hbt/core';
import { topKInnerProduct } from '@hbt/topk-kernel';
import { blockRanges, createEngine, type EngineName, resolveEngine } from './engines.js';
import { GROUPED_BLOCK_FLOATS, resolveGroupSize, searchGrouped } from './grouped.js';
import { resolveThreads, searchInWorkers } from './parallel.js';
import { TopK } from './topk.js';
import { gatherRows, rowCount, type VectorSet } from './vectors.js';

/** Options of {@link searchExact}. */
export interface SearchOptions {
  /** Results per query (fewer when there are fewer candidates). */
  k: number;
  /** Query rows to search (default: all, in order). */
  queryRows?: ArrayLike<number>;
  /** Candidate rows to search among (default: all). */
  candidateRows?: ArrayLike<number>;
  /**
   * Tie keys per candidate row (of the full candidate matrix): on equal scores the lower key ranks first.
   * Default: the row number. The index stage passes `idTieKeys(docIds)`, i.e. doc_id ascending.
   */
  tieKeys?: ArrayLike<number>;
  /**
   * `auto` (default): `fused` when the @hbt/topk-kernel addon is built, else tfjs unless the tfjs backend
   * is `cpu`, where plain JS loops are faster. See `engines.ts`.
   */
  engine?: 'auto' | EngineName;
  /**
   * Queries per block (default 1024; on the grouped path fewer, down to 256, so that one block holds all
   * candidates; `fused`: about 2³⁷ multiply-adds a block, 256 to 32,768 queries).
   */
  blockQueries?: number;
  /**
   * Candidates per block. One score block is blockQueries × blockCandidates floats. Default 4096, or with
   * `groupSize` > 0 as many as fit 2²⁵ floats (128 MB; 32,768 for 1024 queries), in multiples of it.
   */
  blockCandidates?: number;
  /**
   * tfjs engine only: candidates per group of the grouped search (see `grouped.ts`), which keeps the
   * scores on the device and downloads only the groups that can reach the top k; 0 = off (download every
   * score). `auto` (default): on the native `tensorflow` backend a power of two near √(2·candidates/k)
   * (16 for 13k candidates, 32 for 100k, k = 100), off elsewhere. Results are the same either way (same
   * scores, same order).
   */
  groupSize?: number | 'auto';
  /** Ticked with the number of queries after each query block. */
  progress?: ProgressBar;
  /**
   * Worker threads, each with its own tfjs backend and a share of the queries (default 1: in-thread).
   * `auto`: one per core (at most 8) for large searches on wasm / cpu when the built worker script
   * exists, else 1 (the native `tensorflow` backend is multi-threaded already). See `parallel.ts`.
   * `fused`: the kernel's own threads (default and `auto`: one per core).
   */
  threads?: number | 'auto';
}

/** The top k of each query: `rows` / `scores` at `[i*k, (i+1)*k)` hold query i's results, best first. */
export interface SearchResult {
  /** Results per query: min(k, number of candidates). */
  k: number;
  /** The query rows searched, in result order. */
  queryRows: Int32Array;
  /** Candidate rows (of the full candidate matrix), `[queryRows.length × k]`, best first per query. */
  rows: Int32Array;
  /** Inner products, float32, aligned with `rows`. */
  scores: Float32Array;
  /** What produced it: an exact engine, or `lancedb` (approximate; rows of -1 = fewer than k found). */
  engine: EngineName | 'lancedb';
  /** Threads the exact search ran on (1 = in-thread). */
  threads?: number;
}

export const DEFAULT_BLOCK_QUERIES = 1024;
export const DEFAULT_BLOCK_CANDIDATES = 4096;

/**
 * Exact maximum-inner-product search (cosine for L2-normalised vectors): every query against every
 * candidate, in blocks of `blockQueries × blockCandidates` scores, each block reduced at once into a
 * bounded heap per query. Memory: the candidate matrix (again, as tensors, for tfjs), one score block
 * and `queries × k` results — never the full score matrix.
 *
 * Order: score descending, ties by tie key ascending (doc_id ascending in the index stage). Block sizes
 * and thread counts change only the speed: results are bit-identical across them (tested on the js and
 * wasm engines; a backend whose matMul kernels depend on the block shape could differ in the last bit).
 *
 * @example
 * const r = await searchExact(queries, corpus, { k: 10, queryRows: deRows, candidateRows: enRows });
 * r.rows.subarray(0, 10); // corpus rows of the first query's top 10
 */
export async function searchExact(
  queries: VectorSet,
  candidates: VectorSet,
  opts: SearchOptions,
): Promise<SearchResult> {
  if (queries.dim !== candidates.dim) {
    throw new RangeError(`query dim ${queries.dim} differs from candidate dim ${candidates.dim}`);
  }
  const nCandAll = rowCount(candidates);
  const qRows = Int32Array.from(opts.queryRows ?? range(rowCount(queries)));
  const cRows = sortedCandidates(opts.candidateRows ?? range(nCandAll), opts.tieKeys, nCandAll);
  const k = Math.min(opts.k, cRows.length);
  const engine = resolveEngine(opts.engine ?? 'auto');
  const nq = qRows.length;
  if (k === 0 || nq === 0) {
    return { k, queryRows: qRows, rows: new Int32Array(0), scores: new Float32Array(0), engine };
  }
  const groupSize =
    engine === 'tfjs' ? resolveGroupSize(opts.groupSize ?? 'auto', engine, cRows.length, k) : 0;
  const bq = positive(
    opts.blockQueries ??
      (engine === 'fused'
        ? fusedBlockQueries(cRows.length, queries.dim)
        : defaultBlockQueries(cRows.length, groupSize)),
    'blockQueries',
  );
  const bc = positive(opts.blockCandidates ?? defaultBlockCandidates(bq, groupSize), 'blockCandidates');
  const dim = queries.dim;
  const fused = engine === 'fused';
  const threads = fused
    ? fusedThreads(opts.threads)
    : resolveThreads(opts.threads ?? 1, nq, cRows.length, dim, bq);
  const job = {
    k,
    engine,
    blockQueries: bq,
    blockCandidates: bc,
    groupSize,
    ...(fused ? { kernelThreads: threads } : {}),
    ...(opts.progress ? { progress: opts.progress } : {}),
  };
  const local =
    !fused && threads > 1
      ? await searchInWorkers(gatherRows(queries, qRows), gatherRows(candidates, cRows, true), job, threads)
      : await searchBlocks(rowsOf(queries, qRows), rowsOf(candidates, cRows), job);
  const rows = new Int32Array(nq * k);
  for (let i = 0; i < rows.length; i++) rows[i] = cRows[local.items[i]!]!;
  return { k, queryRows: qRows, rows, scores: local.scores, engine, threads };
}

/** What {@link searchBlocks} needs besides the vectors. */
export interface BlockJob {
  k: number;
  engine: EngineName;
  blockQueries: number;
  blockCandidates: number;
  /** tfjs engine: group size of the grouped search (0 or absent = off). */
  groupSize?: number;
  /** `fused` engine: the kernel's threads (default: one per core). */
  kernelThreads?: number;
  /** Grouped search: time its phases (`GroupedStats.ms`; for the bench). */
  profile?: boolean;
  progress?: Pick<ProgressBar, 'tick'>;
}

/**
 * The search proper, on gathered matrices: every query row against every candidate row (candidates
 * already in tie order), block by block into bounded heaps. Returns local candidate positions and
 * scores, `[queries × k]`, best first. Used in-thread and inside the worker threads.
 */
export async function searchBlocks(
  q: VectorSet,
  cand: VectorSet,
  job: BlockJob,
): Promise<{ items: Int32Array; scores: Float32Array }> {
  const { k, blockQueries: bq, blockCandidates: bc } = job;
  if (job.engine === 'fused') return searchFused(q, cand, job);
  const dim = q.dim;
  const nq = rowCount(q);
  const cBlocks = blockRanges(rowCount(cand), bc);
  const heaps = new TopK(nq, k);
  if (job.engine === 'tfjs' && (job.groupSize ?? 0) > 0) {
    await searchGrouped(q, cand, job, heaps);
    return heapResults(heaps);
  }
  const eng = createEngine(job.engine, cand, bc);
  try {
    for (const [qs, qe] of blockRanges(nq, bq)) {
      const count = qe - qs;
      eng.beginQueries(q.vectors.subarray(qs * dim, qe * dim), count);
      for (let j = 0; j < cBlocks.length; j++) {
        const [cs, ce] = cBlocks[j]!;
        const width = ce - cs;
        const block = await eng.scoreBlock(j);
        for (let r = 0; r < count; r++) heaps.offerRow(qs + r, block, r * width, width, cs);
      }
      eng.endQueries();
      job.progress?.tick(count);
      await new Promise((res) => setImmediate(res));
    }
  } finally {
    eng.dispose();
  }
  return heapResults(heaps);
}

/** `searchBlocks` on the fused engine: one kernel call per query block. */
async function searchFused(
  q: VectorSet,
  cand: VectorSet,
  job: BlockJob,
): Promise<{ items: Int32Array; scores: Float32Array }> {
  const { k, blockQueries: bq } = job;
  const dim = q.dim;
  const nq = rowCount(q);
  // The kernel returns each query's final top k over every candidate, already in TopK's order (score
  // desc, item asc); entries past a query's size stay 0 / 0, as `heapResults` leaves them.
  const items = new Int32Array(nq * k);
  const scores = new Float32Array(nq * k);
  for (const [qs, qe] of blockRanges(nq, bq)) {
    const r = await topKInnerProduct(q.vectors.subarray(qs * dim, qe * dim), cand.vectors, {
      dim,
      k,
      ...(job.kernelThreads ? { threads: job.kernelThreads } : {}),
    });
    for (let i = 0; i < qe - qs; i++) {
      const n = r.sizes[i]!;
      items.set(r.items.subarray(i * k, i * k + n), (qs + i) * k);
      scores.set(r.scores.subarray(i * k, i * k + n), (qs + i) * k);
    }
    job.progress?.tick(qe - qs);
  }
  return { items, scores };
}

/** Every query's kept entries, best first, flat `[queries × k]`. */
function heapResults(heaps: TopK): { items: Int32Array; scores: Float32Array } {
  const { nQueries: nq, k } = heaps;
  const items = new Int32Array(nq * k);
  const scores = new Float32Array(nq * k);
  for (let i = 0; i < nq; i++) heaps.sortedInto(i, scores, items, i * k);
  return { items, scores };
}

/** Candidate rows sorted by tie key (then row), so that local position order is the tie order. */
function sortedCandidates(
  rows: ArrayLike<number>,
  keys: ArrayLike<number> | undefined,
  n: number,
): Int32Array {
  const out = Int32Array.from(rows);
  for (const r of out) if (r < 0 || r >= n) throw new RangeError(`candidate row ${r} is outside [0, ${n})`);
  if (keys === undefined) return out.sort();
  if (keys.length !== n) throw new RangeError(`tieKeys has ${keys.length} entries for ${n} candidates`);
  const arr = Array.from(out);
  arr.sort((a, b) => keys[a]! - keys[b]! || a - b);
  return Int32Array.from(arr);
}

/**
 * 1024, or on the grouped path fewer (not below 256) when that lets one block hold every candidate:
 * each candidate block costs a top-k pass and a download of k groups per query.
 */
function defaultBlockQueries(nCand: number, groupSize: number): number {
  if (groupSize === 0) return DEFAULT_BLOCK_QUERIES;
  const fit = Math.floor(GROUPED_BLOCK_FLOATS / Math.max(1, nCand));
  return Math.max(256, Math.min(DEFAULT_BLOCK_QUERIES, fit));
}

/**
 * `fused`: about 2³⁷ multiply-adds per call (a progress tick about every second at ~280 GFLOP/s), 256 to
 * 32,768 queries, a multiple of 32 (the AVX-512 kernel's query panel). Each call streams the candidates
 * once per thread, so fewer, larger calls are faster (the XQuAD-R pool and 1k × 100k are one call each).
 */
function fusedBlockQueries(nCand: number, dim: number): number {
  const fit = Math.floor(2 ** 37 / Math.max(1, nCand * dim));
  return Math.max(256, Math.min(32768, fit - (fit % 32)));
}

/** The fused kernel's threads: a number as given, else (`auto`, unset) one per core. */
function fusedThreads(pref: number | 'auto' | undefined): number {
  if (pref === undefined || pref === 'auto') return availableParallelism();
  return positive(pref, 'threads');
}

/** 4096, or on the grouped path the widest multiple of the group size within GROUPED_BLOCK_FLOATS. */
function defaultBlockCandidates(bq: number, groupSize: number): number {
  if (groupSize === 0) return DEFAULT_BLOCK_CANDIDATES;
  const groups = Math.floor(GROUPED_BLOCK_FLOATS / bq / groupSize);
  return Math.max(DEFAULT_BLOCK_CANDIDATES, groups * groupSize);
}

/** `gatherRows`, without the copy when `rows` is every row in order (the common whole-pool search). */
function rowsOf(v: VectorSet, rows: Int32Array): VectorSet {
  if (rows.length !== rowCount(v)) return gatherRows(v, rows);
  for (let i = 0; i < rows.length; i++) if (rows[i] !== i) return gatherRows(v, rows);
  return v;
}

function range(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

function positive(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  return v;
}
