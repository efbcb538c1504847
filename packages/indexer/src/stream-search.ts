import type { ProgressBar } from '@hbt/core';
import type { EngineName } from './engines.js';
import { type SearchResult, searchExact } from './search.js';
import { type EmbeddingBatch, readEmbeddingBatches } from './shard-io.js';
import { compareIds, idTieKeys, rowCount, type VectorSet } from './vectors.js';

/** Options of {@link searchFiles}. */
export interface StreamSearchOptions {
  k: number;
  /**
   * Bytes of candidate vectors held at once (default 256 MiB): record batches are gathered into blocks
   * of at most this size (at least one batch) and searched one block at a time. The search's other
   * memory: the queries, `queries × k` results, and `searchExact`'s own buffers for one block (its
   * tensors hold the block once more; its score block is at most 128 MB).
   */
  blockBytes?: number;
  engine?: 'auto' | EngineName;
  /** Ticked with the number of candidates after each block. */
  progress?: Pick<ProgressBar, 'tick'>;
}

/** The top k of each query over every row of the files: rows are numbered across the files in order. */
export interface StreamSearchResult extends Omit<SearchResult, 'queryRows' | 'threads'> {
  /** Doc ids of `rows` (`''` where a query has fewer than k results: never, unless the files hold < k rows). */
  ids: string[];
  /** Rows read in all (the candidates searched). */
  candidates: number;
  /** Candidate blocks searched. */
  blocks: number;
}

/**
 * Exact top-k search of `queries` over embeddings files (the shards of a corpus, `shard-io.ts`) read
 * batch by batch: memory is bounded by `blockBytes` of candidates plus the queries and the results, not
 * by the corpus. Each block is searched with {@link searchExact} (ties within it by id) and merged into
 * every query's running top k by score descending, then id ascending in code-point order: the same order
 * as an in-memory search of the concatenated files with `tieKeys: idTieKeys(ids)`, and the same scores
 * (one inner product per pair, computed by the same engine).
 *
 * @example
 * const r = await searchFiles(queries, ['s/corpus-00000-of-00002.arrow', 's/corpus-00001-of-00002.arrow'],
 *   { k: 100, blockBytes: 64 << 20 });
 * r.ids.slice(0, 100); // query 0's top 100 doc ids
 */
export async function searchFiles(
  queries: VectorSet,
  files: readonly string[],
  opts: StreamSearchOptions,
): Promise<StreamSearchResult> {
  const { k } = opts;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const blockBytes = opts.blockBytes ?? 256 * 2 ** 20;
  const nq = rowCount(queries);
  const run = new RunningTopK(nq, k);
  let candidates = 0;
  let blocks = 0;
  let pending: EmbeddingBatch[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const block = concat(pending);
    pending = [];
    pendingBytes = 0;
    if (block.dim !== queries.dim) {
      throw new RangeError(`candidate dim ${block.dim} differs from query dim ${queries.dim}`);
    }
    const r = await searchExact(queries, block, {
      k,
      tieKeys: idTieKeys(block.ids),
      ...(opts.engine ? { engine: opts.engine } : {}),
    });
    run.merge(r, block.ids, candidates);
    candidates += block.ids.length;
    blocks++;
    opts.progress?.tick(block.ids.length);
  };
  for (const file of files) {
    for await (const b of readEmbeddingBatches(file)) {
      if (b.ids.length === 0) continue;
      const bytes = b.vectors.byteLength;
      if (pending.length > 0 && pendingBytes + bytes > blockBytes) await flush();
      pending.push(b);
      pendingBytes += bytes;
    }
  }
  await flush();
  return { ...run.result(), engine: opts.engine === 'js' ? 'js' : 'tfjs', candidates, blocks };
}

/**
 * Every query's best k so far as sorted lists (score desc, id asc), merged with each block's sorted
 * top k: O(k) per query and block.
 */
class RunningTopK {
  private scores: Float32Array;
  private rows: Int32Array;
  private ids: string[];
  private size = 0;

  constructor(
    readonly nq: number,
    readonly k: number,
  ) {
    this.scores = new Float32Array(0);
    this.rows = new Int32Array(0);
    this.ids = [];
  }

  /** Merge a block's result (`rows` local to the block, whose first row is global row `offset`). */
  merge(r: SearchResult, blockIds: readonly string[], offset: number): void {
    const { nq } = this;
    const k = Math.min(this.k, this.size + r.k);
    const scores = new Float32Array(nq * k);
    const rows = new Int32Array(nq * k);
    const ids: string[] = new Array(nq * k);
    const a = this.size;
    const b = r.k;
    for (let q = 0; q < nq; q++) {
      let i = 0;
      let j = 0;
      for (let o = 0; o < k; o++) {
        let takeA: boolean;
        if (i >= a) takeA = false;
        else if (j >= b) takeA = true;
        else {
          const sa = this.scores[q * a + i]!;
          const sb = r.scores[q * b + j]!;
          takeA =
            sa > sb || (sa === sb && compareIds(this.ids[q * a + i]!, blockIds[r.rows[q * b + j]!]!) < 0);
        }
        const at = q * k + o;
        if (takeA) {
          scores[at] = this.scores[q * a + i]!;
          rows[at] = this.rows[q * a + i]!;
          ids[at] = this.ids[q * a + i]!;
          i++;
        } else {
          const local = r.rows[q * b + j]!;
          scores[at] = r.scores[q * b + j]!;
          rows[at] = offset + local;
          ids[at] = blockIds[local]!;
          j++;
        }
      }
    }
    this.scores = scores;
    this.rows = rows;
    this.ids = ids;
    this.size = k;
  }

  result(): { k: number; rows: Int32Array; scores: Float32Array; ids: string[] } {
    return { k: this.size, rows: this.rows, scores: this.scores, ids: this.ids };
  }
}

function concat(batches: EmbeddingBatch[]): { dim: number; vectors: Float32Array; ids: string[] } {
  const dim = batches[0]!.dim;
  if (batches.length === 1) return { dim, vectors: batches[0]!.vectors, ids: batches[0]!.ids };
  let n = 0;
  for (const b of batches) {
    if (b.dim !== dim) throw new RangeError(`record batches of dims ${dim} and ${b.dim}`);
    n += b.ids.length;
  }
  const vectors = new Float32Array(n * dim);
  const ids: string[] = [];
  let off = 0;
  for (const b of batches) {
    vectors.set(b.vectors, off);
    off += b.vectors.length;
    for (const id of b.ids) ids.push(id);
  }
  return { dim, vectors, ids };
}
