import type { ProgressBar } from '@hbt/core';
import { blockRanges, createEngine, type EngineName, resolveEngine } from './engines.js';
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
  /** `auto` (default): tfjs unless the tfjs backend is `cpu`, where plain JS loops are faster. */
  engine?: 'auto' | EngineName;
  /** Queries per block (default 1024). */
  blockQueries?: number;
  /** Candidates per block (default 4096). One score block is blockQueries × blockCandidates floats. */
  blockCandidates?: number;
  /** Ticked with the number of queries after each query block. */
  progress?: ProgressBar;
  /**
   * Worker threads, each with its own tfjs backend and a share of the queries (default 1: in-thread).
   * `auto`: one per core (at most 8) for large searches on wasm / cpu when the built worker script
   * exists, else 1 (the native `tensorflow` backend is multi-threaded already). See `parallel.ts`.
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
  const bq = positive(opts.blockQueries ?? DEFAULT_BLOCK_QUERIES, 'blockQueries');
  const bc = positive(opts.blockCandidates ?? DEFAULT_BLOCK_CANDIDATES, 'blockCandidates');
  const dim = queries.dim;
  const threads = resolveThreads(opts.threads ?? 1, nq, cRows.length, dim, bq);
  const job = {
    k,
    engine,
    blockQueries: bq,
    blockCandidates: bc,
    ...(opts.progress ? { progress: opts.progress } : {}),
  };
  const local =
    threads > 1
      ? await searchInWorkers(gatherRows(queries, qRows), gatherRows(candidates, cRows, true), job, threads)
      : await searchBlocks(gatherRows(queries, qRows), gatherRows(candidates, cRows), job);
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
  const dim = q.dim;
  const nq = rowCount(q);
  const cBlocks = blockRanges(rowCount(cand), bc);
  const heaps = new TopK(nq, k);
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
  const items = new Int32Array(nq * k);
  const scores = new Float32Array(nq * k);
  for (let i = 0; i < nq; i++) {
    const top = heaps.sorted(i);
    items.set(top.items, i * k);
    scores.set(top.scores, i * k);
  }
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

function range(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

function positive(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  return v;
}
