import { DataError, type ProgressBar } from '@hbt/core';
import { type EngineName, resolveEngine } from './engines.js';
import { type SearchResult, searchExact } from './search.js';
import { type Collection, type Setting, selectRows } from './setting.js';
import { type EmbeddingBatch, readEmbeddingBatches } from './shard-io.js';
import { compareIds, idTieKeys, rowCount, type VectorSet } from './vectors.js';

/** Queries for {@link searchFiles}: vectors, with languages / datasets when a filter or pools need them. */
export type FileQueries = VectorSet & Partial<Pick<Collection, 'langs' | 'datasets'>>;

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
  /**
   * The in-memory search's filters (`searchSetting`): `queryLangs` (needs `queries.langs`), `docLangs`
   * (the files' `lang` column), `datasets` (needs `docDatasets`, and `queries.datasets` for the queries).
   * Queries left out get no results (`counts` 0).
   */
  setting?: Setting;
  /**
   * Dataset of each doc id (the shard files hold `id`, `lang`, `embedding`; the dataset is in
   * `corpus.parquet`). With `queries.datasets` set, each query is searched only against the candidates of
   * its own dataset, as the index stage and `searchSetting` do; a file row whose id has no entry is an error.
   */
  docDatasets?: ReadonlyMap<string, string>;
}

/**
 * The top k of each query over every row of the files: rows are numbered across the files in order.
 * `rows` / `scores` / `ids` hold `k` slots per query (every query row, searched or not); query i's
 * results are its first `counts[i]` slots, the others hold row -1, score NaN and id `''`.
 */
