import type { ProgressBar } from '@hbt/core';
import { connect, Index, type Table as LanceTable } from '@lancedb/lancedb';
import {
  Field,
  FixedSizeList,
  Float32,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
} from 'apache-arrow';
import type { SearchResult } from './search.js';
import { rowCount, type VectorSet } from './vectors.js';

/** LanceDB index kinds (`config.index.lancedb.index`), plus `flat` = no index (brute force in LanceDB). */
export type LanceIndexKind = 'ivf_pq' | 'ivf_hnsw_sq' | 'ivf_flat' | 'flat';

export interface LanceSearchOptions {
  k: number;
  /** Query rows to search (default all). */
  queryRows?: ArrayLike<number>;
  /** Candidate rows to index (default all). */
  candidateRows?: ArrayLike<number>;
  /** Tie keys per candidate row (full matrix), lower first on equal scores; default the row number. */
  tieKeys?: ArrayLike<number>;
  index: LanceIndexKind;
  /** IVF partitions; null → round(sqrt(rows)). */
  partitions?: number | null;
  /** PQ sub-vectors; null → LanceDB's default (dim / 16, or dim / 8). */
  subVectors?: number | null;
  nprobes?: number;
  /** Re-rank refineFactor × k with full vectors (ivf_pq, ivf_hnsw_sq); null = off. */
  refineFactor?: number | null;
  /** Fewer candidate rows than this → no index is trained (flat search). Default 0. */
  minRows?: number;
  /** Queries per LanceDB call. Default 256. */
  batchSize?: number;
  progress?: ProgressBar;
}

export interface LanceSearchInfo {
  /** What was used: the index kind, or `flat` when none was trained. */
  index: LanceIndexKind;
  rows: number;
  partitions: number | null;
  /** Seconds to build the table and train the index (for logs, not manifests). */
  buildSeconds: number;
}

/**
 * Approximate top-k with a LanceDB table in `dir` (a fresh folder): one row per candidate (`row`,
 * `vector`), an IVF-PQ / IVF-HNSW-SQ / IVF-flat index on `vector` with the dot distance, then batched
 * vector queries. LanceDB only proposes the candidates: their scores are recomputed exactly here (the
 * same float32 inner products as exact search, up to accumulation order) and ordered score desc, tie
 * key asc, so ANN and exact runs are directly comparable. A query with fewer than k results gets rows
 * of -1. LanceDB's k-means is not seedable, so an indexed run may differ between builds.
 *
 * @example
 * const { result } = await lanceSearch('/tmp/ann', queries, corpus, { k: 100, index: 'ivf_pq', nprobes: 20 });
 */
export async function lanceSearch(
  dir: string,
  queries: VectorSet,
  corpus: VectorSet,
  opts: LanceSearchOptions,
): Promise<{ result: SearchResult; info: LanceSearchInfo }> {
  const dim = corpus.dim;
  if (queries.dim !== dim) throw new RangeError(`query dim ${queries.dim} differs from candidate dim ${dim}`);
  const cRows = Int32Array.from(opts.candidateRows ?? range(rowCount(corpus)));
  const qRows = Int32Array.from(opts.queryRows ?? range(rowCount(queries)));
  const k = Math.min(opts.k, cRows.length);
  const t0 = performance.now();
  const db = await connect(dir);
  const table = await db.createTable('candidates', candidateTable(corpus, cRows));
  const info = await buildIndex(table, cRows.length, dim, opts);
  info.buildSeconds = (performance.now() - t0) / 1000;
  const nq = qRows.length;
  const rows = new Int32Array(nq * k).fill(-1);
  const scores = new Float32Array(nq * k).fill(Number.NaN);
  const tie = opts.tieKeys;
  const batch = opts.batchSize ?? 256;
  try {
    for (let s = 0; s < nq && k > 0; s += batch) {
      const e = Math.min(nq, s + batch);
      const found = await queryBatch(table, queries, qRows.subarray(s, e), k, info.index, opts);
      for (let i = s; i < e; i++) {
        const cand = found[i - s]!;
        const qo = qRows[i]! * dim;
        const scored = cand.map((row) => ({
          row,
          score: dot(queries.vectors, qo, corpus.vectors, row * dim, dim),
        }));
        scored.sort((a, b) => b.score - a.score || (tie ? tie[a.row]! - tie[b.row]! : 0) || a.row - b.row);
        scored.slice(0, k).forEach((x, j) => {
          rows[i * k + j] = x.row;
          scores[i * k + j] = x.score;
        });
      }
      opts.progress?.tick(e - s);
    }
  } finally {
    table.close();
    db.close();
  }
  return { result: { k, queryRows: qRows, rows, scores, engine: 'lancedb' }, info };
}

