import { connect, type Table as LanceTable } from '@lancedb/lancedb';
import { buildIndex, type LanceSearchInfo, type LanceSearchOptions, vectorTable } from './ann-lancedb.js';
import type { SearchResult } from './search.js';
import { readEmbeddingBatches } from './shard-io.js';
import { rowCount, type VectorSet } from './vectors.js';

/**
 * Approximate top-k through LanceDB over embeddings files (the shards of a corpus), without holding the
 * corpus in memory: the files are appended to a LanceDB table in `dir` one record batch at a time (`row`
 * = row number across the files in order, `vector`), the index is trained on the table, and each query's
 * k proposals come back with their vectors, which are rescored exactly (float64 inner product rounded to
 * float32) and ordered score desc, row asc. `dir` may be a local folder or any URI LanceDB's `connect`
 * takes (e.g. `s3://bucket/path`). LanceDB's k-means is not seedable: results can vary between builds.
 *
 * @example
 * const { result } = await lanceSearchFiles('/tmp/lance', queries, shardFiles, { k: 100, index: 'ivf_hnsw_sq' });
 * recallAtK(result, exact, 10).mean;
 */
export async function lanceSearchFiles(
  dir: string,
  queries: VectorSet,
  files: readonly string[],
  opts: Omit<LanceSearchOptions, 'candidateRows' | 'tieKeys' | 'queryRows'>,
): Promise<{ result: SearchResult; info: LanceSearchInfo }> {
  const t0 = performance.now();
  const db = await connect(dir);
  let table: LanceTable | null = null;
  let n = 0;
  try {
    for (const file of files) {
      for await (const b of readEmbeddingBatches(file)) {
        if (b.ids.length === 0) continue;
        if (b.dim !== queries.dim) {
          throw new RangeError(`${file}: candidate dim ${b.dim} differs from query dim ${queries.dim}`);
        }
        const t = vectorTable(
          Int32Array.from({ length: b.ids.length }, (_, i) => n + i),
          b.dim,
          b.vectors,
        );
        if (table === null) table = await db.createTable('candidates', t);
        else await table.add(t);
        n += b.ids.length;
      }
    }
    if (table === null) throw new RangeError('lanceSearchFiles: the files hold no rows');
    const info = await buildIndex(table, n, queries.dim, opts);
    info.buildSeconds = (performance.now() - t0) / 1000;
    const nq = rowCount(queries);
    const k = Math.min(opts.k, n);
    const rows = new Int32Array(nq * k).fill(-1);
    const scores = new Float32Array(nq * k).fill(Number.NaN);
    const batch = opts.batchSize ?? 256;
    for (let s = 0; s < nq; s += batch) {
      const e = Math.min(nq, s + batch);
      await queryBatch(table, queries, s, e, k, info.index, opts, rows, scores);
      opts.progress?.tick(e - s);
    }
    return { result: { k, queryRows: range(nq), rows, scores, engine: 'lancedb' }, info };
  } finally {
    table?.close();
    db.close();
  }
}

/** Query rows [s, e): LanceDB's proposals, rescored exactly, written sorted into rows / scores. */
async function queryBatch(
  table: LanceTable,
  queries: VectorSet,
  s: number,
  e: number,
  k: number,
  kind: string,
  opts: Pick<LanceSearchOptions, 'nprobes' | 'refineFactor'>,
  rows: Int32Array,
  scores: Float32Array,
): Promise<void> {
  const dim = queries.dim;
  const qv = queries.vectors;
  const vec = (r: number) => qv.slice(r * dim, (r + 1) * dim);
  let q = table.vectorSearch(vec(s));
  for (let i = s + 1; i < e; i++) q = q.addQueryVector(vec(i));
  q = q.distanceType('dot').limit(k).select(['row', 'vector']);
  if (kind !== 'flat') {
    q = q.nprobes(opts.nprobes ?? 20);
    if (kind !== 'ivf_flat' && opts.refineFactor) q = q.refineFactor(opts.refineFactor);
  }
  const res = await q.toArrow();
  const found: Array<Array<{ row: number; score: number }>> = Array.from({ length: e - s }, () => []);
  const rowCol = res.getChild('row')!.toArray() as Int32Array;
  const qi = e - s > 1 ? (res.getChild('query_index')!.toArray() as Int32Array) : null;
  const vecs = res.getChild('vector')!;
  for (let i = 0; i < res.numRows; i++) {
    const local = qi ? qi[i]! : 0;
    const v = vecs.get(i)!.toArray() as Float32Array;
    let sum = 0;
    const qo = (s + local) * dim;
    for (let d = 0; d < dim; d++) sum += qv[qo + d]! * v[d]!;
    found[local]!.push({ row: rowCol[i]!, score: Math.fround(sum) });
  }
  found.forEach((list, local) => {
    list.sort((a, b) => b.score - a.score || a.row - b.row);
    const at = (s + local) * k;
    list.slice(0, k).forEach((x, j) => {
      rows[at + j] = x.row;
      scores[at + j] = x.score;
    });
  });
}

function range(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}