export interface StreamSearchResult extends Omit<SearchResult, 'queryRows' | 'threads'> {
  /** Doc ids of `rows`. */
  ids: string[];
  /** Results per query: k, unless its pool (the filters, its dataset) holds fewer candidates. */
  counts: Int32Array;
  /** The query rows searched (all without filters), ascending. */
  queryRows: Int32Array;
  /** Searched queries whose dataset had no candidate (passing the filters) in the files. */
  unmatchedQueries: number;
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
 * // Cross-lingual de → en within each query's dataset (queries: a Collection with langs and datasets):
 * const docDatasets = new Map(corpus.ids.map((id, i) => [id, corpus.datasets[i]]));
 * const x = await searchFiles(queries, files, { k: 100, setting: { queryLangs: ['de'], docLangs: ['en'] }, docDatasets });
 * x.counts[0]; // results of query 0 (0 unless its language is de)
 */
export async function searchFiles(
  queries: FileQueries,
  files: readonly string[],
  opts: StreamSearchOptions,
): Promise<StreamSearchResult> {
  const { k } = opts;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const blockBytes = opts.blockBytes ?? 256 * 2 ** 20;
  const nq = rowCount(queries);
  const pools = queryPools(queries, opts);
  const run = new RunningTopK(nq, k);
  let candidates = 0;
  let blocks = 0;
  let pending: Array<EmbeddingBatch & { file: string }> = [];
  let pendingBytes = 0;
  const matched = new Set<string>();
  const flush = async () => {
    if (pending.length === 0) return;
    const block = concat(pending);
    pending = [];
    pendingBytes = 0;
    if (block.dim !== queries.dim) {
      throw new RangeError(`candidate dim ${block.dim} differs from query dim ${queries.dim}`);
    }
    const tieKeys = idTieKeys(block.ids);
    for (const [ds, cRows] of candidatePools(block, pools, opts)) {
      const qRows = pools.rows.get(ds);
      if (!qRows || cRows.length === 0) continue;
      matched.add(ds);
      const all = cRows.length === block.ids.length && qRows.length === nq;
      const r = await searchExact(queries, block, {
        k,
        tieKeys,
        ...(all ? {} : { queryRows: qRows, candidateRows: cRows }),
        ...(opts.engine ? { engine: opts.engine } : {}),
      });
      run.merge(r, block.ids, candidates);
    }
    candidates += block.ids.length;
    blocks++;
    opts.progress?.tick(block.ids.length);
  };
  for (const file of files) {
    for await (const b of readEmbeddingBatches(file)) {
      if (b.ids.length === 0) continue;
      const bytes = b.vectors.byteLength;
      if (pending.length > 0 && pendingBytes + bytes > blockBytes) await flush();
      pending.push({ ...b, file });
      pendingBytes += bytes;
    }
  }
  await flush();
  let searched = 0;
  let unmatchedQueries = 0;
  for (const [ds, rows] of pools.rows) {
    searched += rows.length;
    if (!matched.has(ds)) unmatchedQueries += rows.length;
  }
  const queryRows = new Int32Array(searched);
  let at = 0;
  for (const rows of pools.rows.values()) {
    queryRows.set(rows, at);
    at += rows.length;
  }
  queryRows.sort();
  const engine = resolveEngine(opts.engine ?? 'auto');
  return { ...run.result(), engine, candidates, blocks, queryRows, unmatchedQueries };
}

/** Searched query rows per pool: per dataset when the queries carry datasets, else one pool. */
interface Pools {
  byDataset: boolean;
  rows: Map<string, Int32Array>;
}

/** The one pool's key without `queries.datasets`. */
const ONE_POOL = '';

function queryPools(queries: FileQueries, opts: StreamSearchOptions): Pools {
  const setting = opts.setting ?? {};
  const nq = rowCount(queries);
  for (const what of ['langs', 'datasets'] as const) {
    const v = queries[what];
    if (v !== undefined && v.length !== nq) {
      throw new RangeError(`queries.${what} has ${v.length} entries for ${nq} queries`);
    }
  }
  if (setting.queryLangs && !queries.langs)
    throw new RangeError('searchFiles: setting.queryLangs needs queries.langs');
  if (setting.datasets && !queries.datasets) {
    throw new RangeError('searchFiles: setting.datasets needs queries.datasets');
  }
  if (queries.datasets && !opts.docDatasets) {
    throw new RangeError(
      'searchFiles: per-dataset pools (queries.datasets) need docDatasets (doc id → dataset, from corpus.parquet)',
    );
  }
  const fill = (v: readonly string[] | undefined) => v ?? new Array<string>(nq).fill(ONE_POOL);
  const rows = selectRows(
    { langs: fill(queries.langs), datasets: fill(queries.datasets) },
    setting.queryLangs ?? null,
    setting.datasets ?? null,
  );
  return { byDataset: queries.datasets !== undefined, rows };
}

/** The block's candidate rows per pool, after the setting's `docLangs` / `datasets` filters. */
function candidatePools(block: Block, pools: Pools, opts: StreamSearchOptions): Map<string, Int32Array> {
  const setting = opts.setting ?? {};
  const n = block.ids.length;
  if (!pools.byDataset && !setting.docLangs) {
    return new Map([[ONE_POOL, Int32Array.from({ length: n }, (_, i) => i)]]);
  }
  const datasets = new Array<string>(n).fill(ONE_POOL);
  if (pools.byDataset) {
    for (let i = 0; i < n; i++) {
      const ds = opts.docDatasets!.get(block.ids[i]!);
      if (ds === undefined) {
        const [file, row] = block.where(i);
        throw new DataError(`doc id '${block.ids[i]}' has no dataset in docDatasets`, {
          file,
          location: `row ${row}`,
          hint: 'pass the dataset of every doc id in the files (from the corpus.parquet they were encoded from)',
        });
      }
      datasets[i] = ds;
    }
  }
  return selectRows({ langs: block.langs, datasets }, setting.docLangs ?? null, setting.datasets ?? null);
}

/**
 * Every query's best k so far as sorted lists (score desc, id asc), merged with each block's sorted
 * top k: O(k) per query and block. Queries may have fewer than k (small or filtered pools).
 */
class RunningTopK {
  readonly scores: Float32Array;
  readonly rows: Int32Array;
  readonly ids: string[];
  readonly counts: Int32Array;
  private readonly tmp: { scores: Float32Array; rows: Int32Array; ids: string[] };