/** Train the index `opts.index` on `table`'s `vector` column (none for `flat` or fewer than `minRows` rows). */
export async function buildIndex(
  table: LanceTable,
  n: number,
  dim: number,
  opts: LanceSearchOptions,
): Promise<LanceSearchInfo> {
  if (opts.index === 'flat' || n < (opts.minRows ?? 0)) {
    return { index: 'flat', rows: n, partitions: null, buildSeconds: 0 };
  }
  if (opts.index === 'ivf_pq' && opts.subVectors && dim % opts.subVectors !== 0) {
    throw new RangeError(`sub_vectors ${opts.subVectors} does not divide the dimension ${dim}`);
  }
  const partitions = opts.partitions ?? Math.max(1, Math.round(Math.sqrt(n)));
  const common = { distanceType: 'dot' as const, numPartitions: partitions };
  let config: Index;
  if (opts.index === 'ivf_pq') {
    config = Index.ivfPq({ ...common, ...(opts.subVectors ? { numSubVectors: opts.subVectors } : {}) });
  } else if (opts.index === 'ivf_hnsw_sq') {
    config = Index.hnswSq(common);
  } else {
    config = Index.ivfFlat(common);
  }
  await table.createIndex('vector', { config });
  return { index: opts.index, rows: n, partitions, buildSeconds: 0 };
}

/** Candidate rows found for each query of the batch (LanceDB's order is arbitrary; we re-sort). */
async function queryBatch(
  table: LanceTable,
  queries: VectorSet,
  qRows: Int32Array,
  k: number,
  kind: LanceIndexKind,
  opts: LanceSearchOptions,
): Promise<number[][]> {
  const dim = queries.dim;
  const vec = (r: number) => queries.vectors.slice(r * dim, (r + 1) * dim);
  let q = table.vectorSearch(vec(qRows[0]!));
  for (let i = 1; i < qRows.length; i++) q = q.addQueryVector(vec(qRows[i]!));
  q = q.distanceType('dot').limit(k).select(['row', '_distance']);
  if (kind !== 'flat') {
    q = q.nprobes(opts.nprobes ?? 20);
    if (kind !== 'ivf_flat' && opts.refineFactor) q = q.refineFactor(opts.refineFactor);
  }
  const res = await q.toArrow();
  const out: number[][] = Array.from({ length: qRows.length }, () => []);
  const rowCol = res.getChild('row')!.toArray() as Int32Array;
  const qi = qRows.length > 1 ? (res.getChild('query_index')!.toArray() as Int32Array) : null;
  for (let i = 0; i < res.numRows; i++) out[qi ? qi[i]! : 0]!.push(rowCol[i]!);
  return out;
}

/** An Arrow table `row: Int32, vector: FixedSizeList<Float32, dim>` of the given candidate rows. */
function candidateTable(corpus: VectorSet, rows: Int32Array): Table {
  const dim = corpus.dim;
  const n = rows.length;
  const values = new Float32Array(n * dim);
  for (let i = 0; i < n; i++)
    values.set(corpus.vectors.subarray(rows[i]! * dim, (rows[i]! + 1) * dim), i * dim);
  return vectorTable(rows, dim, values);
}

/** The Arrow table LanceDB indexes: `row: Int32` (the row numbers given), `vector: FixedSizeList<Float32, dim>`. */
export function vectorTable(rows: Int32Array, dim: number, values: Float32Array): Table {
  const n = rows.length;
  const listType = new FixedSizeList(dim, new Field('item', new Float32(), true));
  const schema = new Schema([new Field('row', new Int32(), false), new Field('vector', listType, false)]);
  const rowData = makeData({ type: new Int32(), length: n, data: rows });
  const vecData = makeData({
    type: listType,
    length: n,
    nullCount: 0,
    child: makeData({ type: new Float32(), length: n * dim, data: values }),
  });
  const struct = makeData({
    type: new Struct(schema.fields),
    length: n,
    nullCount: 0,
    children: [rowData, vecData],
  });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

/** Inner product in float64, rounded to float32 like the exact engines' scores. */
function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s += a[ao + d]! * b[bo + d]!;
  return Math.fround(s);
}

function range(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}