  constructor(
    readonly nq: number,
    readonly k: number,
  ) {
    this.scores = new Float32Array(nq * k).fill(Number.NaN);
    this.rows = new Int32Array(nq * k).fill(-1);
    this.ids = new Array<string>(nq * k).fill('');
    this.counts = new Int32Array(nq);
    this.tmp = { scores: new Float32Array(k), rows: new Int32Array(k), ids: new Array<string>(k) };
  }

  /** Merge a block's result (`rows` local to the block, whose first row is global row `offset`). */
  merge(r: SearchResult, blockIds: readonly string[], offset: number): void {
    const { k, tmp } = this;
    const b = r.k;
    for (let x = 0; x < r.queryRows.length; x++) {
      const q = r.queryRows[x]!;
      const base = q * k;
      const a = this.counts[q]!;
      const n = Math.min(k, a + b);
      let i = 0;
      let j = 0;
      for (let o = 0; o < n; o++) {
        let takeA: boolean;
        if (i >= a) takeA = false;
        else if (j >= b) takeA = true;
        else {
          const sa = this.scores[base + i]!;
          const sb = r.scores[x * b + j]!;
          takeA =
            sa > sb || (sa === sb && compareIds(this.ids[base + i]!, blockIds[r.rows[x * b + j]!]!) < 0);
        }
        if (takeA) {
          tmp.scores[o] = this.scores[base + i]!;
          tmp.rows[o] = this.rows[base + i]!;
          tmp.ids[o] = this.ids[base + i]!;
          i++;
        } else {
          const local = r.rows[x * b + j]!;
          tmp.scores[o] = r.scores[x * b + j]!;
          tmp.rows[o] = offset + local;
          tmp.ids[o] = blockIds[local]!;
          j++;
        }
      }
      this.scores.set(tmp.scores.subarray(0, n), base);
      this.rows.set(tmp.rows.subarray(0, n), base);
      for (let o = 0; o < n; o++) this.ids[base + o] = tmp.ids[o]!;
      this.counts[q] = n;
    }
  }

  /** The results with `k` = the most any query got (min(k, candidates) without filters). */
  result(): { k: number; rows: Int32Array; scores: Float32Array; ids: string[]; counts: Int32Array } {
    const { nq, k, counts } = this;
    const kk = counts.reduce((m, c) => Math.max(m, c), 0);
    if (kk === k) return { k, rows: this.rows, scores: this.scores, ids: this.ids, counts };
    const rows = new Int32Array(nq * kk);
    const scores = new Float32Array(nq * kk);
    const ids = new Array<string>(nq * kk);
    for (let q = 0; q < nq; q++) {
      rows.set(this.rows.subarray(q * k, q * k + kk), q * kk);
      scores.set(this.scores.subarray(q * k, q * k + kk), q * kk);
      for (let o = 0; o < kk; o++) ids[q * kk + o] = this.ids[q * k + o]!;
    }
    return { k: kk, rows, scores, ids, counts };
  }
}

/** Record batches gathered into one block; `where(i)` = the file and file row of block row i. */
interface Block {
  dim: number;
  vectors: Float32Array;
  ids: string[];
  langs: string[];
  where(i: number): [string, number];
}

function concat(batches: Array<EmbeddingBatch & { file: string }>): Block {
  const dim = batches[0]!.dim;
  const where = (i: number): [string, number] => {
    for (const b of batches) {
      if (i < b.ids.length) return [b.file, b.start + i];
      i -= b.ids.length;
    }
    throw new RangeError(`row ${i} is outside the block`);
  };
  if (batches.length === 1) {
    const b = batches[0]!;
    return { dim, vectors: b.vectors, ids: b.ids, langs: b.langs, where };
  }
  let n = 0;
  for (const b of batches) {
    if (b.dim !== dim) throw new RangeError(`record batches of dims ${dim} and ${b.dim}`);
    n += b.ids.length;
  }
  const vectors = new Float32Array(n * dim);
  const ids: string[] = [];
  const langs: string[] = [];
  let off = 0;
  for (const b of batches) {
    vectors.set(b.vectors, off);
    off += b.vectors.length;
    for (const id of b.ids) ids.push(id);
    for (const l of b.langs) langs.push(l);
  }
  return { dim, vectors, ids, langs, where };
}
